import { randomUUID } from 'node:crypto';
import { createDb, notifications } from '@sokoni/db';
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { createCustomer, createOrder, createTestApi } from '../helper.ts';
import { expectForbidden, snapshot } from '../support/auth.ts';

const api = await createTestApi();
const db = createDb({ url: api.databaseUrl, max: 1 });
afterAll(() => db.close());
// Amina and Baraka are apps/idp's demo customers; their `sub` links them to these rows.
const amina = await createCustomer(api, {
  name: 'Amina Wanjiru',
  phone: '0711 000 001',
  subject: 'customer-amina',
});
const baraka = await createCustomer(api, {
  name: 'Baraka Otieno',
  phone: '0711 000 002',
  subject: 'customer-baraka',
});
const aminasOrder = await createOrder(api, amina.id, { item: 'Unga 2kg' });
const barakasOrder = await createOrder(api, baraka.id, { item: 'Maziwa 1l' });
const asAmina = { authorization: await api.customerAuthorization('amina') };

function asAminaDo(options: { method: 'GET' | 'POST' | 'PATCH'; url: string; payload?: object }) {
  return api.app.inject({ ...options, headers: asAmina });
}

async function notificationIdsOf(orderId: string): Promise<string[]> {
  const rows = await db.db.select().from(notifications).where(eq(notifications.orderId, orderId));
  expect(rows.length).toBeGreaterThan(0);
  return rows.map((row) => row.id);
}

async function customerAsStaff(id: string) {
  const response = await api.inject({ method: 'GET', url: `/v1/customers/${id}` });
  expect(response.statusCode).toBe(200);
  return response.json<Record<string, unknown>>();
}

describe('a customer’s own record', () => {
  it('is GET /v1/customers/me and GET /v1/customers/{its id}', async () => {
    const me = await asAminaDo({ method: 'GET', url: '/v1/customers/me' });
    expect(me.statusCode, me.body).toBe(200);
    expect(me.json()).toEqual(await customerAsStaff(amina.id));
    const byId = await asAminaDo({ method: 'GET', url: `/v1/customers/${amina.id}` });
    expect(byId.json()).toEqual(me.json());
  });

  it('answers 404 for anyone else’s, exactly as for a customer that does not exist', async () => {
    const other = await asAminaDo({ method: 'GET', url: `/v1/customers/${baraka.id}` });
    const nobody = await asAminaDo({ method: 'GET', url: `/v1/customers/${randomUUID()}` });
    expect(other.statusCode).toBe(404);
    expect(nobody.statusCode).toBe(404);
    expect(other.json().title).toBe(nobody.json().title);
    expect(other.body).not.toContain('Baraka');
  });

  it('is 404 at /me for a token linked to no customer', async () => {
    const staff = await api.inject({ method: 'GET', url: '/v1/customers/me' });
    expect(staff.statusCode).toBe(404);
    const machine = await api.app.inject({
      method: 'GET',
      url: '/v1/customers/me',
      headers: { authorization: await api.authorizationWithScopes(['customers:read']) },
    });
    expect(machine.statusCode).toBe(404);
  });

  it('stays out of reach of a machine client holding only customer scopes', async () => {
    // Such a client acts as no customer: the ownScopes of a route are not for it.
    const authorization = await api.authorizationWithScopes(['orders:read', 'orders:write']);
    for (const url of ['/v1/customers/me', `/v1/customers/${amina.id}`, '/v1/notifications']) {
      expectForbidden(await api.app.inject({ method: 'GET', url, headers: { authorization } }), undefined);
    }
    const patch = await api.app.inject({
      method: 'PATCH',
      url: `/v1/customers/${amina.id}`,
      payload: { name: 'Taken Over' },
      headers: { authorization },
    });
    expectForbidden(patch, 'customers:write');
  });

  it('refuses a person linked to no customer, as every route does', async () => {
    const response = await api.app.inject({
      method: 'GET',
      url: '/v1/customers/me',
      headers: { authorization: await api.customerAuthorization('operator') },
    });
    expectForbidden(response);
  });
});

