import type { IncomingMessage } from 'node:http';
import type Provider from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';
import { grantConsent } from './consent.ts';
import { escapeHtml, renderPage } from './html.ts';
import { renderLoginPage } from './login-page.ts';
import type { UserDirectory } from './registered-users.ts';
import { readRegistration, renderRegistrationPage } from './registration-page.ts';

const MAX_FORM_BYTES = 8 * 1024;
const ROUTE = /^\/interaction\/([\w-]+)(?:\/(login|register|abort))?$/;

class FormTooLargeError extends Error {
  readonly status = 413;
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_FORM_BYTES) {
      throw new FormTooLargeError('form too large');
    }
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/**
 * The provider's interaction pages (oidc-provider leaves them to the deployment): a login
 * form for the demo and registered users, a registration form that signs the new person in,
 * then consent given at once, because every client here is first-party. Mounted in front of
 * the provider's own routes.
 */
export function interactionRoutes(provider: Provider, users: UserDirectory) {
  return async function handleInteraction(
    ctx: KoaContextWithOIDC,
    next: () => Promise<unknown>,
  ): Promise<void> {
    const match = ROUTE.exec(ctx.path);
    if (!match) {
      await next();
      return;
    }
    const action = match[2] ?? 'show';
    ctx.set('cache-control', 'no-store');
    try {
      if (action === 'show' && ctx.method === 'GET') {
        await show(provider, ctx, users);
      } else if (action === 'login' && ctx.method === 'POST') {
        await login(provider, ctx, users);
      } else if (action === 'register' && ctx.method === 'GET') {
        await showRegistration(provider, ctx);
      } else if (action === 'register' && ctx.method === 'POST') {
        await register(provider, ctx, users);
      } else if (action === 'abort' && ctx.method === 'GET') {
        await provider.interactionFinished(ctx.req, ctx.res, {
          error: 'access_denied',
          error_description: 'the user cancelled the sign-in',
        });
        ctx.respond = false;
      } else {
        ctx.status = 405;
        ctx.body = renderPage('Not allowed', '<h1>Method not allowed</h1>');
      }
    } catch (error) {
      renderInteractionError(ctx, error);
    }
  };
}

async function show(provider: Provider, ctx: KoaContextWithOIDC, users: UserDirectory): Promise<void> {
  const interaction = await provider.interactionDetails(ctx.req, ctx.res);
  if (interaction.prompt.name === 'login') {
    const client = await provider.Client.find(String(interaction.params.client_id));
    ctx.type = 'html';
    ctx.body = renderLoginPage({
      uid: interaction.uid,
      clientName: client?.clientName ?? String(interaction.params.client_id),
      scope: String(interaction.params.scope ?? ''),
    });
    return;
  }
  if (interaction.prompt.name === 'consent') {
    const grantId = await grantConsent(provider, interaction, users);
    await provider.interactionFinished(
      ctx.req,
      ctx.res,
      { consent: { grantId } },
      { mergeWithLastSubmission: true },
    );
    ctx.respond = false;
    return;
  }
  throw new Error(`unsupported prompt ${interaction.prompt.name}`);
}

async function login(provider: Provider, ctx: KoaContextWithOIDC, users: UserDirectory): Promise<void> {
  const interaction = await provider.interactionDetails(ctx.req, ctx.res);
  const form = await readForm(ctx.req);
  const username = form.get('username') ?? '';
  const user = await users.authenticate(username, form.get('password') ?? '');
  if (!user) {
    const client = await provider.Client.find(String(interaction.params.client_id));
    ctx.status = 401;
    ctx.type = 'html';
    ctx.body = renderLoginPage({
      uid: interaction.uid,
      clientName: client?.clientName ?? String(interaction.params.client_id),
      scope: String(interaction.params.scope ?? ''),
      username,
      error: 'Unknown username or wrong password.',
    });
    return;
  }
  await provider.interactionFinished(
    ctx.req,
    ctx.res,
    { login: { accountId: user.sub, amr: ['pwd'] } },
    { mergeWithLastSubmission: false },
  );
  ctx.respond = false;
}

async function clientNameOf(provider: Provider, clientId: unknown): Promise<string> {
  const client = await provider.Client.find(String(clientId));
  return client?.clientName ?? String(clientId);
}

async function showRegistration(provider: Provider, ctx: KoaContextWithOIDC): Promise<void> {
  const interaction = await provider.interactionDetails(ctx.req, ctx.res);
  ctx.type = 'html';
  ctx.body = renderRegistrationPage({
    uid: interaction.uid,
    clientName: await clientNameOf(provider, interaction.params.client_id),
  });
}

/** Creates the account and signs the new person in, as the login form would have. */
async function register(provider: Provider, ctx: KoaContextWithOIDC, users: UserDirectory): Promise<void> {
  const interaction = await provider.interactionDetails(ctx.req, ctx.res);
  const read = readRegistration(await readForm(ctx.req));
  const refuse = async (status: number, page: Parameters<typeof renderRegistrationPage>[0]) => {
    ctx.status = status;
    ctx.type = 'html';
    ctx.body = renderRegistrationPage(page);
  };
  const clientName = await clientNameOf(provider, interaction.params.client_id);
  if ('errors' in read) {
    await refuse(422, { uid: interaction.uid, clientName, values: read.values, errors: read.errors });
    return;
  }
  const user = await users.register(read.registration);
  if (user === 'taken') {
    await refuse(409, {
      uid: interaction.uid,
      clientName,
      values: read.registration,
      errors: { email: 'An account with this e-mail address exists already: sign in instead.' },
    });
    return;
  }
  await provider.interactionFinished(
    ctx.req,
    ctx.res,
    { login: { accountId: user.sub, amr: ['pwd'] } },
    { mergeWithLastSubmission: false },
  );
  ctx.respond = false;
}

function renderInteractionError(ctx: KoaContextWithOIDC, error: unknown): void {
  const status = (error as { status?: number }).status ?? 500;
  // Provider errors (expired or unknown interaction, missing cookie) are safe to show; others are not.
  const expose = (error as { expose?: boolean }).expose === true || error instanceof FormTooLargeError;
  const message = expose ? (error as Error).message : 'the sign-in could not be completed';
  if (status >= 500) {
    ctx.app.emit('error', error, ctx);
  }
  ctx.status = status;
  ctx.type = 'html';
  ctx.body = renderPage(
    'Sign-in failed',
    `<h1>Sign-in failed</h1><p class="error">${escapeHtml(message)}</p><p>Start again from the application.</p>`,
  );
}
