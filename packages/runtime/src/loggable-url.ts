/** Query parameters that carry credentials: an authorization code, tokens, keys. */
const secretQueryParameters =
  /([?&](?:code|token|access_token|id_token|refresh_token|client_secret|api_?key)=)[^&#]*/gi;

/**
 * A URL as it may be logged. The delivery-report webhook is authenticated by a secret in its
 * path, and an OpenID sign-in returns with its authorization code in the query: both are
 * replaced by `[redacted]`, wherever the URL is written (a request log line, a configured
 * callback URL). Works on a path with its query as well as on an absolute URL.
 */
export function loggableUrl(url: string): string {
  return url
    .replace(/(\/delivery-reports\/)[^/?#]+/, '$1[redacted]')
    .replace(secretQueryParameters, '$1[redacted]');
}
