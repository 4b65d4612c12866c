import fc from 'fast-check';

/** `[[[…]]]` `depth` levels deep: the API refuses bodies nesting deeper than 32 levels. */
function nested(depth: number): unknown {
  let value: unknown = 'deep';
  for (let level = 0; level < depth; level += 1) {
    value = level % 2 === 0 ? [value] : { v: value };
  }
  return value;
}

/** Strings that break naive parsers, encoders and databases. */
export const hostileStrings = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  // lone surrogates: not well-formed text, the database cannot hold them
  '\ud800',
  'x\udfff',
  'end\ud83d',
  // right-to-left override and mark, zero-width space, BOM, non-characters
  '\u202eredro',
  '\u200f',
  '\u200b',
  '\ufeff',
  '\uffff',
  // emoji (surrogate pairs, ZWJ sequences, flags), combining marks, astral letters
  '👩🏽‍💻',
  '🇰🇪',
  'e\u0301\u0301\u0301',
  '𝕊𝕠𝕜𝕠𝕟𝕚',
  // numbers as text, and text that means something to someone
  'NaN',
  'Infinity',
  '-0',
  '1e309',
  '0x10',
  ' 1',
  '00000000-0000-0000-0000-000000000000',
  "'; DROP TABLE orders; --",
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '%00',
  '%E0%A4%A',
  '__proto__',
  'x'.repeat(10_000),
  '👩🏽‍💻'.repeat(1_000),
];

/** Values of every wrong kind: wrong types, boundary numbers, odd and huge text, deep nesting. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(null, true, false, 0, -1, [], {}, ['a', 'b'], { a: 1 }),
  fc.constantFrom(
    -0,
    0.5,
    2 ** 31,
    2 ** 31 - 1,
    -(2 ** 31) - 1,
    Number.MAX_SAFE_INTEGER + 2,
    1e308,
    -1e308,
    5e-324,
    100,
    101,
    1_000_000,
    1_000_001,
  ),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(...hostileStrings),
  // any code units, lone surrogates included
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.integer({ min: 2, max: 120 }).map(nested),
  fc.jsonValue({ maxDepth: 3 }),
);

/** Whether `value` holds text PostgreSQL cannot store: U+0000 or a lone surrogate, in a key or a value. */
export function holdsUnstorableText(value: unknown): boolean {
  const bad = (text: string) => text.includes('\u0000') || !text.isWellFormed();
  if (typeof value === 'string') {
    return bad(value);
  }
  if (Array.isArray(value)) {
    return value.some(holdsUnstorableText);
  }
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).some(([key, item]) => bad(key) || holdsUnstorableText(item));
  }
  return false;
}

/**
 * Bodies that are not JSON, or JSON no parser should take at its word. (Not a leading BOM: RFC
 * 8259 lets a parser ignore one, and Fastify's does.)
 */
export function hostileRawBodies(
  validBody: unknown,
  bodyLimitBytes: number,
): fc.Arbitrary<{ label: string; text: string }> {
  const valid = JSON.stringify(validBody ?? {});
  const fields = validBody !== null && typeof validBody === 'object' ? Object.keys(validBody) : [];
  const duplicated =
    fields.length > 0
      ? `{"${fields[0]}":${JSON.stringify(hostileStrings[12])},${valid.slice(1)}`
      : '{"a":1,"a":2}';
  return fc.constantFrom(
    { label: 'empty', text: '' },
    { label: 'truncated', text: valid.slice(0, -1) },
    { label: 'single quotes', text: valid.replaceAll('"', "'") },
    { label: 'trailing comma', text: `${valid.slice(0, -1)},}` },
    { label: 'NaN literal', text: '{"quantity":NaN}' },
    { label: 'huge number literal', text: '{"quantity":1e999}' },
    { label: 'long integer literal', text: `{"quantity":${'9'.repeat(400)}}` },

    { label: 'escaped NUL', text: '{"name":"a\\u0000b"}' },
    { label: 'escaped lone surrogate', text: `{"${fields[0] ?? 'name'}":"\\ud800"}` },
    { label: 'duplicate key', text: duplicated },
    { label: 'prototype key', text: `{"__proto__":{"admin":true},${valid.slice(1)}` },
    { label: 'constructor prototype', text: '{"constructor":{"prototype":{"admin":true}}}' },
    { label: '5000 levels deep', text: `${'['.repeat(5_000)}${']'.repeat(5_000)}` },
    { label: 'over the body limit', text: `{"name":"${'x'.repeat(bodyLimitBytes)}"}` },
    { label: 'a bare string', text: '"text"' },
    { label: 'null', text: 'null' },
  );
}

/** Content types the API does not read (only the webhook reads forms). */
export const wrongContentTypes = [
  'text/plain',
  'application/xml',
  'multipart/form-data; boundary=x',
  'application/x-www-form-urlencoded',
  'application/octet-stream',
  'application/json-patch+json',
  'text/json',
  'application/jsonx',
];

/**
 * Path segments as they go on the wire (printable ASCII). No bare `.` or `..`: by URL rules they
 * address another path, which clients resolve before sending.
 */
export const malformedPathSegments = [
  '%',
  '%zz',
  '%E0%A4%A',
  '%ED%A0%80', // a lone surrogate in UTF-8 form: not valid UTF-8
  '%C0%AF', // an overlong "/"
  '%00',
  '%2F..%2F..%2Fetc',
  '%20',
  '%252F',
  'a'.repeat(5_000),
];

export const malformedQueries = [
  'limit=%',
  'limit=%zz',
  'limit=1&limit=2',
  'limit[]=1',
  'limit[a]=1',
  '=&=&',
  '&&&',
  '?limit=1',
  'limit',
  '__proto__=x',
  'constructor[prototype][admin]=1',
  '%00=1',
  'limit=%ED%A0%80',
  'status=%00',
  'limit=-0',
  'limit=1e2',
  'limit=0x10',
  `q=${'a'.repeat(20_000)}`,
];
