import { type Executor, reserveOrderNumbers } from '@sokoni/db';

/** Numbers reserved per round trip to PostgreSQL. */
const BLOCK_SIZE = 100;

/**
 * Order numbers handed out from blocks reserved in advance (one statement per block instead of
 * one per order). Numbers stay unique across replicas, since every block comes from the same
 * sequence, and rise within a replica; replicas interleave, and a replica that stops skips the
 * rest of its block.
 *
 * A block is reserved on the connection of the request that finds none left (its transaction's,
 * when it has one): taking another connection from the pool could wait forever while every
 * connection belongs to a transaction waiting for a number. nextval() is not transactional, so a
 * block outlives a transaction that rolls back.
 */
export function createOrderNumbers(blockSize: number = BLOCK_SIZE) {
  let available: string[] = [];
  let reserving: Promise<void> | undefined;

  async function reserve(db: Executor): Promise<void> {
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
    /** The next number; `db` is the caller's connection or transaction, used when a block is due. */
    async next(db: Executor): Promise<string> {
      for (;;) {
        const number = available.shift();
        if (number !== undefined) {
          return number;
        }
        await reserve(db);
      }
    },
  };
}

export type OrderNumbers = ReturnType<typeof createOrderNumbers>;
