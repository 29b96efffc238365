import { SEVERITY_RANK, type AlertSeverity } from '../../src/lib/core/alert';

/**
 * The bounded queue of deliveries waiting for one webhook. When full, the oldest item of the lowest
 * severity present goes (info first, so a flood of info events never pushes out a critical one), and
 * every drop is counted by severity so it shows up in the logs and status.
 */
export interface QueueItem {
  severity: AlertSeverity;
}

export interface DeliveryQueue<T extends QueueItem> {
  /** Adds an item; returns the item dropped to make room, if any. */
  push(item: T): T | undefined;
  shift(): T | undefined;
  peek(): T | undefined;
  readonly size: number;
  dropped(): Record<AlertSeverity, number>;
}

export function createDeliveryQueue<T extends QueueItem>(maxItems: number): DeliveryQueue<T> {
  if (!Number.isInteger(maxItems) || maxItems < 1) throw new RangeError(`maxItems must be a positive integer, got ${maxItems}`);
  const items: T[] = [];
  const dropped: Record<AlertSeverity, number> = { info: 0, warning: 0, critical: 0 };

  function evict(): T {
    // The queue is at most a few thousand items and only full under a receiver outage: a scan is fine.
    let victim = 0;
    for (let i = 1; i < items.length; i++) {
      if (SEVERITY_RANK[items[i].severity] < SEVERITY_RANK[items[victim].severity]) victim = i;
    }
    const [item] = items.splice(victim, 1);
    dropped[item.severity]++;
    return item;
  }

  return {
    push(item) {
      items.push(item);
      return items.length > maxItems ? evict() : undefined;
    },
    shift: () => items.shift(),
    peek: () => items[0],
    get size() {
      return items.length;
    },
    dropped: () => ({ ...dropped })
  };
}
