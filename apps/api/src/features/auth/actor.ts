/**
 * Who is calling, as the services see it. The auth plugin builds it from the access token;
 * services never look at tokens or HTTP.
 */
export interface Actor {
  /** Recorded in order_events: the token's subject (a user or a client). */
  id: string;
  /** Set when the caller acts as one customer: it sees and changes only that customer's data. */
  customerId: string | null;
  scopes: ReadonlySet<string>;
}

/** The actor of a request made before authentication is configured (local tools, tests of routes). */
export const systemActor: Actor = { id: 'system', customerId: null, scopes: new Set() };
