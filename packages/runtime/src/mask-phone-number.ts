/** Digits of a number always hidden, however short it is. */
const hiddenDigits = 4;

/**
 * A phone number as it may appear where people read it (logs, job failure reasons, operator
 * views): the country code and first digit, then `****`, then the last four digits, e.g.
 * `+254712345678` → `+2547****5678`. Shorter numbers show fewer digits; at least four are always
 * hidden. Only a number's owner and the provider need the whole of it.
 */
export function maskPhoneNumber(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  const suffix = Math.min(4, Math.max(0, digits.length - hiddenDigits));
  const prefix = Math.min(4, Math.max(0, digits.length - suffix - hiddenDigits));
  const plus = phone.trimStart().startsWith('+') ? '+' : '';
  return `${plus}${digits.slice(0, prefix)}****${suffix > 0 ? digits.slice(-suffix) : ''}`;
}

/**
 * A run of 8 to 15 digits, with an optional leading `+`, standing on its own (E.164 numbers are
 * at most 15 digits). Digits inside a word, such as a message id, are left alone.
 */
const phoneLike = /(?<![\w+])\+?\d{8,15}(?!\w)/g;

/** `text` with every phone number in it masked as maskPhoneNumber does: for text quoted from elsewhere. */
export function maskPhoneNumbers(text: string): string {
  return text.replace(phoneLike, (match) => maskPhoneNumber(match));
}
