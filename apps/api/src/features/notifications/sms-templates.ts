import { type Locale, locales, type OrderStatus } from '@sokoni/db';
import { SegmentedMessage } from 'sms-segments-calculator';

// Every SMS text Sokoni sends, in every locale (English and Swahili). Keep them short: a message
// over 160 GSM-7 characters (70 if any character needs UCS-2) is billed as several segments.

/**
 * What an order owes an SMS for: being placed, and reaching each status after pending. A new
 * order status or locale fails tsc below until it has its texts.
 */
export type SmsTrigger = 'order.created' | `order.status.${Exclude<OrderStatus, 'pending'>}`;

export interface OrderSmsFacts {
  shopName: string;
  customerName: string;
  orderNumber: string;
  item: string;
  quantity: number;
  amount: string;
  currency: string;
}

type Template = (facts: OrderSmsFacts) => string;

const firstName = (name: string) => name.trim().split(/\s+/)[0] ?? name;
const items = (f: OrderSmsFacts) => (f.quantity > 1 ? `${f.quantity} x ${f.item}` : f.item);

const templates: Record<Locale, Record<SmsTrigger, Template>> = {
  en: {
    'order.created': (f) =>
      `${f.shopName}: Hi ${firstName(f.customerName)}, we received order ${f.orderNumber}: ${items(f)}, ${f.currency} ${f.amount}.`,
    'order.status.confirmed': (f) => `${f.shopName}: Order ${f.orderNumber} is confirmed and being prepared.`,
    'order.status.shipped': (f) => `${f.shopName}: Order ${f.orderNumber} is on its way.`,
    'order.status.delivered': (f) => `${f.shopName}: Order ${f.orderNumber} has been delivered. Thank you!`,
    'order.status.cancelled': (f) => `${f.shopName}: Order ${f.orderNumber} has been cancelled.`,
  },
  sw: {
    'order.created': (f) =>
      `${f.shopName}: Habari ${firstName(f.customerName)}, tumepokea oda ${f.orderNumber}: ${items(f)}, ${f.currency} ${f.amount}.`,
    'order.status.confirmed': (f) => `${f.shopName}: Oda ${f.orderNumber} imethibitishwa na inaandaliwa.`,
    'order.status.shipped': (f) => `${f.shopName}: Oda ${f.orderNumber} iko njiani.`,
    'order.status.delivered': (f) => `${f.shopName}: Oda ${f.orderNumber} imefikishwa. Asante!`,
    'order.status.cancelled': (f) => `${f.shopName}: Oda ${f.orderNumber} imeghairiwa.`,
  },
};

export interface RenderedSms {
  body: string;
  /** GSM-7 or UCS-2: UCS-2 (any character outside the GSM alphabet) fits 70 characters per segment. */
  encoding: 'GSM-7' | 'UCS-2';
  segments: number;
}

/**
 * Printable ASCII that GSM-7 encodes in one septet each: everything but the backtick (not in
 * GSM-7) and ^ { } \\ [ ] ~ | (two septets each, through GSM-7's escape table), plus CR and LF.
 */
const SINGLE_SEPTET_ASCII = /^[\r\n !-Z_a-z]*$/;

/** Septets in one segment: 160 alone, 153 once a message is split (the rest is the split header). */
const SINGLE_SEGMENT_SEPTETS = 160;
const SPLIT_SEGMENT_SEPTETS = 153;

/**
 * Measures a text as the network will bill it. Nearly every text is plain ASCII, which is
 * counted here at once; the rest (accents, emoji, escaped characters) goes through the full
 * GSM-7/UCS-2 segmenter, which costs far more per message.
 */
export function measureSms(body: string): RenderedSms {
  if (SINGLE_SEPTET_ASCII.test(body)) {
    const septets = body.length;
    return {
      body,
      encoding: 'GSM-7',
      segments: septets <= SINGLE_SEGMENT_SEPTETS ? 1 : Math.ceil(septets / SPLIT_SEGMENT_SEPTETS),
    };
  }
  const message = new SegmentedMessage(body, 'auto');
  return {
    body,
    encoding: message.encodingName === 'GSM-7' ? 'GSM-7' : 'UCS-2',
    segments: message.segmentsCount,
  };
}

export function renderOrderSms(trigger: SmsTrigger, locale: Locale, facts: OrderSmsFacts): RenderedSms {
  return measureSms(templates[locale][trigger](facts));
}

/** Whether a stored locale has texts (the column is plain text, so a row may hold anything). */
export function isLocale(value: string): value is Locale {
  return locales.some((locale) => locale === value);
}
