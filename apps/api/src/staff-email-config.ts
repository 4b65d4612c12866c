import { locales } from '@sokoni/db';
import { Type } from 'typebox';

// Who is told of every new order by e-mail, in which language, and where the e-mail links to.
// The API owes the e-mails (one notification per address, written with the order); the worker
// sends them through SMTP (its SMTP_* variables).

/** One address: a local part and a domain with a dot, no spaces, commas or angle brackets. */
const ADDRESS = '[^\\s@,<>"]+@[^\\s@,<>"]+\\.[^\\s@,<>"]+';

export const staffEmailConfig = {
  STAFF_EMAILS: Type.Optional(
    Type.String({
      pattern: `^\\s*${ADDRESS}(\\s*,\\s*${ADDRESS})*\\s*$`,
      maxLength: 2000,
      description:
        'comma-separated e-mail addresses of the staff told of every new order (one e-mail each); unset: none',
    }),
  ),
  STAFF_EMAIL_LOCALE: Type.Enum(locales, {
    default: 'en',
    description: `language of the staff e-mails: ${locales.join(' or ')}`,
  }),
  STAFF_EMAIL_ORDER_URL: Type.Optional(
    Type.String({
      pattern: '^https?://[^\\s]*\\{orderId\\}',
      description:
        "link to an order in the staff e-mail, {orderId} replaced by the order's id; unset: " +
        '<PUBLIC_URL>/v1/orders/{orderId}',
    }),
  ),
};

/** STAFF_EMAILS as a list: trimmed, lower-cased, each address once. */
export function staffAddressesOf(value: string | undefined): string[] {
  if (value === undefined) {
    return [];
  }
  return [
    ...new Set(
      value
        .split(',')
        .map((address) => address.trim().toLowerCase())
        .filter((address) => address !== ''),
    ),
  ];
}

/** The link template of the staff e-mail: STAFF_EMAIL_ORDER_URL, or the API's own order URL. */
export function staffOrderUrlTemplate(config: {
  STAFF_EMAIL_ORDER_URL?: string | undefined;
  PUBLIC_URL: string;
}) {
  return config.STAFF_EMAIL_ORDER_URL ?? `${config.PUBLIC_URL.replace(/\/+$/, '')}/v1/orders/{orderId}`;
}
