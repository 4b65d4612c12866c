import type { FastifyInstance } from 'fastify';
import { type Problem, type SokoniApi, settle } from '../api/sokoni-api.ts';
import type { OidcClient } from '../session/oidc-client.ts';
import { requireCustomer, sessionOf } from '../session/sessions.plugin.ts';
import { findOwnCustomer } from './own-customer.ts';

interface ProfileForm {
  name?: string;
  phone?: string;
  email?: string;
}

/** The API's problem, field by field: `/phone` → phone. */
function fieldErrors(problem: Problem): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const error of problem.errors ?? []) {
    const field = (error.field ?? '').replace(/^\//, '');
    if (field) {
      errors[field] = error.message;
    }
  }
  return errors;
}

/**
 * The profile. On a person's first sign-in there is no customer yet: the page, filled in from the
 * ID token's claims, creates it (POST /v1/customers with `subject` = the person's `sub`). A
 * customer's own token cannot create customers (customers:write is staff's), so this one call is
 * made with the web app's own client credentials; the subject comes from the session, never from
 * the form. Later the page changes name, phone and e-mail with the person's own token.
 */
export async function profileRoutes(app: FastifyInstance, options: { api: SokoniApi; oidc: OidcClient }) {
  const { api, oidc } = options;
  app.addHook('preHandler', requireCustomer);

  app.get('/profile', async (request, reply) => {
    const session = sessionOf(request);
    const customer = await findOwnCustomer(api, session.accessToken);
    const values = customer
      ? { name: customer.name, phone: customer.phone, email: customer.email ?? '' }
      : { name: session.name, phone: session.phone ?? '', email: session.email ?? '' };
    return reply.page('profile', {
      title: customer ? 'Your profile' : 'Create your profile',
      customer,
      values,
      errors: {},
    });
  });

  app.post<{ Body: ProfileForm }>('/profile', async (request, reply) => {
    const session = sessionOf(request);
    const values = {
      name: (request.body.name ?? '').trim(),
      phone: (request.body.phone ?? '').trim(),
      email: (request.body.email ?? '').trim(),
    };
    const customer = await findOwnCustomer(api, session.accessToken);
    const fields = {
      name: values.name,
      phone: values.phone,
      ...(values.email ? { email: values.email } : {}),
    };
    const result = customer
      ? await settle(
          api.as(session.accessToken).PATCH('/v1/customers/me', {
            body: { ...fields, ...(values.email ? {} : { email: null }) },
          }),
        )
      : await settle(
          api.as(await oidc.machineAccessToken()).POST('/v1/customers', {
            body: { ...fields, subject: session.sub },
          }),
        );
    if (!result.ok) {
      return reply
        .code(result.status === 409 || result.status === 422 ? 422 : result.status)
        .page('profile', {
          title: customer ? 'Your profile' : 'Create your profile',
          customer,
          values,
          problem: result.problem,
          errors: fieldErrors(result.problem),
        });
    }
    return reply.redirect(customer ? '/profile?saved=1' : '/shop?welcome=1', 303);
  });
}
