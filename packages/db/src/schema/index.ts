export * from './customers.ts';
export * from './delivery-reports.ts';
export * from './idempotency-keys.ts';
export * from './notification-attempts.ts';
export * from './notifications.ts';
export * from './order-events.ts';
export * from './orders.ts';
