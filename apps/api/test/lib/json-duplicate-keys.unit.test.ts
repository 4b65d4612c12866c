import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { duplicateKey } from '../../src/lib/json-duplicate-keys.ts';

describe('duplicateKey', () => {
  it('finds none in any JSON that JSON.stringify writes', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(duplicateKey(JSON.stringify(value) ?? 'null')).toBeUndefined();
      }),
      { numRuns: 500, seed: 20261130 },
    );
  });

  it.each([
    ['at the top', '{"a":1,"a":2}', 'a'],
    ['with whitespace before the colon', '{"a" :1, "b":2,\n "a"\t: 3}', 'a'],
    ['spelt with an escape', '{"name":"x","\\u006eame":"y"}', 'name'],
    ['deep inside an array', '[{"x":[{"k":1,"k":2}]}]', 'k'],
    ['after a string holding quotes and colons', '{"v":"\\"a\\":1","a":1,"a":2}', 'a'],
  ])('finds one %s', (_name, text, key) => {
    expect(duplicateKey(text)).toBe(key);
  });

  it.each([
    ['in sibling objects', '[{"a":1},{"a":2}]'],
    ['in a parent and its child', '{"a":{"a":1}}'],
    ['as a value equal to a key', '{"a":"a","b":"a"}'],
  ])('finds none when the same name is %s', (_name, text) => {
    expect(duplicateKey(text)).toBeUndefined();
  });
});
