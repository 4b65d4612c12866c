import type Provider from 'oidc-provider';
import type { Grant, Interaction } from 'oidc-provider';
import type { UserDirectory } from './registered-users.ts';

function split(scopes: unknown, allowed: ReadonlySet<string>): { granted: string[]; rejected: string[] } {
  const list = Array.isArray(scopes) ? scopes.map(String) : [];
  return {
    granted: list.filter((scope) => allowed.has(scope)),
    rejected: list.filter((scope) => !allowed.has(scope)),
  };
}

/**
 * Grants what a first-party client asked for, limited to what the signed-in user may hold.
 * The client's registered scopes were already enforced at the authorization endpoint; the
 * rest is rejected (not left pending), so a customer signing in through the operator client
 * gets a token without staff scopes instead of a consent loop.
 */
export async function grantConsent(
  provider: Provider,
  interaction: Interaction,
  users: Pick<UserDirectory, 'findBySub'>,
): Promise<string> {
  const accountId = interaction.session?.accountId;
  const user = accountId ? users.findBySub(accountId) : undefined;
  if (!accountId || !user) {
    throw new Error('consent requested without a signed-in user');
  }
  const allowed = new Set(user.scopes);
  const { details } = interaction.prompt;
  const grant = interaction.grantId
    ? ((await provider.Grant.find(interaction.grantId)) ?? newGrant(provider, interaction, accountId))
    : newGrant(provider, interaction, accountId);

  const oidc = split(details.missingOIDCScope, allowed);
  grant.addOIDCScope(oidc.granted);
  grant.rejectOIDCScope(oidc.rejected);
  if (Array.isArray(details.missingOIDCClaims)) {
    grant.addOIDCClaims(details.missingOIDCClaims.map(String));
  }
  const resources = (details.missingResourceScopes ?? {}) as Record<string, unknown>;
  for (const [indicator, scopes] of Object.entries(resources)) {
    const resource = split(scopes, allowed);
    grant.addResourceScope(indicator, resource.granted);
    grant.rejectResourceScope(indicator, resource.rejected);
  }
  return grant.save();
}

function newGrant(provider: Provider, interaction: Interaction, accountId: string): Grant {
  return new provider.Grant({ accountId, clientId: String(interaction.params.client_id) });
}
