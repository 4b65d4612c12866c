import type { OrderableProduct, OrderLine, OrderLineView } from '@sokoni/db';
import { AppError, unprocessable } from '../../lib/errors.ts';

/** A line as the client asked for it, with where it first appeared in `items` (for error paths). */
export interface RequestedLine {
  productId: string;
  quantity: number;
  index: number;
}

/**
 * Each product once, in the order first listed: a product listed twice becomes one line of the
 * summed quantity (so the statement takes its stock once, and the order shows one line).
 */
export function mergeLines(items: ReadonlyArray<{ productId: string; quantity: number }>): RequestedLine[] {
  const byProduct = new Map<string, RequestedLine>();
  items.forEach((item, index) => {
    const known = byProduct.get(item.productId);
    if (known) {
      known.quantity += item.quantity;
    } else {
      byProduct.set(item.productId, { productId: item.productId, quantity: item.quantity, index });
    }
  });
  return [...byProduct.values()];
}

/** numeric(12,2) holds at most this many hundredths. */
const MAX_STORED_CENTS = 999_999_999_999n;

function toCents(money: string): bigint {
  const [whole = '0', fraction = ''] = money.split('.');
  return BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0').slice(0, 2));
}

function fromCents(cents: bigint): string {
  return `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`;
}

/** A priced line as the API shows it, with its total (unit price × quantity, exact). */
export function asLineView(line: OrderLine): OrderLineView {
  return {
    productId: line.productId,
    name: line.name,
    unitPrice: line.unitPrice,
    quantity: line.quantity,
    lineTotal: fromCents(toCents(line.unitPrice) * BigInt(line.quantity)),
  };
}

/** Lines the summary names before it counts the rest ("… (+2)"). */
const SUMMARY_LINES = 3;
/** orders.item of a free-text order is at most 200 characters; a summary keeps to that too. */
const SUMMARY_MAX_LENGTH = 200;

/**
 * The order's `item`: what its SMS quotes and its search finds. Each line reads as a free-text
 * order's SMS would ("2 x Sukari 1kg"), the first few named and the rest counted. ASCII only
 * around the names, so a GSM-7 name keeps the SMS in GSM-7.
 */
export function summariseLines(lines: ReadonlyArray<{ name: string; quantity: number }>): string {
  const named = lines
    .slice(0, SUMMARY_LINES)
    .map((line) => (line.quantity > 1 ? `${line.quantity} x ${line.name}` : line.name));
  const rest = lines.length - named.length;
  const summary = named.join(', ') + (rest > 0 ? ` (+${rest})` : '');
  return summary.length > SUMMARY_MAX_LENGTH ? `${summary.slice(0, SUMMARY_MAX_LENGTH - 3)}...` : summary;
}

export interface PricedOrder {
  lines: OrderLine[];
  /** The total, as numeric(12,2) prints it. */
  amount: string;
  currency: string;
  /** Units over all lines. */
  quantity: number;
}

/**
 * Prices the lines from the catalogue as read: every product must exist and be for sale, and
 * all share one currency. Throws 422 naming the first line that cannot be ordered.
 */
export function priceLines(
  requested: readonly RequestedLine[],
  products: ReadonlyMap<string, OrderableProduct>,
): PricedOrder {
  const lines: OrderLine[] = [];
  let total = 0n;
  let currency: string | undefined;
  for (const line of requested) {
    const product = products.get(line.productId);
    if (!product?.active) {
      throw unavailableProduct(line, product);
    }
    currency ??= product.currency;
    if (product.currency !== currency) {
      throw unprocessable(
        '/items',
        `all products of an order must share one currency: ${product.name} is priced in ${product.currency}, not ${currency}`,
      );
    }
    total += toCents(product.price) * BigInt(line.quantity);
    lines.push({
      productId: line.productId,
      quantity: line.quantity,
      name: product.name,
      unitPrice: product.price,
    });
  }
  if (total === 0n) {
    throw unprocessable('/items', 'the order would cost nothing: every product listed is free');
  }
  if (total > MAX_STORED_CENTS) {
    throw unprocessable('/items', `the order's total exceeds ${fromCents(MAX_STORED_CENTS)}`);
  }
  return {
    lines,
    amount: fromCents(total),
    currency: currency ?? '',
    quantity: lines.reduce((units, line) => units + line.quantity, 0),
  };
}

/** 422 for a line whose product does not exist or is not for sale, naming it. */
export function unavailableProduct(line: RequestedLine, product: { name: string } | undefined): AppError {
  const message = product
    ? `product ${line.productId} (${product.name}) is not for sale`
    : `product ${line.productId} does not exist`;
  return unprocessable(`/items/${line.index}/productId`, message);
}

/** 409 naming the product whose stock is short. */
export function outOfStock(
  line: RequestedLine,
  product: { name: string | null; stock: number | null },
): AppError {
  const available = product.stock ?? 0;
  return new AppError(
    'out-of-stock',
    `not enough stock of ${product.name} (product ${line.productId}): ${line.quantity} ordered, ${available} left`,
    {
      errors: [{ field: `/items/${line.index}/quantity`, message: `${available} left` }],
      extensions: { productId: line.productId, name: product.name, requested: line.quantity, available },
    },
  );
}
