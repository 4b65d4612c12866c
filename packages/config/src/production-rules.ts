import { Type } from 'typebox';

// Rules that keep a production deployment from trusting what only development should: plain
// http to a provider, and secrets someone forgot to replace or made too short to guess.

/** A value of .env.example, a vault example or a chart comment that was never replaced. */
const PLACEHOLDER =
  /change[-_ .]?(me|it)|replace[-_ .]?me|placeholder|<[^>]*>|^(todo|tbd|fixme|secret|password)$/i;

export function isPlaceholder(value: string): boolean {
  const trimmed = value.trim();
  // One character repeated (`xxxxxxxx`) is a placeholder too.
  return PLACEHOLDER.test(trimmed) || new Set(trimmed).size <= 1;
}

/** A secret's strength in production: 256 bits, 32 random bytes. */
export const SECRET_MIN_BITS = 256;

/**
 * A cautious estimate of the entropy of a secret made by a random generator: 4 bits per
 * character of a hex string, 6 per character of base64/base64url, 6 for anything else.
 * A value with few distinct characters was not random at all and counts 1 bit per character.
 * It cannot tell a random value from a long made-up one; it tells a short or patterned one.
 */
export function estimatedSecretBits(value: string): number {
  const distinct = new Set(value).size;
  if (distinct < 8) {
    return value.length;
  }
  const bitsPerCharacter = /^[0-9a-f]+$/i.test(value) ? 4 : 6;
  return value.length * bitsPerCharacter;
}

/**
 * Problems of one secret: a placeholder in any environment (without echoing it), and in
 * production fewer than 256 estimated bits.
 */
export function secretProblems(name: string, value: string, nodeEnv: string): string[] {
  if (isPlaceholder(value)) {
    return [`${name} is a placeholder: set a random value, e.g. \`openssl rand -hex 32\``];
  }
  if (nodeEnv === 'production' && estimatedSecretBits(value) < SECRET_MIN_BITS) {
    return [
      `${name} is too weak for production: it needs at least ${SECRET_MIN_BITS} bits ` +
        '(32 random bytes: 64 hex or 43 base64url characters), e.g. `openssl rand -hex 32`',
    ];
  }
  return [];
}

export const allowInsecureHttp = {
  ALLOW_INSECURE_HTTP: Type.Boolean({
    default: false,
    description:
      'with NODE_ENV=production, accept http:// for the OpenID provider and Africa’s Talking (tokens and API ' +
      'keys then cross the network in clear); logged as a warning at every start. Only for a provider ' +
      'reached over a private, encrypted network',
  }),
};

/**
 * In production a URL the app sends credentials to, or takes its trust from, must be https,
 * unless ALLOW_INSECURE_HTTP says otherwise.
 */
export function transportProblems(
  name: string,
  url: string,
  config: { NODE_ENV: string; ALLOW_INSECURE_HTTP: boolean },
): string[] {
  if (config.NODE_ENV !== 'production' || config.ALLOW_INSECURE_HTTP || new URL(url).protocol === 'https:') {
    return [];
  }
  return [
    `${name} must be https in production (it is ${url}); set ALLOW_INSECURE_HTTP=true only if the ` +
      'connection is protected some other way',
  ];
}

/** The loud warning each start logs while ALLOW_INSECURE_HTTP lets an http URL through in production. */
export function insecureUrlWarnings(
  urls: Record<string, string>,
  config: { NODE_ENV: string; ALLOW_INSECURE_HTTP: boolean },
): string[] {
  if (config.NODE_ENV !== 'production' || !config.ALLOW_INSECURE_HTTP) {
    return [];
  }
  return Object.entries(urls)
    .filter(([, url]) => new URL(url).protocol === 'http:')
    .map(
      ([name, url]) =>
        `ALLOW_INSECURE_HTTP=true in production: ${name} ${url} is plain http; whoever can watch or alter ` +
        'that traffic can read or forge what crosses it',
    );
}
