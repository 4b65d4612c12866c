/**
 * Fastify's `trustProxy` from TRUST_PROXY: `false` (the default: the peer's address is the
 * client's, X-Forwarded-* are ignored), a number of proxy hops in front of the API, or a
 * comma-separated list of the proxies' addresses or CIDR ranges. Trusting every proxy (`true`) is
 * not offered: anyone could then choose the address the API sees (rate limits, logs).
 */
export function trustProxyOption(
  value: string,
): false | ((address: string, hop: number) => boolean) | string[] {
  const trimmed = value.trim();
  if (trimmed === 'false') {
    return false;
  }
  if (/^[0-9]+$/.test(trimmed)) {
    const hops = Number(trimmed);
    // What Fastify does with a number, spelt out because its types take no number: believe the
    // first `hops` addresses, counted from the peer's, and take the next one as the client's.
    return hops === 0 ? false : (_address, hop) => hop < hops;
  }
  return trimmed
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
}
