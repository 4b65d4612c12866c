import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * Normalises a phone number written in any common form (0712 345 678, 254712345678,
 * +254 712 345 678) to E.164, or returns null when it is not a valid number.
 * The `max` metadata checks number ranges, not only lengths, so 0700 000 000-style typos fail.
 */
// Digits and the separators people write; letters (libphonenumber would read "x" as an extension) are refused.
const PHONE_CHARACTERS = /^\+?[\d\s().-]+$/;

export function normalisePhone(input: string, defaultRegion: string): string | null {
  const trimmed = input.trim();
  if (!PHONE_CHARACTERS.test(trimmed)) {
    return null;
  }
  // "254712345678" is common in Kenya: the country code without the plus.
  const candidate = /^\d{11,15}$/.test(trimmed) && !trimmed.startsWith('0') ? `+${trimmed}` : trimmed;
  const parsed = parsePhoneNumberFromString(candidate, defaultRegion as CountryCode);
  return parsed?.isValid() ? parsed.number : null;
}
