export { createTemplateDatabase, createTestDatabase, TEMPLATE_DATABASE } from './databases.ts';
export { useTestEnvironment } from './fixtures.ts';
