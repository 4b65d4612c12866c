/**
 * The delivery-report webhook is authenticated by a secret in its path, so request URLs must not
 * reach logs as they are: the secret segment is replaced before logging.
 */
export function redactUrl(url: string): string {
  return url.replace(/(\/delivery-reports\/)[^/?#]+/, '$1[redacted]');
}
