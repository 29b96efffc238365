import { createHashQueue } from '../auth/hash-queue';

/**
 * Insights read weeks of every sensor: seconds of InfluxDB each. At most two run at once and a few
 * wait their turn; beyond that a read is refused at once (503), so a reload loop or a script cannot
 * queue work behind which the wall's and the console's own queries would wait. The bounded queue is the
 * one login hashing uses.
 */
const RUNNING = 2;
const WAITING = 8;
const queue = createHashQueue(RUNNING, WAITING);

/** The read in its turn, or null when too many are running and waiting already. */
export function inInsightsTurn<T>(read: () => Promise<T>): Promise<T> | null {
  return queue.run(read);
}
