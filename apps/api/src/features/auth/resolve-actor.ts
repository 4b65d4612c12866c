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
 * A token obtained without an end user (client credentials), known only by a signal the
 * provider sets on purpose: a grant claim (`gty: client-credentials` on Auth0 and apps/idp,
 * `idtyp: app` on Entra ID with that optional claim on), or a client listed in
 * MACHINE_CLIENT_IDS (Keycloak, which sets neither). RFC 9068 §2.2 lets a client-credentials
 * token's `sub` be its client id, but nothing keeps a provider from giving a person that `sub`,
 * so `sub` equal to `client_id` or `azp` proves nothing and is not a signal.
 */
export function isMachineToken(claims: ActorClaims, machineClientIds: ReadonlySet<string>): boolean {
  if (claims.gty === 'client-credentials' || claims.idtyp === 'app') {
    return true;
  }
  // RFC 9068 names the client `client_id`; Keycloak before 25, Auth0 and Entra ID name it `azp`.
  const clientId = typeof claims.client_id === 'string' ? claims.client_id : claims.azp;
  return typeof clientId === 'string' && machineClientIds.has(clientId);
}

/**
 * Why a verified token cannot be attributed to anyone, or undefined when it can: its `sub` is
 * required (RFC 9068 §2.2). A token without one names nobody (a Keycloak 25+ client without its
 * "basic" client scope issues such tokens) and is invalid, whatever scopes it holds.
 */
export function unattributable(claims: ActorClaims): string | undefined {
  return typeof claims.sub === 'string' && claims.sub !== '' ? undefined : 'the token has no subject (sub)';
}

/**
 * `invalid`: the token is not an access token the API can attribute (401 invalid_token);
 * `refused`: it is one, but may not do this (403 insufficient_scope).
 */
export type ActorResolution = { actor: Actor } | { invalid: string } | { refused: string };

/**
 * Who a verified token acts as. Without a `sub` it is invalid (see unattributable). Then:
 * 1. it holds a staff scope → staff: every customer's data, limited by its scopes;
 * 2. otherwise its `sub` is a customer's `subject` → that customer: only its own data;
 * 3. otherwise it is a machine token (see isMachineToken) → a client limited by its scopes;
 * 4. otherwise (an end user linked to no customer) → refused. Without this rule a person who
 *    signs in through the customer app before being linked would see every order.
 */
export async function resolveActor(input: {
  claims: ActorClaims;
  scopes: ReadonlySet<string>;
  machineClientIds: ReadonlySet<string>;
  findCustomerIdBySubject: (subject: string) => Promise<string | undefined>;
}): Promise<ActorResolution> {
  const { claims, scopes } = input;
  const invalid = unattributable(claims);
  if (invalid !== undefined) {
    return { invalid };
  }
  const sub = claims.sub as string;
  if (hasStaffScope(scopes)) {
    return { actor: { id: sub, customerId: null, scopes } };
  }
  const customerId = await input.findCustomerIdBySubject(sub);
  if (customerId !== undefined) {
    return { actor: { id: sub, customerId, scopes } };
  }
  if (isMachineToken(claims, input.machineClientIds)) {
    return { actor: { id: sub, customerId: null, scopes } };
  }
  return { refused: 'the token’s subject is linked to no customer and it carries no staff scope' };
}
