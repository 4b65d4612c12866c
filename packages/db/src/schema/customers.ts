import { sql } from 'drizzle-orm';
import { index, pgSequence, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { id, timestamps } from './columns.ts';

export const customerCodeSequence = pgSequence('customer_code_seq');

/** Languages Sokoni writes SMS texts in: English and Swahili. */
export const locales = ['en', 'sw'] as const;
export type Locale = (typeof locales)[number];

export const customers = pgTable(
  'customers',
  {
    id: id(),
    /** Human-readable and unique, e.g. CUST-000042; generated from a sequence when the client omits it. */
    code: text('code').notNull().default(sql`sequence_code('CUST-', nextval('customer_code_seq'))`),
    name: text('name').notNull(),
    /** E.164, normalised by the API with libphonenumber-js. */
    phone: text('phone').notNull(),
    email: text('email'),
    /** Language of the SMS texts sent to this customer: one of `locales`. */
    locale: text('locale').$type<Locale>().notNull().default('en'),
    /** The OIDC `sub` of the customer's own login; links a customer token to this row. */
    subject: text('subject'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('customers_code_key').on(t.code),
    uniqueIndex('customers_subject_key').on(t.subject),
    index('customers_created_at_id_idx').on(t.createdAt, t.id),
    index('customers_phone_idx').on(t.phone),
    // Trigram indexes (extension pg_trgm, migration 0001) serve the case-insensitive substring search.
    index('customers_name_trgm_idx').using('gin', t.name.op('gin_trgm_ops')),
    index('customers_code_trgm_idx').using('gin', t.code.op('gin_trgm_ops')),
    index('customers_phone_trgm_idx').using('gin', t.phone.op('gin_trgm_ops')),
    index('customers_email_trgm_idx').using('gin', t.email.op('gin_trgm_ops')),
  ],
);

export type CustomerRow = typeof customers.$inferSelect;
export type NewCustomerRow = typeof customers.$inferInsert;
