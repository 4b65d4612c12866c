import { createApiClient } from '@sokoni/api-client';
import { describe, expect, it } from 'vitest';
import { createCustomer, createTestApi } from '../helper.ts';

// The typed client of packages/api-client against the real API over HTTP: what the web app and
// scripts use. Paths, bodies and answers are typed from the OpenAPI document.
const api = await createTestApi();
const address = await api.app.listen({ port: 0, host: '127.0.0.1' });
const bearer = async () => (await api.staffAuthorization()).replace(/^Bearer /, '');
const staff = createApiClient(address, { token: bearer });

describe('the typed API client', () => {
  it('reads a customer, and gets the problem of a missing one', async () => {
    const customer = await createCustomer(api, { name: 'Neema Achieng' });
    const found = await staff.GET('/v1/customers/{id}', { params: { path: { id: customer.id } } });
    expect(found.response.status).toBe(200);
    expect(found.data?.name).toBe('Neema Achieng');
    const me = await staff.GET('/v1/customers/me');
    expect(me.response.status).toBe(404);
    expect(me.error).toMatchObject({ status: 404 });
  });

  it('asks for a dry run of a bulk resend', async () => {
    const dry = await staff.POST('/v1/notifications/resend', {
      body: { status: ['failed'], createdBefore: '2000-01-01T00:00:00Z', dryRun: true },
    });
    expect(dry.response.status).toBe(200);
    expect(dry.data).toEqual({ count: 0 });
  });

  it('is refused without a token', async () => {
    const anonymous = createApiClient(address);
    const response = await anonymous.GET('/v1/customers', { params: { query: { limit: 20 } } });
    expect(response.response.status).toBe(401);
  });
});
