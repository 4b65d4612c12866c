import { escapeHtml, renderPage } from './html.ts';
import { DEMO_USERS } from './users.ts';

export interface LoginPageOptions {
  uid: string;
  clientName: string;
  scope: string;
  username?: string;
  error?: string;
}

/** The login form of an interaction; it posts `username` and `password` to `/interaction/<uid>/login`. */
export function renderLoginPage(options: LoginPageOptions): string {
  const uid = encodeURIComponent(options.uid);
  const error = options.error ? `<p class="error" role="alert">${escapeHtml(options.error)}</p>` : '';
  const users = DEMO_USERS.map((user) => `<code>${escapeHtml(user.username)}</code>`).join(', ');
  return renderPage(
    'Sign in',
    `<h1>Sign in to ${escapeHtml(options.clientName)}</h1>
    ${error}
    <form method="post" action="/interaction/${uid}/login" autocomplete="off">
      <label for="username">Username</label>
      <input id="username" name="username" required autofocus value="${escapeHtml(options.username ?? '')}">
      <label for="password">Password</label>
      <input id="password" name="password" type="password" required>
      <button type="submit">Sign in</button>
    </form>
    <p class="hint">Requested access: <code>${escapeHtml(options.scope)}</code></p>
    <p><a href="/interaction/${uid}/register">Create an account</a></p>
    <p class="hint">Demo users: ${users} (password: the username followed by <code>-pass</code>).</p>
    <p><a href="/interaction/${uid}/abort">Cancel</a></p>`,
  );
}