describe('a customer changing its own record', () => {
  it('changes its name, phone (stored as E.164), e-mail and language at /me', async () => {
    const response = await asAminaDo({
      method: 'PATCH',
      url: '/v1/customers/me',
      payload: { name: 'Amina W. Njoroge', phone: '0722 000 111', email: 'amina@example.com', locale: 'sw' },
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({
      id: amina.id,
      name: 'Amina W. Njoroge',
      phone: '+254722000111',
      email: 'amina@example.com',
      locale: 'sw',
      code: amina.code,
      subject: 'customer-amina',
    });
    expect(await customerAsStaff(amina.id)).toMatchObject({ phone: '+254722000111' });
  });

  it('changes it by id too, and gets 422 for a number that is no phone number', async () => {
    const changed = await asAminaDo({
      method: 'PATCH',
      url: `/v1/customers/${amina.id}`,
      payload: { phone: '254711000001' },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ phone: '+254711000001' });
    const before = await customerAsStaff(amina.id);
    const invalid = await asAminaDo({
      method: 'PATCH',
      url: '/v1/customers/me',
      payload: { phone: '123456' },
    });
    expect(invalid.statusCode).toBe(422);
    expect(invalid.json().errors).toEqual([expect.objectContaining({ field: '/phone' })]);
    expect(await customerAsStaff(amina.id)).toEqual(before);
  });

  it.each([
    { field: 'code', payload: { code: 'VIP-1' } },
    { field: 'subject', payload: { subject: 'customer-baraka' } },
    { field: 'code', payload: { name: 'Amina', code: 'VIP-1' } },
  ])('may not change its $field (403, nothing changed)', async ({ field, payload }) => {
    const before = await snapshot(api);
    for (const url of ['/v1/customers/me', `/v1/customers/${amina.id}`]) {
      const response = await asAminaDo({ method: 'PATCH', url, payload });
      expect(response.statusCode, response.body).toBe(403);
      expect(response.json()).toMatchObject({
        type: 'urn:sokoni:problem:not-for-customers',
        errors: [{ field: `/${field}` }],
      });
    }
    expect(await snapshot(api)).toEqual(before);
  });

  it('cannot change another customer (404, nothing changed)', async () => {
    const before = await snapshot(api);
    const response = await asAminaDo({
      method: 'PATCH',
      url: `/v1/customers/${baraka.id}`,
      payload: { phone: '0733 000 000' },
    });
    expect(response.statusCode).toBe(404);
    expect(await snapshot(api)).toEqual(before);
  });
});

describe('a customer’s own SMS', () => {
  it('lists exactly its own, whatever the filter says', async () => {
    const own = await asAminaDo({ method: 'GET', url: '/v1/notifications?limit=100' });
    expect(own.statusCode, own.body).toBe(200);
    const items = own.json<{ items: Array<{ id: string; customerId: string }> }>().items;
    expect(items.map((item) => item.id).sort()).toEqual((await notificationIdsOf(aminasOrder.id)).sort());
    const filtered = await asAminaDo({ method: 'GET', url: `/v1/notifications?customerId=${baraka.id}` });
    expect(filtered.json<{ items: unknown[] }>().items).toEqual([]);
  });

  it('reads one of its own with its attempts, and gets 404 for anyone else’s', async () => {
    const [mine] = await notificationIdsOf(aminasOrder.id);
    const [theirs] = await notificationIdsOf(barakasOrder.id);
    const read = await asAminaDo({ method: 'GET', url: `/v1/notifications/${mine}` });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ id: mine, customerId: amina.id, sendAttempts: [] });
    const other = await asAminaDo({ method: 'GET', url: `/v1/notifications/${theirs}` });
    expect(other.statusCode).toBe(404);
    expect(other.body).not.toContain('Maziwa');
    const ofOrder = await asAminaDo({ method: 'GET', url: `/v1/orders/${barakasOrder.id}/notifications` });
    expect(ofOrder.statusCode).toBe(404);
    const ofOwnOrder = await asAminaDo({ method: 'GET', url: `/v1/orders/${aminasOrder.id}/notifications` });
    expect(ofOwnOrder.statusCode).toBe(200);
  });

  it('cannot resend: that is the operators’ scope', async () => {
    const [mine] = await notificationIdsOf(aminasOrder.id);
    expectForbidden(
      await asAminaDo({ method: 'POST', url: `/v1/notifications/${mine}/resend` }),
      'notifications:resend',
    );
  });
});
