import { eq, ilike, or, sql } from 'drizzle-orm';
import type { Executor } from '../client.ts';
import { type CustomerRow, customers, type NewCustomerRow } from '../schema/customers.ts';
import { orders } from '../schema/orders.ts';
import { allOf, keyset, type PageQuery } from './pagination.ts';
import { likeContains } from './search-patterns.ts';

export async function insertCustomer(db: Executor, values: NewCustomerRow): Promise<CustomerRow> {
  const [row] = await db.insert(customers).values(values).returning();
  if (!row) {
    throw new Error('insert returned no row');
  }
  return row;
}

/**
 * Inserts a customer, or nothing (undefined) when its code is taken. For generated codes: the
 * failed insert still moved the sequence on, so trying again yields a fresh code, and no error
 * aborts the caller's transaction. Any other conflict still throws.
 */
export async function insertCustomerUnlessCodeTaken(
  db: Executor,
  values: NewCustomerRow,
): Promise<CustomerRow | undefined> {
  const [row] = await db
    .insert(customers)
    .values(values)
    .onConflictDoNothing({ target: customers.code })
    .returning();
  return row;
}

export async function findCustomerById(db: Executor, id: string): Promise<CustomerRow | undefined> {
  const [row] = await db.select().from(customers).where(eq(customers.id, id));
  return row;
}

export async function findCustomerBySubject(db: Executor, subject: string): Promise<CustomerRow | undefined> {
  const [row] = await db.select().from(customers).where(eq(customers.subject, subject));
  return row;
}

export async function listCustomers(
  db: Executor,
  query: PageQuery & {
    q?: string | undefined;
    /** `q` as an E.164 number, when it reads as one: matched against the stored phone too. */
    phone?: string | undefined;
  },
): Promise<CustomerRow[]> {
  const page = keyset(customers, query);
  const search = query.q
    ? or(
        ilike(customers.name, likeContains(query.q)),
        ilike(customers.code, likeContains(query.q)),
        ilike(customers.phone, likeContains(query.q)),
        ilike(customers.email, likeContains(query.q)),
        query.phone ? eq(customers.phone, query.phone) : undefined,
      )
    : undefined;
  return db
    .select()
    .from(customers)
    .where(allOf(page.where, search))
    .orderBy(...page.orderBy)
    .limit(page.limit);
}

export async function updateCustomer(
  db: Executor,
  id: string,
  patch: Partial<Pick<NewCustomerRow, 'name' | 'phone' | 'email' | 'locale' | 'subject' | 'code'>>,
): Promise<CustomerRow | undefined> {
  const [row] = await db
    .update(customers)
    .set({ ...patch, updatedAt: sql`now()` })
    .where(eq(customers.id, id))
    .returning();
  return row;
}

export async function deleteCustomer(db: Executor, id: string): Promise<boolean> {
  const rows = await db.delete(customers).where(eq(customers.id, id)).returning({ id: customers.id });
  return rows.length > 0;
}

export async function customerHasOrders(db: Executor, id: string): Promise<boolean> {
  const [row] = await db.select({ id: orders.id }).from(orders).where(eq(orders.customerId, id)).limit(1);
  return row !== undefined;
}
