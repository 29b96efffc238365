import { createHashQueue } from './auth/hash-queue';

/**
 * Reads of weeks of every sensor (insights, reports, replay) cost InfluxDB seconds each, and the
 * pages that start them are open to every viewer. At most two run at once and a few wait their
 * turn; beyond that a read is refused at once (503), so a reload loop or a script cannot queue work
 * behind which the wall's and the console's own queries would wait. One queue for all of them: they
 * load the same database. The bounded queue is the one login hashing uses.
 */
const RUNNING = 2;
const WAITING = 8;
const queue = createHashQueue(RUNNING, WAITING);

/** The read in its turn, or null when too many are running and waiting already. */
export function inHeavyReadTurn<T>(read: () => Promise<T>): Promise<T> | null {
  return queue.run(read);
}

/** Thrown (and shown as "not available now") when a heavy read is refused for the queue being full. */
export class HeavyReadsBusy extends Error {
  constructor() {
    super('heavy reads are busy: try again in a few seconds');
  }
}
