export * from './job-options.ts';
export * from './jobs.ts';
export * from './queues.ts';
export * from './scopes.ts';
export * from './sms-producer.ts';
export * from './staff-order-email.ts';
