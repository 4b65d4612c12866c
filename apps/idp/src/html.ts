const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (character) => ENTITIES[character] ?? character);
}

/** The frame of every page the provider renders itself: no external assets, works offline. */
export function renderPage(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(title)} · Sokoni development sign-in</title>
  <style>
    body{font-family:system-ui,sans-serif;background:#f4f4f5;margin:0;padding:40px 16px;color:#18181b}
    main{max-width:360px;margin:0 auto;background:#fff;border-radius:8px;padding:24px;box-shadow:0 1px 3px rgba(0,0,0,.15)}
    h1{font-size:1.3rem;margin-top:0}label{display:block;margin:12px 0 4px;font-size:.9rem}
    input{width:100%;box-sizing:border-box;padding:8px;font-size:1rem;border:1px solid #a1a1aa;border-radius:4px}
    button{margin-top:16px;width:100%;padding:10px;font-size:1rem;background:#0f766e;color:#fff;border:0;border-radius:4px;cursor:pointer}
    .error{color:#b91c1c}.hint{color:#52525b;font-size:.85rem}a{color:#0f766e}code{font-size:.85rem}
  </style>
</head>
<body><main>${body}</main></body>
</html>`;
}
