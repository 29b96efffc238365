import { describe, expect, it } from 'vitest';
import { createJobPool, type Job } from './pool';

/** Jobs that run until released, in the order they started. */
function bench(opts: { concurrency: number; maxQueued?: number; pageReserve?: number }) {
  const started: string[] = [];
  const release = new Map<string, () => void>();
  const pool = createJobPool({ maxQueued: 1_000, ...opts, onError: (err) => { throw err; } });
  const job = (name: string, lane: Pick<Job, 'critical' | 'page'>, dropped?: () => void): Job => ({
    ...lane,
    run: () => new Promise<void>((resolve) => (started.push(name), release.set(name, resolve))),
    dropped
  });
  const finish = async (name: string) => {
    release.get(name)!();
    await new Promise((r) => setImmediate(r));
  };
  return { pool, started, job, finish };
}

describe('job pool', () => {
  it('takes pages before critical messages and critical before the rest, whatever came first', async () => {
    const b = bench({ concurrency: 1, pageReserve: 0 });
    b.pool.push(b.job('busy', { critical: false }));
    b.pool.push(b.job('normal', { critical: false }));
    for (let i = 0; i < 3; i++) b.pool.push(b.job(`subscriber${i}`, { critical: true }));
    b.pool.push(b.job('primary', { critical: true, page: true }));
    for (const name of ['busy', 'primary', 'subscriber0', 'subscriber1', 'subscriber2']) await b.finish(name);
    expect(b.started).toEqual(['busy', 'primary', 'subscriber0', 'subscriber1', 'subscriber2', 'normal']);
  });

  it('starts a page at once in a reserved slot while every other slot is held', () => {
    const b = bench({ concurrency: 2, pageReserve: 1 });
    for (let i = 0; i < 4; i++) b.pool.push(b.job(`subscriber${i}`, { critical: true }));
    b.pool.push(b.job('backup', { critical: true, page: true }));
    b.pool.push(b.job('lead', { critical: true, page: true }));
    // Two slots for everyone, one more for pages only: the lead waits for the next slot, still ahead of the subscribers.
    expect(b.started).toEqual(['subscriber0', 'subscriber1', 'backup']);
    expect(b.pool.stats()).toMatchObject({ running: 3, queued: 3 });
  });

  it('a full queue drops the oldest non-critical job, never a page or a critical one', () => {
    const b = bench({ concurrency: 1, maxQueued: 2, pageReserve: 0 });
    const dropped: string[] = [];
    b.pool.push(b.job('busy', { critical: false }));
    b.pool.push(b.job('info', { critical: false }, () => dropped.push('info')));
    b.pool.push(b.job('critical', { critical: true }));
    b.pool.push(b.job('page', { critical: true, page: true }));
    b.pool.push(b.job('page2', { critical: true, page: true }));
    b.pool.push(b.job('late-info', { critical: false }, () => dropped.push('late-info')));
    expect(dropped).toEqual(['info', 'late-info']);
    expect(b.pool.stats()).toMatchObject({ queued: 3, dropped: 2 });
  });

  it('is idle once every lane is empty and nothing runs', async () => {
    const b = bench({ concurrency: 1, pageReserve: 0 });
    b.pool.push(b.job('a', { critical: false }));
    b.pool.push(b.job('p', { critical: true, page: true }));
    let idle = false;
    void b.pool.idle().then(() => (idle = true));
    await b.finish('a');
    expect(idle).toBe(false);
    await b.finish('p');
    expect(idle).toBe(true);
  });
});
