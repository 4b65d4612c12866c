import { type Database, reserveOrderNumbers } from '@sokoni/db';

/** Numbers reserved per round trip to PostgreSQL. */
const BLOCK_SIZE = 100;

/**
 * Order numbers handed out from blocks reserved in advance (one statement per block instead of
 * one per order). Numbers stay unique across replicas, since every block comes from the same
 * sequence, and rise within a replica; replicas interleave, and a replica that stops skips the
 * rest of its block.
 */
export function createOrderNumbers(db: Database, blockSize: number = BLOCK_SIZE) {
  let available: string[] = [];
  let reserving: Promise<void> | undefined;

  async function reserve(): Promise<void> {
    reserving ??= reserveOrderNumbers(db, blockSize)
      .then((numbers) => {
        available = available.concat(numbers);
      })
      .finally(() => {
        reserving = undefined;
      });
    await reserving;
  }

  return {
    async next(): Promise<string> {
      for (;;) {
        const number = available.shift();
        if (number !== undefined) {
          return number;
        }
        await reserve();
      }
    },
  };
}

export type OrderNumbers = ReturnType<typeof createOrderNumbers>;
