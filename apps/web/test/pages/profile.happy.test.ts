import { beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../helper.ts';
import { seedCatalogue, seedCustomer } from '../support/shop-data.ts';
import { browserOf, inputValue, startWebWithApi } from '../support/web-with-api.ts';

// The profile: a person's first sign-in creates the customer (with the web app's own client, for
// the person's `sub`), and a customer changes their own details with their own token.

let context: Awaited<ReturnType<typeof startWebWithApi>>;

beforeAll(async () => {
  context = await startWebWithApi();
  await seedCatalogue(context.api.db);
});

const customerOf = async (subject: string) =>
  (
    await context.api.db.pool.query<{ name: string; phone: string; email: string | null }>(
      'select name, phone, email from customers where subject = $1',
      [subject],
    )
  ).rows;

describe('a first sign-in', () => {
  it('lands on the profile page, filled in from the ID token, which creates the customer', async () => {
    // Baraka is a login of apps/idp with no customer in this database yet.
    const person = await signIn(context.web, 'baraka');
    const baraka = browserOf(context.web, person);
    const orders = await baraka.get('/orders');
    expect(orders.status).toBe(303);
    expect(orders.headers.get('location')).toBe('/profile');
    const profile = await (await baraka.get('/profile')).text();
    expect(profile).toContain('<h1>Create your profile</h1>');
    expect(inputValue(profile, 'name')).toBe('Baraka Otieno');
    expect(person.csrfToken).not.toBe('');

    const created = await baraka.post('/profile', {
      name: 'Baraka Otieno',
      phone: '0723 456 789',
      email: '',
    });
    expect(created.status).toBe(303);
    expect(created.headers.get('location')).toBe('/shop?welcome=1');
    expect(await customerOf('customer-baraka')).toEqual([
      { name: 'Baraka Otieno', phone: '+254723456789', email: null },
    ]);
    const shop = await (await baraka.get('/shop?welcome=1')).text();
    expect(shop).toContain('Your profile is ready.');
    expect((await baraka.get('/orders')).status).toBe(200);
  });
});

describe('a customer’s profile', () => {
  it('shows the customer’s details and saves a valid phone number, normalised by the API', async () => {
    await seedCustomer(context.api.db, {
      name: 'Amina Wanjiru',
      phone: '+254712345678',
      email: 'amina@example.com',
      subject: 'customer-amina',
    });
    const amina = browserOf(context.web, await signIn(context.web, 'amina'));
    const page = await (await amina.get('/profile')).text();
    expect(page).toContain('<h1>Your profile</h1>');
    expect(inputValue(page, 'phone')).toBe('+254712345678');
    expect(inputValue(page, 'email')).toBe('amina@example.com');

    const saved = await amina.post('/profile', {
      name: 'Amina W. Wanjiru',
      phone: '0722 000 111',
      email: '',
    });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe('/profile?saved=1');
    // An empty e-mail field removes the address.
    expect(await customerOf('customer-amina')).toEqual([
      { name: 'Amina W. Wanjiru', phone: '+254722000111', email: null },
    ]);
    expect(inputValue(await (await amina.get('/profile')).text(), 'phone')).toBe('+254722000111');
  });
});
