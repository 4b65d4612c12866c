import {
  type CustomerRow,
  customerHasOrders,
  type Database,
  deleteCustomer,
  findCustomerById,
  insertCustomer,
  insertCustomerUnlessCodeTaken,
  type Locale,
  listCustomers,
  updateCustomer,
} from '@sokoni/db';
import type { Static } from 'typebox';
import { decodeCursor, toPage } from '../../lib/cursor.ts';
import { AppError, notFound, pgErrorCode, unprocessable } from '../../lib/errors.ts';
import type { UnitOfWork } from '../../lib/unit-of-work.ts';
import type { Actor } from '../auth/actor.ts';
import type { CreateCustomerBody, ListCustomersQuery, UpdateCustomerBody } from './customers.schemas.ts';
import { normalisePhone } from './phone.ts';

/** Inserts tried when generated codes collide with codes clients chose; each takes the next sequence value. */
const GENERATED_CODE_ATTEMPTS = 20;

export interface CustomerServiceDeps {
  db: Database;
  defaultPhoneRegion: string;
  defaultLocale: Locale;
}

export function createCustomerService({ db, defaultPhoneRegion, defaultLocale }: CustomerServiceDeps) {
  function phoneOrThrow(input: string): string {
    const phone = normalisePhone(input, defaultPhoneRegion);
    if (!phone) {
      // The number is not echoed back: the problem's detail is also the API's log line, and the
      // client knows what it sent.
      throw unprocessable('/phone', `is not a valid phone number (region ${defaultPhoneRegion})`);
    }
    return phone;
  }

  /** A customer acting as itself may only see its own record; others get 404, not 403. */
  function visibleTo(actor: Actor, customer: CustomerRow | undefined, id: string): CustomerRow {
    if (!customer || (actor.customerId !== null && actor.customerId !== customer.id)) {
      throw notFound('customer', id);
    }
    return customer;
  }

  /**
   * A customer changes its own name, phone, e-mail and language; its code is the shop's
   * reference for it and its subject is its login, so only staff change those.
   */
  function refuseCustomerOnlyFields(patch: Static<typeof UpdateCustomerBody>): void {
    const fields = (['code', 'subject'] as const).filter((field) => patch[field] !== undefined);
    if (fields.length > 0) {
      throw new AppError('not-for-customers', `a customer cannot change its own ${fields.join(' or ')}`, {
        errors: fields.map((field) => ({ field: `/${field}`, message: 'is changed by staff only' })),
      });
    }
  }

  const codeTaken = () =>
    new AppError('conflict', 'a customer with this code already exists', {
      errors: [{ field: '/code', message: 'must be unique' }],
    });

  function rethrowConflicts(error: unknown): never {
    const { code, constraint } = pgErrorCode(error);
    if (code === '23505' && constraint === 'customers_code_key') {
      throw codeTaken();
    }
    if (code === '23505' && constraint === 'customers_subject_key') {
      throw new AppError('conflict', 'another customer is already linked to this subject', {
        errors: [{ field: '/subject', message: 'must be unique' }],
      });
    }
    throw error;
  }

  return {
    /** Inserts in the caller's transaction when given one (a single statement needs none of its own). */
    async createCustomer(
      _actor: Actor,
      input: Static<typeof CreateCustomerBody>,
      unit?: UnitOfWork,
    ): Promise<CustomerRow> {
      const executor = unit?.tx ?? db;
      const phone = phoneOrThrow(input.phone);
      const values = {
        name: input.name.trim(),
        phone,
        email: input.email ?? null,
        locale: input.locale ?? defaultLocale,
        subject: input.subject ?? null,
        ...(input.code ? { code: input.code } : {}),
      };
      if (input.code) {
        return insertCustomer(executor, values).catch(rethrowConflicts);
      }
      // A client may have chosen a code of the generated form (CUST-000042) that the sequence has
      // not reached yet. Each insert that finds its generated code taken moved the sequence on, so
      // trying again owes the caller a fresh code rather than a 409 about a field it never sent.
      for (let attempt = 1; attempt <= GENERATED_CODE_ATTEMPTS; attempt++) {
        const customer = await insertCustomerUnlessCodeTaken(executor, values).catch(rethrowConflicts);
        if (customer) {
          return customer;
        }
      }
      throw codeTaken();
    },

    async getCustomer(actor: Actor, id: string): Promise<CustomerRow> {
      return visibleTo(actor, await findCustomerById(db, id), id);
    },

    /** The customer the token acts as; 404 for a token linked to no customer (staff, machines). */
    async getOwnCustomer(actor: Actor): Promise<CustomerRow> {
      if (actor.customerId === null) {
        throw notFound('customer', 'me');
      }
      return visibleTo(actor, await findCustomerById(db, actor.customerId), 'me');
    },

    async listCustomers(actor: Actor, query: Static<typeof ListCustomersQuery>) {
      if (actor.customerId !== null) {
        const own = await findCustomerById(db, actor.customerId);
        return { items: own && !query.cursor ? [own] : [], nextCursor: null };
      }
      const after = query.cursor ? decodeCursor(query.cursor) : undefined;
      // "0712 345 678" finds +254712345678: a search that reads as a phone number also matches the
      // stored E.164 form.
      const phone = query.q === undefined ? null : normalisePhone(query.q, defaultPhoneRegion);
      const rows = await listCustomers(db, {
        q: query.q,
        phone: phone ?? undefined,
        after,
        limit: query.limit,
      });
      return toPage(rows, query.limit);
    },

    async updateCustomer(
      actor: Actor,
      id: string,
      patch: Static<typeof UpdateCustomerBody>,
    ): Promise<CustomerRow> {
      visibleTo(actor, await findCustomerById(db, id), id);
      if (actor.customerId !== null) {
        refuseCustomerOnlyFields(patch);
      }
      const updated = await updateCustomer(db, id, {
        ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
        ...(patch.phone !== undefined ? { phone: phoneOrThrow(patch.phone) } : {}),
        ...(patch.email !== undefined ? { email: patch.email } : {}),
        ...(patch.code !== undefined ? { code: patch.code } : {}),
        ...(patch.locale !== undefined ? { locale: patch.locale } : {}),
        ...(patch.subject !== undefined ? { subject: patch.subject } : {}),
      }).catch(rethrowConflicts);
      return visibleTo(actor, updated, id);
    },

    /** Refuses (409) when the customer has orders: their history must not vanish in a cascade. */
    async deleteCustomer(actor: Actor, id: string): Promise<void> {
      visibleTo(actor, await findCustomerById(db, id), id);
      const conflict = () =>
        new AppError(
          'conflict',
          'the customer has orders; cancel or keep them, customers with orders are not deleted',
        );
      if (await customerHasOrders(db, id)) {
        throw conflict();
      }
      await deleteCustomer(db, id).catch((error: unknown) => {
        // An order created between the check and the delete: the foreign key refuses it.
        if (pgErrorCode(error).code === '23503') {
          throw conflict();
        }
        throw error;
      });
    },
  };
}

export type CustomerService = ReturnType<typeof createCustomerService>;
