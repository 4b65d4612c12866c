const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => ESCAPES[character] ?? character);
}

/** Pages of the sign-in routes carry no script and load nothing. */
export const PAGE_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'";

function page(title: string, body: string, head = ''): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${head}<title>${escapeHtml(title)} · Sokoni</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

/**
 * The end of a sign-in. The browser arrives here from the provider, a cross-site navigation, so
 * a SameSite=Strict cookie set now would not be sent with a 302 that follows it; a page of our
 * own that moves on by itself (meta refresh) makes the next request same-site.
 */
export function signedInPage(returnTo: string): string {
  const target = escapeHtml(returnTo);
  return page(
    'Signed in',
    `<h1>Signed in</h1>\n<p><a href="${target}">Continue to ${target}</a></p>`,
    `<meta http-equiv="refresh" content="0;url=${target}">\n`,
  );
}

export function signedOutPage(): string {
  return page(
    'Signed out',
    '<h1>Signed out</h1>\n<p>Your operator session has ended. <a href="/admin/login">Sign in again</a></p>',
  );
}
