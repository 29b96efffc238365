/**
 * Deliveries run concurrently up to a limit (one slow SMTP server must not hold up the others); beyond
 * it they wait in a bounded queue where critical jobs go ahead of the rest. A full queue drops the
 * oldest non-critical job (counted; its `dropped` callback runs so the caller can close its books).
 */
export interface Job {
  critical: boolean;
  run: () => Promise<void>;
  dropped?: () => void;
}

export interface JobPool {
  push(job: Job): void;
  idle(): Promise<void>;
  stats(): { running: number; queued: number; dropped: number };
}

export function createJobPool(options: { concurrency: number; maxQueued: number; onError: (err: unknown) => void }): JobPool {
  const critical: Job[] = [];
  const normal: Job[] = [];
  let running = 0;
  let dropped = 0;
  let waiters: (() => void)[] = [];

  function next(): void {
    while (running < options.concurrency) {
      const job = critical.shift() ?? normal.shift();
      if (!job) break;
      running++;
      job
        .run()
        .catch(options.onError)
        .finally(() => {
          running--;
          next();
        });
    }
    if (running === 0 && critical.length === 0 && normal.length === 0) {
      const w = waiters;
      waiters = [];
      for (const resolve of w) resolve();
    }
  }

  return {
    push(job) {
      if (critical.length + normal.length >= options.maxQueued) {
        const victim = normal.shift();
        if (victim) {
          dropped++;
          victim.dropped?.();
        } else if (!job.critical) {
          dropped++;
          job.dropped?.();
          return;
        }
      }
      (job.critical ? critical : normal).push(job);
      next();
    },
    idle: () => (running === 0 && critical.length === 0 && normal.length === 0 ? Promise.resolve() : new Promise<void>((r) => waiters.push(r))),
    stats: () => ({ running, queued: critical.length + normal.length, dropped })
  };
}
