/**
 * Collects calls made in the same turn of the event loop and runs them as one batch, up to
 * `maxSize` per batch. A worker running many jobs at once thus writes to PostgreSQL in one
 * statement per turn instead of one per job: PostgreSQL's cost per statement, not per row, is
 * what limits an SMS worker. A failed batch fails every call in it.
 */
export function createBatcher<I, R>(options: { maxSize: number; run: (inputs: I[]) => Promise<R[]> }) {
  let pending: { input: I; resolve: (value: R) => void; reject: (error: unknown) => void }[] = [];
  let scheduled = false;

  function flush(): void {
    scheduled = false;
    while (pending.length > 0) {
      const batch = pending.slice(0, options.maxSize);
      pending = pending.slice(options.maxSize);
      options.run(batch.map((call) => call.input)).then(
        (results) => {
          batch.forEach((call, index) => {
            call.resolve(results[index] as R);
          });
        },
        (error: unknown) => {
          for (const call of batch) {
            call.reject(error);
          }
        },
      );
    }
  }

  return (input: I): Promise<R> =>
    new Promise<R>((resolve, reject) => {
      pending.push({ input, resolve, reject });
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    });
}
