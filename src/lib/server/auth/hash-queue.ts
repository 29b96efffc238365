/**
 * Password hashing runs on libuv's small thread pool (4 threads), which file reads and DNS share:
 * unbounded, a burst of logins would stall static files for everyone. At most `concurrency` hashes
 * run at once and `maxWaiting` wait; beyond that a login is refused at once (429) instead of queued.
 */
export const HASH_CONCURRENCY = 2;
export const HASH_MAX_WAITING = 32;

export interface HashQueue {
  /** Runs the task in its turn, or returns null when the queue is full. */
  run<T>(task: () => Promise<T>): Promise<T> | null;
  /** Running and waiting tasks. */
  size(): number;
}

export function createHashQueue(concurrency = HASH_CONCURRENCY, maxWaiting = HASH_MAX_WAITING): HashQueue {
  let running = 0;
  const waiting: Array<() => void> = [];
  const release = () => {
    running--;
    const next = waiting.shift();
    if (next) {
      running++;
      next();
    }
  };
  return {
    run(task) {
      if (running >= concurrency && waiting.length >= maxWaiting) return null;
      const turn =
        running < concurrency ? ((running++, Promise.resolve())) : new Promise<void>((resolve) => waiting.push(resolve));
      return turn.then(task).finally(release);
    },
    size: () => running + waiting.length
  };
}
