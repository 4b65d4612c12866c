import { type SokoniApi, settle } from '../api/sokoni-api.ts';
import type { Customer } from '../api/types.ts';

/**
 * The customer the signed-in person is, or null when there is none yet (the first sign-in):
 * the API answers 404, or 403 for a login linked to no customer.
 */
export async function findOwnCustomer(api: SokoniApi, token: string): Promise<Customer | null> {
  const result = await settle(api.as(token).GET('/v1/customers/me'));
  if (result.ok) {
    return result.data;
  }
  if (result.status === 404 || result.status === 403) {
    return null;
  }
  throw Object.assign(new Error(result.problem.detail ?? result.problem.title), { statusCode: 502 });
}
