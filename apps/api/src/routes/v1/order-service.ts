import type { FastifyInstance } from 'fastify';
import { createOrderService, type OrderService } from '../../features/orders/orders.service.ts';
import { staffAddressesOf, staffOrderUrlTemplate } from '../../staff-email-config.ts';

// One service per database handle: the orders and the customers routes share it, and with it the
// customers and order numbers it keeps in memory.
const services = new WeakMap<FastifyInstance['db'], OrderService>();

/** The order service wired from the app's config, db and SMS dispatcher (orders and customers routes use it). */
export function orderServiceFor(fastify: FastifyInstance): OrderService {
  const { config } = fastify;
  let service = services.get(fastify.db);
  if (!service) {
    service = createOrderService({
      db: fastify.db,
      sms: fastify.smsDispatcher,
      metrics: fastify.metrics,
      defaultCurrency: config.DEFAULT_CURRENCY,
      notificationOptions: {
        shopName: config.SHOP_NAME,
        defaultLocale: config.DEFAULT_LOCALE,
        staffEmail: {
          addresses: staffAddressesOf(config.STAFF_EMAILS),
          locale: config.STAFF_EMAIL_LOCALE,
          shopName: config.SHOP_NAME,
          orderUrlTemplate: staffOrderUrlTemplate(config),
        },
      },
    });
    services.set(fastify.db, service);
  }
  return service;
}
