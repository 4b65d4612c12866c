import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../src/html.ts';
import { renderLoginPage } from '../../src/login-page.ts';

describe('escapeHtml', () => {
  it('escapes markup and quotes', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});

describe('renderLoginPage', () => {
  it('posts to the interaction and escapes what the user typed', () => {
    const html = renderLoginPage({
      uid: 'abc-123',
      clientName: 'Sokoni customer app',
      scope: 'openid orders:read',
      username: '"><script>alert(1)</script>',
      error: 'Unknown username or wrong password.',
    });
    expect(html).toContain('action="/interaction/abc-123/login"');
    expect(html).toContain('name="username"');
    expect(html).toContain('name="password" type="password"');
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('role="alert"');
  });
});
