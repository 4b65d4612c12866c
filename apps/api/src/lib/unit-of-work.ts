import type { Database, Executor, Transaction } from '@sokoni/db';

/**
 * An open transaction and what is owed once it commits. A service method that writes takes an
 * optional one: given, it does its work inside the caller's transaction (which may write more
 * before committing, such as the stored answer of an Idempotency-Key); not given, it opens its own.
 */
export interface UnitOfWork {
  tx: Transaction;
  /**
   * Runs `task` after the transaction commits, never if it rolls back: for side effects outside
   * PostgreSQL, such as enqueueing the job of a row the transaction wrote (before commit, the
   * worker could take the job and not yet see the row). Tasks must not throw.
   */
  afterCommit(task: () => Promise<void>): void;
}

/**
 * Runs `work` in the caller's unit of work when there is one; otherwise in a new transaction,
 * running its after-commit tasks once it has committed.
 */
export async function withUnitOfWork<T>(
  db: Database,
  outer: UnitOfWork | undefined,
  work: (unit: UnitOfWork) => Promise<T>,
): Promise<T> {
  if (outer) {
    return work(outer);
  }
  const { result, runAfterCommit } = await commitUnitOfWork(db, work);
  await runAfterCommit();
  return result;
}

/**
 * Runs `work` in a new transaction and commits it. Returns the result and, still to run, the
 * after-commit tasks it left (in the order given): for a caller that must tell a failure before
 * the commit from one after it.
 */
export async function commitUnitOfWork<T>(
  db: Database,
  work: (unit: UnitOfWork) => Promise<T>,
): Promise<{ result: T; runAfterCommit: () => Promise<void> }> {
  const tasks: Array<() => Promise<void>> = [];
  const result = await db.transaction((tx) =>
    work({
      tx,
      afterCommit: (task) => {
        tasks.push(task);
      },
    }),
  );
  return {
    result,
    runAfterCommit: async () => {
      for (const task of tasks) {
        await task();
      }
    },
  };
}

/**
 * For work whose writes are one statement, which is atomic without a transaction: in the
 * caller's unit of work when there is one; otherwise straight on the pool (no BEGIN and COMMIT
 * round trips), running its after-commit tasks once the work has returned.
 */
export async function withSingleStatement<T>(
  db: Database,
  outer: UnitOfWork | undefined,
  work: (executor: Executor, afterCommit: UnitOfWork['afterCommit']) => Promise<T>,
): Promise<T> {
  if (outer) {
    return work(outer.tx, outer.afterCommit);
  }
  const tasks: Array<() => Promise<void>> = [];
  const result = await work(db, (task) => {
    tasks.push(task);
  });
  for (const task of tasks) {
    await task();
  }
  return result;
}
