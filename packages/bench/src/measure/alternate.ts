/**
 * Runs the measurements in turn, `rounds` times over (a, b, c, a, b, c, …), so that a change in
 * how busy the machine is falls on each of them alike instead of on whichever ran last.
 */
export async function alternate<R extends Record<string, unknown>>(
  rounds: number,
  runs: { [K in keyof R]: (round: number) => Promise<R[K]> },
): Promise<{ [K in keyof R]: R[K][] }> {
  const keys = Object.keys(runs) as (keyof R)[];
  const results = Object.fromEntries(keys.map((key) => [key, []])) as unknown as { [K in keyof R]: R[K][] };
  for (let round = 1; round <= rounds; round += 1) {
    for (const key of keys) {
      results[key].push(await runs[key](round));
    }
  }
  return results;
}
