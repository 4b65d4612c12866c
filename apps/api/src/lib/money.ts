/**
 * A Money string (digits, at most two decimals: see schemas/common.ts) as PostgreSQL's
 * numeric(12,2) prints it back: no leading zeros, exactly two decimals ("007.5" → "7.50"). The
 * SMS of a new order quotes the amount before the row is written, so it must read as the row will.
 */
export function asStoredMoney(amount: string): string {
  const [whole = '', fraction = ''] = amount.split('.');
  return `${whole.replace(/^0+(?=\d)/, '')}.${fraction.padEnd(2, '0')}`;
}
