import { relative } from 'node:path';

/**
 * The seed of a fuzz file's properties: `FUZZ_SEED` when set (to replay a failure), a fresh one
 * otherwise. Printed at the start, so any run can be replayed from its log.
 */
export function fuzzSeed(file: string): number {
  const given = process.env.FUZZ_SEED || undefined;
  if (given !== undefined && !/^-?\d+$/.test(given)) {
    throw new Error(`FUZZ_SEED must be an integer, not ${given}`);
  }
  const seed = given === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(given);
  const path = relative(process.cwd(), file);
  console.info(`fuzz seed ${seed} (replay: FUZZ_SEED=${seed} pnpm exec vitest run ${path})`);
  return seed;
}
