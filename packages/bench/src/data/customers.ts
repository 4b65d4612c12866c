import type pg from 'pg';

/** A customer created through the API, as a client would. */
export async function createCustomerThroughApi(apiUrl: string, token: string): Promise<string> {
  const response = await fetch(`${apiUrl}/v1/customers`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Bench Customer', phone: '0712 345 678' }),
  });
  const body = (await response.json()) as { id?: string };
  if (response.status !== 201 || !body.id) {
    throw new Error(`creating a customer answered ${response.status}: ${JSON.stringify(body)}`);
  }
  return body.id;
}

/** A customer written straight to a database no API serves (worker and relay measurements). */
export async function insertCustomer(pool: pg.Pool): Promise<string> {
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO customers (name, phone) VALUES ('Bench Customer', '+254712345678') RETURNING id`,
  );
  return (rows[0] as { id: string }).id;
}
