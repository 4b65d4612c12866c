/** Thrown instead of starting when the development provider is asked to run in production. */
export class ProductionRefusedError extends Error {
  constructor() {
    super(
      'apps/idp is a development and test OpenID provider: its clients have published secrets ' +
        '(sokoni-dev / sokoni-dev-secret) and its users demo passwords, so it refuses to run with ' +
        'NODE_ENV=production. Use a real OpenID Connect provider and point the API at it ' +
        '(OIDC_ISSUER, OIDC_AUDIENCE).',
    );
    this.name = 'ProductionRefusedError';
  }
}

export function refuseProduction(nodeEnv: string | undefined): void {
  if (nodeEnv === 'production') {
    throw new ProductionRefusedError();
  }
}
