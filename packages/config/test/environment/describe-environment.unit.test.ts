import { Type } from 'typebox';
import { describe, expect, it } from 'vitest';
import { describeEnvironment } from '../../src/index.ts';

const schema = Type.Object({
  DATABASE_URL: Type.String({ description: 'PostgreSQL URL' }),
  PORT: Type.Integer({ default: 3000, description: 'port to listen on' }),
  FEATURE_ON: Type.Boolean({ default: false, description: 'turns the feature on' }),
  ISSUER: Type.Optional(Type.String({ description: 'who signs the tokens' })),
  SENDER: Type.Optional(Type.String({ description: 'sender id' })),
});

describe('describeEnvironment', () => {
  it('lists every variable with its default as the environment spells it, and whether it must be set', () => {
    expect(describeEnvironment(schema, { ISSUER: 'http://localhost:3001' })).toEqual([
      { name: 'DATABASE_URL', description: 'PostgreSQL URL', required: true },
      { name: 'PORT', description: 'port to listen on', default: '3000', required: false },
      { name: 'FEATURE_ON', description: 'turns the feature on', default: 'false', required: false },
      {
        name: 'ISSUER',
        description: 'who signs the tokens',
        default: 'http://localhost:3001',
        required: false,
      },
      { name: 'SENDER', description: 'sender id', required: false },
    ]);
  });
});
