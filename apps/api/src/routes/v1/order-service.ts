import type { FastifyInstance } from 'fastify';
import { createOrderService, type OrderService } from '../../features/orders/orders.service.ts';

/** The order service wired from the app's config, db and SMS dispatcher (orders and customers routes use it). */
export function orderServiceFor(fastify: FastifyInstance): OrderService {
  const { config } = fastify;
  return createOrderService({
    db: fastify.db,
    sms: fastify.smsDispatcher,
    defaultCurrency: config.DEFAULT_CURRENCY,
    notificationOptions: { shopName: config.SHOP_NAME, defaultLocale: config.DEFAULT_LOCALE },
  });
}
