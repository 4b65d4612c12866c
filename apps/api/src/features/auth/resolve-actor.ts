import type { Actor } from './actor.ts';
import { hasStaffScope } from './scopes.ts';

export interface ActorClaims {
  sub?: unknown;
  client_id?: unknown;
  azp?: unknown;
  gty?: unknown;
  idtyp?: unknown;
}

/**
 * A token obtained without an end user (client credentials). RFC 9068 §2.2 says its `sub` is the
 * client's identifier, which is what apps/idp (oidc-provider) issues; Auth0 marks such tokens
 * with `gty: client-credentials` and Entra ID with `idtyp: app`.
 */
export function isMachineToken(claims: ActorClaims): boolean {
  const { sub } = claims;
  return (
    sub === undefined ||
    sub === claims.client_id ||
    sub === claims.azp ||
    claims.gty === 'client-credentials' ||
    claims.idtyp === 'app'
  );
}

export type ActorResolution = { actor: Actor } | { refused: string };

/**
 * Who a verified token acts as:
 * 1. it holds a staff scope → staff: every customer's data, limited by its scopes;
 * 2. otherwise its `sub` is a customer's `subject` → that customer: only its own data;
 * 3. otherwise it is a machine token (client credentials) → a client limited by its scopes;
 * 4. otherwise (an end user linked to no customer) → refused. Without this rule a person who
 *    signs in through the customer app before being linked would see every order.
 */
export async function resolveActor(input: {
  claims: ActorClaims;
  scopes: ReadonlySet<string>;
  findCustomerIdBySubject: (subject: string) => Promise<string | undefined>;
}): Promise<ActorResolution> {
  const { claims, scopes } = input;
  const sub = typeof claims.sub === 'string' && claims.sub !== '' ? claims.sub : undefined;
  const clientId = [claims.client_id, claims.azp].find((value) => typeof value === 'string' && value !== '');
  const id = sub ?? (clientId as string | undefined);
  if (id === undefined) {
    return { refused: 'the token names neither a subject nor a client' };
  }
  if (hasStaffScope(scopes)) {
    return { actor: { id, customerId: null, scopes } };
  }
  if (sub !== undefined) {
    const customerId = await input.findCustomerIdBySubject(sub);
    if (customerId !== undefined) {
      return { actor: { id, customerId, scopes } };
    }
  }
  if (isMachineToken(claims)) {
    return { actor: { id, customerId: null, scopes } };
  }
  return { refused: 'the token’s subject is linked to no customer and it carries no staff scope' };
}
