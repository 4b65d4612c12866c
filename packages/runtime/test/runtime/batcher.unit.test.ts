import { describe, expect, it } from 'vitest';
import { createBatcher } from '../../src/index.ts';

describe('createBatcher', () => {
  it('runs the calls of one turn together, at most maxSize per batch, in order', async () => {
    const batches: number[][] = [];
    const double = createBatcher<number, number>({
      maxSize: 2,
      run: async (inputs) => {
        batches.push(inputs);
        return inputs.map((n) => n * 2);
      },
    });
    expect(await Promise.all([double(1), double(2), double(3)])).toEqual([2, 4, 6]);
    expect(batches).toEqual([[1, 2], [3]]);
    expect(await double(4)).toBe(8);
    expect(batches).toEqual([[1, 2], [3], [4]]);
  });

  it('fails every call of a batch that failed, and only those', async () => {
    const check = createBatcher<number, number>({
      maxSize: 2,
      run: async (inputs) => {
        if (inputs.includes(0)) {
          throw new Error('bad batch');
        }
        return inputs;
      },
    });
    const results = await Promise.allSettled([check(0), check(1), check(2)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'fulfilled']);
  });
});
