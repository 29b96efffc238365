import { fnv1a32 } from '../src/lib/core/random';
import type { Catalog } from '../src/lib/core/sensor';
import { parseSensorTopic } from '../src/lib/core/topic';

/**
 * Sensor partitioning across ingest workers. Every worker subscribes to every sensor topic (its own
 * persistent session) and keeps only the sensors it owns, so a sensor's readings always reach the one
 * worker that holds its detector state. It works on any broker; the cost is N× delivery from the broker.
 * (MQTT 5 shared subscriptions balance load instead, but on Mosquitto they are round-robin, not by sensor:
 * see docs/deployment.md.)
 */
export interface Partition {
  readonly workers: number;
  readonly index: number;
  /** The worker index that owns this sensor id. */
  ownerOfSensor(sensorId: string): number;
  /**
   * True when this worker handles the message on `topic`. A topic without a parsable sensor id goes to
   * the owner of the topic's own hash, so exactly one worker dead-letters it.
   */
  ownsTopic(topic: string): boolean;
  ownsSensor(sensorId: string): boolean;
}

/**
 * Sensors linked by the catalog's `downstream` (an upstream gauge warns the gauges below it) must share a
 * worker, or the warning never reaches the downstream detector. Each linked group is keyed by its
 * smallest id; unlinked sensors (most of them) are absent and keyed by their own id.
 */
export function linkedGroups(catalog: Catalog): Map<string, string> {
  const parent = new Map<string, string>();
  const find = (id: string): string => {
    let root = id;
    while (parent.has(root) && parent.get(root) !== root) root = parent.get(root)!;
    return root;
  };
  for (const s of catalog.sensors) {
    for (const down of s.downstream ?? []) {
      const a = find(s.id);
      const b = find(down);
      if (a === b) continue;
      const [low, high] = a < b ? [a, b] : [b, a];
      parent.set(high, low);
      if (!parent.has(low)) parent.set(low, low);
    }
  }
  const groups = new Map<string, string>();
  for (const id of parent.keys()) groups.set(id, find(id));
  return groups;
}

export function createPartition(opts: { workers: number; index: number; groups?: ReadonlyMap<string, string> }): Partition {
  const { workers, index } = opts;
  if (!Number.isInteger(workers) || workers < 1 || !Number.isInteger(index) || index < 0 || index >= workers) {
    throw new RangeError(`worker index ${index} is not in 0..${workers - 1}`);
  }
  const groups = opts.groups ?? new Map<string, string>();
  const ownerOfSensor = (sensorId: string) => fnv1a32(groups.get(sensorId) ?? sensorId) % workers;
  if (workers === 1) {
    return { workers, index, ownerOfSensor, ownsTopic: () => true, ownsSensor: () => true };
  }
  return {
    workers,
    index,
    ownerOfSensor,
    ownsSensor: (sensorId) => ownerOfSensor(sensorId) === index,
    ownsTopic(topic) {
      const t = parseSensorTopic(topic);
      return (t.ok ? ownerOfSensor(t.sensorId) : fnv1a32(topic) % workers) === index;
    }
  };
}

/**
 * The catalog this worker runs detectors for: only its own sensors, so clock rules (silence) do not
 * fire for sensors another worker hears from.
 */
export function ownedCatalog(catalog: Catalog, partition: Partition): Catalog {
  if (partition.workers === 1) return catalog;
  return { ...catalog, sensors: catalog.sensors.filter((s) => partition.ownsSensor(s.id)) };
}
