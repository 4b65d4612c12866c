import { beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../helper.ts';
import { seedCustomer } from '../support/shop-data.ts';
import { browserOf, inputValue, startWebWithApi } from '../support/web-with-api.ts';

// The profile form refuses what the API refuses, beside the field, in the API's own words, and
// keeps what the person typed; nothing changes.

let context: Awaited<ReturnType<typeof startWebWithApi>>;
let amina: ReturnType<typeof browserOf>;

beforeAll(async () => {
  context = await startWebWithApi();
  await seedCustomer(context.api.db, {
    name: 'Amina Wanjiru',
    phone: '+254712345678',
    subject: 'customer-amina',
  });
  amina = browserOf(context.web, await signIn(context.web, 'amina'));
});

describe('the profile form', () => {
  it('refuses a phone number the API refuses, with its message beside the field', async () => {
    const response = await amina.post('/profile', { name: 'Amina Wanjiru', phone: '12345' });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain(
      '<p class="field-error" id="phone-error">is not a valid phone number (region KE)</p>',
    );
    expect(html).toMatch(/<input id="phone"[^>]*aria-invalid="true"/);
    expect(inputValue(html, 'phone')).toBe('12345');
    const { rows } = await context.api.db.pool.query<{ phone: string }>(
      'select phone from customers where subject = $1',
      ['customer-amina'],
    );
    expect(rows).toEqual([{ phone: '+254712345678' }]);
  });

  it('refuses it on a first sign-in too, and creates no customer', async () => {
    const baraka = browserOf(context.web, await signIn(context.web, 'baraka'));
    const response = await baraka.post('/profile', { name: 'Baraka Otieno', phone: '12345' });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain('<h1>Create your profile</h1>');
    expect(html).toContain('is not a valid phone number (region KE)');
    const { rowCount } = await context.api.db.pool.query('select 1 from customers where subject = $1', [
      'customer-baraka',
    ]);
    expect(rowCount).toBe(0);
  });
});
