import { customerOrderStats, type Database, findCustomerById } from '@sokoni/db';
import { notFound } from '../../lib/errors.ts';
import { everyStatus } from '../../schemas/status-counts.ts';
import type { Actor } from '../auth/actor.ts';

export function createCustomerStatsService({ db }: { db: Database }) {
  return {
    /** As the customer itself: a customer's own token sees its own, and 404 for any other. */
    async getCustomerStats(actor: Actor, customerId: string) {
      const customer = await findCustomerById(db, customerId);
      if (!customer || (actor.customerId !== null && actor.customerId !== customer.id)) {
        throw notFound('customer', customerId);
      }
      const stats = await customerOrderStats(db, customerId);
      return { customerId, ...stats, byStatus: everyStatus(stats.byStatus) };
    },
  };
}

export type CustomerStatsService = ReturnType<typeof createCustomerStatsService>;
