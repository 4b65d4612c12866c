import { and, desc, type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';

export interface PageQuery {
  /** Rows strictly older than this (createdAt, id): the last row of the previous page. */
  after?: { createdAt: Date; id: string } | undefined;
  /** Page size; repositories fetch limit + 1 rows to know whether another page exists. */
  limit: number;
}

/** Keyset condition and order for newest-first lists on (created_at, id); uses the (created_at, id) indexes. */
export function keyset(columns: { createdAt: PgColumn; id: PgColumn }, page: PageQuery) {
  const where = page.after
    ? sql`(${columns.createdAt}, ${columns.id}) < (${page.after.createdAt.toISOString()}::timestamptz, ${page.after.id}::uuid)`
    : undefined;
  return { where, orderBy: [desc(columns.createdAt), desc(columns.id)], limit: page.limit + 1 };
}

/** `and` that ignores the undefined filters a list was not given. */
export function allOf(...conditions: (SQL | undefined)[]): SQL | undefined {
  return and(...conditions.filter((c): c is SQL => c !== undefined));
}
