import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/** Network codes (MCC+MNC) AT puts in delivery reports, by country, for the main operator. */
const networkByCountry: Readonly<Record<string, string>> = {
  NG: '62130', // MTN Nigeria
  RW: '63510', // MTN Rwanda
  UG: '64101', // MTN Uganda
  TZ: '64002', // Tigo Tanzania
  ET: '63601', // Ethio Telecom
  MW: '65010', // Airtel Malawi
  ZM: '64501', // Airtel Zambia
};

/** AT's sandbox network ("Athena"), used for numbers we have no operator for. */
const fallbackNetworkCode = '99999';

/**
 * Like AT (and its SDK, which checks with libphonenumber's full metadata), only international
 * E.164 numbers are valid: "0712345678" is refused, "+254712345678" is not.
 */
export function isValidRecipient(number: string): boolean {
  if (!/^\+[1-9]\d{6,14}$/.test(number)) {
    return false;
  }
  return parsePhoneNumberFromString(number)?.isValid() ?? false;
}

/** The network code of a valid E.164 number, by operator prefix in Kenya and by country elsewhere. */
export function networkCodeFor(number: string): string {
  const parsed = parsePhoneNumberFromString(number);
  if (!parsed?.country) {
    return fallbackNetworkCode;
  }
  if (parsed.country === 'KE') {
    return kenyanNetworkCode(parsed.nationalNumber);
  }
  return networkByCountry[parsed.country] ?? fallbackNetworkCode;
}

function kenyanNetworkCode(national: string): string {
  if (/^(73|75[0-6]|762|78|10)/.test(national)) {
    return '63903'; // Airtel Kenya
  }
  if (/^77/.test(national)) {
    return '63907'; // Telkom Kenya
  }
  return '63902'; // Safaricom
}
