import { Writable } from 'node:stream';
import { createDb, insertCustomer } from '@sokoni/db';
import { onFileFinished, useTestEnvironment } from '@sokoni/testing';
import pino from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { logOptions, serializeError } from '../../src/index.ts';

const customer = { name: 'Refused Customer', phone: '+254711223344', email: 'refused@example.com' };

let failedInsert: Error;

beforeAll(async () => {
  const env = await useTestEnvironment();
  const database = createDb({ url: env.databaseUrl, max: 1 });
  onFileFinished(() => database.close());
  // A rule the API does not check: the insert fails in PostgreSQL, as an unforeseen constraint would.
  await database.pool.query(
    "ALTER TABLE customers ADD CONSTRAINT customers_not_refused CHECK (name <> 'Refused Customer')",
  );
  failedInsert = await insertCustomer(database.db, customer).then(
    () => {
      throw new Error('the insert was expected to fail');
    },
    (error: Error) => error,
  );
});

/** What a logger with `options` writes for `{ err }`, as text. */
function logLine(options: pino.LoggerOptions, err: unknown): string {
  let line = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      line += String(chunk);
      done();
    },
  });
  pino(options, stream).error({ err }, 'request failed');
  return line;
}

describe('serializeError', () => {
  it("drops a failed query's bound parameters, which pino's own serializer logs", () => {
    // The failure this guards against: Drizzle's error message lists every bound value.
    const unguarded = logLine({}, failedInsert);
    expect(unguarded).toContain(customer.phone);

    const line = logLine(logOptions, failedInsert);
    for (const value of Object.values(customer)) {
      expect(line).not.toContain(value);
    }
    expect(line).not.toContain('params');
  });

  it("keeps the SQL text and the database cause's code, message and constraint", () => {
    const serialized = serializeError(failedInsert) as Record<string, unknown>;
    expect(serialized.message).toMatch(/^Failed query: insert into "customers"/);
    expect(serialized.message).toContain('violates check constraint "customers_not_refused"');
    expect(serialized.stack).toContain('Failed query: insert into "customers"');
    expect(serialized.query).toMatch(/^insert into "customers"/);
    expect(serialized.cause).toEqual({
      type: 'DatabaseError',
      message: expect.stringContaining('violates check constraint'),
      code: '23514',
      constraint: 'customers_not_refused',
    });
  });

  it('drops the row a PostgreSQL error quotes in its detail', () => {
    const cause = failedInsert.cause as { detail?: string };
    expect(cause.detail).toContain(customer.phone);
    const line = logLine(logOptions, cause);
    expect(line).toContain('23514');
    expect(line).not.toContain(customer.phone);
  });

  it('cuts the parameters from a failed query logged as a string', () => {
    expect(serializeError(failedInsert.message)).toMatch(/^Failed query: insert into "customers"[^\n]*$/);
  });

  it('passes other errors and values through as pino would', () => {
    expect(serializeError(new Error('boom'))).toMatchObject({ type: 'Error', message: 'boom' });
    expect(serializeError({ reason: 'not an error' })).toEqual({ reason: 'not an error' });
  });
});

describe('logOptions', () => {
  it('redacts credentials in logged headers', () => {
    let written = '';
    const stream = new Writable({
      write(chunk, _encoding, done) {
        written += String(chunk);
        done();
      },
    });
    pino(logOptions, stream).info(
      { req: { headers: { authorization: 'Bearer abc.def.ghi', cookie: 'session=xyz', apikey: 'k3y' } } },
      'request',
    );
    expect(written).not.toMatch(/abc\.def\.ghi|session=xyz|k3y/);
    expect(written).toContain('[redacted]');
  });
});
