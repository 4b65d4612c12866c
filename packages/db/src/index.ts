export { createDb, type Database, type DbHandle, type Executor, type Transaction } from './client.ts';
export * from './repositories/customers.repository.ts';
export * from './repositories/idempotency.repository.ts';
export * from './repositories/notification-delivery.repository.ts';
export * from './repositories/notifications.repository.ts';
export * from './repositories/orders.repository.ts';
export type { PageQuery } from './repositories/pagination.ts';
export * from './schema/index.ts';
