/**
 * One login try at a time per user+address pair. The pair's failure (and so its backoff and its share
 * of the per-name and global budgets) is known only once the password hash is done: tries sent
 * together would all look like a first try and all be checked. In turn, each one sees the outcome of
 * the one before, exactly as if they had been sent one after another. Other pairs never wait here, so
 * an attacker's queue cannot hold up someone else's login. At most `maxPerPair` tries of a pair are
 * running or waiting; beyond that a try is refused at once (null), which bounds what one pair holds.
 */
export const PAIR_MAX_QUEUED = 4;

export interface PairTurns {
  /** Runs the task after the pair's earlier tries have finished, or returns null when the pair's line is full. */
  run<T>(key: string, task: () => Promise<T>): Promise<T> | null;
  /** Pairs with a try running or waiting. */
  size(): number;
}

export function createPairTurns(maxPerPair = PAIR_MAX_QUEUED): PairTurns {
  const lines = new Map<string, { tail: Promise<unknown>; count: number }>();
  const settle = () => undefined;
  return {
    run(key, task) {
      const line = lines.get(key) ?? { tail: Promise.resolve(), count: 0 };
      if (line.count >= maxPerPair) return null;
      line.count++;
      lines.set(key, line);
      const result = line.tail.then(task);
      line.tail = result.then(settle, settle).then(() => {
        // The last one out removes the line; a try that arrived meanwhile raised the count first.
        if (--line.count === 0) lines.delete(key);
      });
      return result;
    },
    size: () => lines.size
  };
}
