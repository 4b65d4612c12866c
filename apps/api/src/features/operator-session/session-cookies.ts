import { hkdfSync } from 'node:crypto';
import type { SecureSessionPluginOptions } from '@fastify/secure-session';

/** The operator's session: an access token of the configured issuer, as a bearer header would carry it. */
export interface OperatorSessionData {
  accessToken: string;
  /** The server's record of this session (session-store.ts); logout deletes it. */
  sessionId: string;
  /** Epoch seconds: the token's `exp`; the session is not offered to the verifier after it. */
  expiresAt: number;
}

/** What /admin/login hands to /admin/callback through the browser. */
export interface LoginData {
  state: string;
  codeVerifier: string;
  returnTo: string;
}

const SESSION_NAME = 'adminSession';
const LOGIN_NAME = 'adminLogin';
const SESSION_COOKIE = 'sokoni_admin';
const LOGIN_COOKIE = 'sokoni_admin_login';

/** A sign-in must come back from the provider within this many seconds. */
const LOGIN_TTL_S = 600;
/** The longest a session cookie is accepted, whatever its token says. */
export const SESSION_MAX_TTL_S = 12 * 60 * 60;

/**
 * One 32-byte key per cookie (libsodium secretbox), derived from ADMIN_SESSION_SECRET with
 * HKDF-SHA256. The secret is random and long (≥ 32 characters), so a fast KDF is the right one
 * (secure-session's own `secret` option runs Argon2 with 256 MiB at every start); a distinct
 * `info` per cookie means one cookie can never be decrypted as the other.
 */
export function cookieKey(secret: string, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'sokoni-admin-session', purpose, 32));
}

/**
 * @fastify/secure-session options of both cookies, scoped to /admin, httpOnly, and Secure
 * when the API is served over https or runs with NODE_ENV=production (behind a proxy that ends
 * TLS, PUBLIC_URL may still say http: the browser must never send the cookie in clear).
 *
 * - The session cookie is SameSite=Strict: no other site can make the browser send it, which
 *   (with the Origin check) keeps Bull Board's retry/clean/promote calls from being forged.
 * - The login cookie is SameSite=Lax: it must come back on the provider's redirect to
 *   /admin/callback, a cross-site top-level navigation.
 */
export function sessionCookieOptions(input: {
  secret: string;
  publicUrl: string;
  nodeEnv?: string;
}): Array<SecureSessionPluginOptions & { sessionName: string }> {
  const secure = new URL(input.publicUrl).protocol === 'https:' || input.nodeEnv === 'production';
  return [
    {
      sessionName: SESSION_NAME,
      cookieName: SESSION_COOKIE,
      key: cookieKey(input.secret, SESSION_COOKIE),
      expiry: SESSION_MAX_TTL_S,
      cookie: { path: '/admin', httpOnly: true, sameSite: 'strict', secure },
    },
    {
      sessionName: LOGIN_NAME,
      cookieName: LOGIN_COOKIE,
      key: cookieKey(input.secret, LOGIN_COOKIE),
      expiry: LOGIN_TTL_S,
      cookie: { path: '/admin/callback', httpOnly: true, sameSite: 'lax', secure, maxAge: LOGIN_TTL_S },
    },
  ];
}
