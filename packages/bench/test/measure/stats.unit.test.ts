import { describe, expect, it } from 'vitest';
import { alternate } from '../../src/measure/alternate.ts';
import { median, percentile, summarize } from '../../src/measure/stats.ts';

describe('statistics of repeated runs', () => {
  it('takes the median of an odd and an even number of samples', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('summarizes samples as median and range, keeping them', () => {
    expect(summarize([310, 280, 340])).toEqual({ median: 310, min: 280, max: 340, samples: [310, 280, 340] });
  });

  it('reads nearest-rank percentiles', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile([7], 99)).toBe(7);
  });

  it('alternates measurements round by round', async () => {
    const order: string[] = [];
    const results = await alternate(3, {
      ours: async (round) => {
        order.push(`ours${round}`);
        return round * 10;
      },
      baseline: async (round) => {
        order.push(`baseline${round}`);
        return `b${round}`;
      },
    });
    expect(order).toEqual(['ours1', 'baseline1', 'ours2', 'baseline2', 'ours3', 'baseline3']);
    expect(results).toEqual({ ours: [10, 20, 30], baseline: ['b1', 'b2', 'b3'] });
  });
});
