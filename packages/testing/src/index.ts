export { createTemplateDatabase, createTestDatabase, type TestDatabase } from './databases.ts';
export { useTestEnvironment } from './fixtures.ts';
