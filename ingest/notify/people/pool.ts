/**
 * Deliveries run concurrently up to a limit (one slow SMTP server must not hold up the others); beyond
 * it they wait in a bounded queue of three lanes, each taken before the next: pages (on-call, backup,
 * lead), other critical messages, the rest. A page never waits behind a subscriber's copy of the same
 * alert (640 subscribers at 64 at a time put the primary's page 641st), and it may use a few slots
 * beyond the limit (`pageReserve`): slots held by subscribers' messages retrying a slow provider do
 * not keep it waiting either. A full queue drops the oldest non-critical job (counted; its `dropped`
 * callback runs so the caller can close its books); pages and critical jobs are never dropped.
 */
export interface Job {
  critical: boolean;
  /** A page to a person on call (primary, backup, lead): the first lane, and the reserved slots. */
  page?: boolean;
  run: () => Promise<void>;
  dropped?: () => void;
}

export interface JobPool {
  push(job: Job): void;
  idle(): Promise<void>;
  stats(): { running: number; queued: number; dropped: number };
}

export interface JobPoolOptions {
  concurrency: number;
  maxQueued: number;
  /** Slots beyond `concurrency` only pages may take; an eighth of it (at least 1) unless given. */
  pageReserve?: number;
  onError: (err: unknown) => void;
}

export function createJobPool(options: JobPoolOptions): JobPool {
  const reserve = options.pageReserve ?? Math.max(1, Math.ceil(options.concurrency / 8));
  const pages: Job[] = [];
  const critical: Job[] = [];
  const normal: Job[] = [];
  let running = 0;
  let dropped = 0;
  let waiters: (() => void)[] = [];
  const queued = () => pages.length + critical.length + normal.length;

  function take(): Job | undefined {
    if (running < options.concurrency) return pages.shift() ?? critical.shift() ?? normal.shift();
    return running < options.concurrency + reserve ? pages.shift() : undefined;
  }

  function next(): void {
    for (let job = take(); job; job = take()) {
      running++;
      job
        .run()
        .catch(options.onError)
        .finally(() => {
          running--;
          next();
        });
    }
    if (running === 0 && queued() === 0) {
      const w = waiters;
      waiters = [];
      for (const resolve of w) resolve();
    }
  }

  return {
    push(job) {
      const urgent = job.page || job.critical;
      if (queued() >= options.maxQueued) {
        const victim = normal.shift();
        if (victim) {
          dropped++;
          victim.dropped?.();
        } else if (!urgent) {
          dropped++;
          job.dropped?.();
          return;
        }
      }
      (job.page ? pages : job.critical ? critical : normal).push(job);
      next();
    },
    idle: () => (running === 0 && queued() === 0 ? Promise.resolve() : new Promise<void>((r) => waiters.push(r))),
    stats: () => ({ running, queued: queued(), dropped })
  };
}
