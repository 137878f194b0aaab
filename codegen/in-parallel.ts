// File reads and writes, a bounded number at a time: a folder of many small files is mostly waiting on the disk.

/** How many files generate, check and load read or write at once. */
export const FILES_AT_ONCE = 16;

/** Runs `run` on every item, `width` at a time; after a failure, starts no more and waits for those running. */
export async function inParallel<T>(items: T[], width: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const lane = async () => {
    while (!failed && next < items.length) {
      try {
        await run(items[next++]!);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const outcomes = await Promise.allSettled(Array.from({ length: Math.min(width, items.length) }, lane));
  const failure = outcomes.find((outcome) => outcome.status === "rejected");
  if (failure) throw failure.reason;
}

/** `run` on every item, `width` at a time; the results in the items' order. */
export async function mapInParallel<T, R>(items: T[], width: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  await inParallel([...items.keys()], width, async (at) => {
    results[at] = await run(items[at]!);
  });
  return results;
}
