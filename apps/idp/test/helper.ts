import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onFileFinished } from '@sokoni/testing';
import { type ListenIdpOptions, listenIdp, type RunningIdp } from '../src/listen.ts';

/** A temporary directory removed when the test file ends (called from a hook or a test too). */
export async function useTempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'sokoni-idp-test-'));
  onFileFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** The provider on 127.0.0.1 and an ephemeral port, closed when the test file ends. */
export async function useIdp(options: Partial<ListenIdpOptions> = {}): Promise<RunningIdp> {
  const dataDir = options.dataDir ?? (await useTempDir());
  const idp = await listenIdp({ host: '127.0.0.1', port: 0, nodeEnv: 'test', ...options, dataDir });
  onFileFinished(() => idp.close());
  return idp;
}

export function basicAuth(clientId: string, secret: string): string {
  return `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`;
}

export async function postToken(
  idp: RunningIdp,
  form: Record<string, string>,
  authorization = basicAuth('sokoni-dev', 'sokoni-dev-secret'),
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${idp.issuer}/token`, {
    method: 'POST',
    headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** A browser-less user agent that keeps cookies by name (one host, so paths do not matter here). */
export class Agent {
  readonly cookies = new Map<string, string>();

  async request(url: string | URL, init: RequestInit = {}): Promise<Response> {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetch(url, { ...init, redirect: 'manual', headers: { ...init.headers, cookie } });
    for (const header of response.headers.getSetCookie()) {
      const [pair = ''] = header.split(';');
      const [name = '', value = ''] = pair.split(/=(.*)/s);
      this.cookies.set(name, value);
    }
    return response;
  }
}

/**
 * Starts an authorization request and follows it to the login page; returns the agent that
 * holds the interaction cookie and the interaction URL.
 */
export async function startLogin(
  idp: RunningIdp,
  params: { clientId: string; scope: string; redirectUri?: string },
): Promise<{ agent: Agent; interactionUrl: URL; codeVerifier: string; state: string }> {
  const codeVerifier = randomBytes(32).toString('base64url');
  const state = randomBytes(8).toString('hex');
  const url = new URL(`${idp.issuer}/auth`);
  url.search = new URLSearchParams({
    client_id: params.clientId,
    response_type: 'code',
    redirect_uri: params.redirectUri ?? 'http://127.0.0.1/callback',
    scope: params.scope,
    state,
    code_challenge: createHash('sha256').update(codeVerifier).digest('base64url'),
    code_challenge_method: 'S256',
  }).toString();
  const agent = new Agent();
  const response = await agent.request(url);
  const location = response.headers.get('location');
  if (response.status !== 303 || !location) {
    throw new Error(
      `expected a redirect to the login page, got ${response.status}: ${await response.text()}`,
    );
  }
  return { agent, interactionUrl: new URL(location, idp.issuer), codeVerifier, state };
}

/** Follows redirects until one leaves the provider; returns that URL. */
export async function followToClient(agent: Agent, idp: RunningIdp, first: Response): Promise<URL> {
  let response = first;
  for (let hop = 0; hop < 10; hop += 1) {
    const location = response.headers.get('location');
    if (!location) {
      throw new Error(`expected a redirect, got ${response.status}: ${await response.text()}`);
    }
    const next = new URL(location, idp.issuer);
    if (next.origin !== idp.issuer) {
      return next;
    }
    response = await agent.request(next);
  }
  throw new Error('too many redirects');
}
