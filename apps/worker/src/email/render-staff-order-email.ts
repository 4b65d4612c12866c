import type { StaffOrderEmail } from '@sokoni/contracts';
import { staffOrderTexts } from './staff-order-texts.ts';

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/** Escapes text for HTML content and attribute values: a customer named `<script>` stays text. */
function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** A subject is one header line: line breaks from a name or number would start a header of their own. */
function oneLine(value: string): string {
  return value.replace(/[\r\n]+/g, ' ');
}

/** Only http(s) links are written into the HTML; anything else is shown as text, never as a link. */
function isWebLink(url: string): boolean {
  return /^https?:\/\//i.test(url);
}

/**
 * The staff e-mail of a new order, in plain text and HTML, from its frozen body alone: the same
 * body always gives the same e-mail, so a retry or a resend repeats it exactly.
 */
export function renderStaffOrderEmail(mail: StaffOrderEmail): RenderedEmail {
  const t = staffOrderTexts[mail.locale];
  const { order, customer } = mail;
  const money = (amount: string) => `${order.currency} ${amount}`;

  const text = [
    t.heading(order.number),
    '',
    `${t.customer}: ${customer.name}`,
    `${t.code}: ${customer.code}`,
    `${t.phone}: ${customer.phone}`,
    '',
    ...order.lines.map(
      (line) =>
        `- ${line.quantity} x ${line.name}` +
        (line.unitPrice === null ? '' : ` @ ${money(line.unitPrice)}`) +
        ` = ${money(line.lineTotal)}`,
    ),
    '',
    `${t.total}: ${money(order.amount)}`,
    ...(order.notes ? [`${t.notes}: ${order.notes}`] : []),
    '',
    `${t.open}: ${order.url}`,
    '',
    t.footer(mail.shopName),
    '',
  ].join('\n');

  const cell = 'style="padding:4px 8px;border-bottom:1px solid #ddd"';
  const right = 'style="padding:4px 8px;border-bottom:1px solid #ddd;text-align:right"';
  const rows = order.lines
    .map(
      (line) =>
        `<tr><td ${cell}>${escapeHtml(line.name)}</td><td ${right}>${line.quantity}</td>` +
        `<td ${right}>${line.unitPrice === null ? '' : escapeHtml(money(line.unitPrice))}</td>` +
        `<td ${right}>${escapeHtml(money(line.lineTotal))}</td></tr>`,
    )
    .join('\n');
  const link = isWebLink(order.url)
    ? `<a href="${escapeHtml(order.url)}">${escapeHtml(t.open)}</a>`
    : `${escapeHtml(t.open)}: ${escapeHtml(order.url)}`;
  const html = `<!doctype html>
<html lang="${mail.locale}">
<head><meta charset="utf-8"><title>${escapeHtml(oneLine(t.heading(order.number)))}</title></head>
<body style="font-family:sans-serif;color:#222">
<h1 style="font-size:20px">${escapeHtml(t.heading(order.number))}</h1>
<p>${escapeHtml(t.customer)}: <strong>${escapeHtml(customer.name)}</strong><br>
${escapeHtml(t.code)}: ${escapeHtml(customer.code)}<br>
${escapeHtml(t.phone)}: ${escapeHtml(customer.phone)}</p>
<table style="border-collapse:collapse">
<thead><tr><th ${cell}>${escapeHtml(t.item)}</th><th ${right}>${escapeHtml(t.quantity)}</th><th ${right}>${escapeHtml(t.unitPrice)}</th><th ${right}>${escapeHtml(t.lineTotal)}</th></tr></thead>
<tbody>
${rows}
</tbody>
<tfoot><tr><th ${cell} colspan="3">${escapeHtml(t.total)}</th><th ${right}>${escapeHtml(money(order.amount))}</th></tr></tfoot>
</table>
${order.notes ? `<p>${escapeHtml(t.notes)}: ${escapeHtml(order.notes)}</p>\n` : ''}<p>${link}</p>
<p style="color:#777;font-size:12px">${escapeHtml(t.footer(mail.shopName))}</p>
</body>
</html>
`;
  return { subject: oneLine(t.subject({ number: order.number, shopName: mail.shopName })), text, html };
}
