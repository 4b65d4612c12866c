/** The realm of every challenge; one protection space for the whole API. */
const REALM = 'sokoni';

// RFC 6750 §3: attribute values are quoted strings and must not contain `"` or `\`; keep printable ASCII.
function quoted(value: string): string {
  return `"${value.replace(/[^\x20-\x7e]|["\\]/g, '')}"`;
}

/**
 * A `WWW-Authenticate: Bearer` challenge (RFC 6750 §3). A request without a token gets only the
 * realm; a bad token `invalid_token`; a token without the needed scope `insufficient_scope`.
 */
export function bearerChallenge(
  challenge: { error?: 'invalid_token' | 'insufficient_scope'; description?: string; scope?: string } = {},
): string {
  const parts = [`realm=${quoted(REALM)}`];
  if (challenge.error) {
    parts.push(`error=${quoted(challenge.error)}`);
  }
  if (challenge.description) {
    parts.push(`error_description=${quoted(challenge.description)}`);
  }
  if (challenge.scope) {
    parts.push(`scope=${quoted(challenge.scope)}`);
  }
  return `Bearer ${parts.join(', ')}`;
}
