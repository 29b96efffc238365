import { decodePayload, type DecodeLimits } from '../src/lib/core/decode';
import { reject, type Rejection } from '../src/lib/core/errors';
import type { Reading } from '../src/lib/core/reading';
import type { Sensor } from '../src/lib/core/sensor';
import { parseSensorTopic } from '../src/lib/core/topic';

export interface Accepted {
  ok: true;
  sensor: Sensor;
  readings: Reading[];
}

export type Refused = Rejection & { sensorId?: string };

interface Bucket {
  tokens: number;
  /** Arrival clock of the last charge. */
  at: number;
  /** Newest reading time charged (epoch ms). */
  ts: number;
}

/**
 * Readings per reporting interval of reading time that a backlog may bring: a sensor's own rate with
 * room for jitter. A backlog the broker kept through an outage arrives in seconds, but its readings
 * span hours: refilled by arrival time only, all but the first 200 per sensor were refused (and, being
 * acknowledged, lost). Credit only for reading time beyond the newest charged, so old timestamps buy
 * nothing twice, and a sender can get at most its sensor's rate over the accepted past window.
 */
const BACKLOG_READINGS_PER_INTERVAL = 2;

/**
 * Topic → sensor → payload → readings, with a per-sensor token bucket so that one sensor sending
 * 100× its rate is cut off without starving the others. Buckets exist only for catalog sensors,
 * so the limiter's memory is bounded by the catalog. `opts.sensors` is read per message: the caller
 * may change it (a registry version) and then forget the buckets of the sensors it removed.
 */
export function createMessageDecoder(opts: { sensors: ReadonlyMap<string, Sensor>; limits: DecodeLimits; maxRatePerS: number }) {
  const buckets = new Map<string, Bucket>();
  const burst = opts.maxRatePerS * 10;

  function allow(sensor: Sensor, readings: readonly Reading[], now: number): boolean {
    const cost = readings.length;
    let b = buckets.get(sensor.id);
    // One pass: the pack's newest time, and how many of its readings lie past the time already charged.
    const charged = b ? b.ts : Infinity;
    let newest = -Infinity;
    let fresh = 0;
    for (const r of readings) {
      if (r.ts > newest) newest = r.ts;
      if (r.ts > charged) fresh++;
    }
    if (!b) {
      b = { tokens: burst, at: now, ts: newest };
      buckets.set(sensor.id, b);
    }
    // A clock stepped back (NTP, a resumed VM) refills nothing rather than refusing for the step's length.
    const byArrival = (Math.max(0, now - b.at) / 1000) * opts.maxRatePerS;
    const intervalMs = sensor.intervalS > 0 ? sensor.intervalS * 1000 : 1000 / opts.maxRatePerS;
    // Reading time pays only for the readings in it: a pack whose newest reading moves on while the rest
    // carry old times (security review: 242,000 readings in a second at a 5-s gauge) buys one reading's worth.
    const byReadingTime = newest > b.ts ? Math.min(fresh, ((newest - b.ts) / intervalMs) * BACKLOG_READINGS_PER_INTERVAL) : 0;
    b.tokens = Math.min(burst, b.tokens + Math.max(byArrival, byReadingTime));
    b.at = now;
    b.ts = Math.max(b.ts, newest);
    // A pack larger than the bucket (a gateway catching up after an outage, up to MAX_RECORDS) could
    // never pass if it had to fit: it needs a full bucket instead and leaves it in debt, so the
    // sensor waits out its cost and the long-run rate stays maxRatePerS.
    if (b.tokens < Math.min(cost, burst)) return false;
    b.tokens -= cost;
    return true;
  }

  function decodeMessage(topic: string, payload: Uint8Array, now: number): Accepted | Refused {
    const t = parseSensorTopic(topic);
    if (!t.ok) return t;
    const sensor = opts.sensors.get(t.sensorId);
    if (!sensor) return { ...reject('unknown_sensor', `sensor "${t.sensorId}" is not in the catalog`), sensorId: t.sensorId };
    if (sensor.kind !== t.kind) return { ...reject('kind_mismatch', `${t.sensorId} is a ${sensor.kind} sensor`), sensorId: t.sensorId };
    const decoded = decodePayload(payload, { kind: t.kind, sensorId: t.sensorId, now, limits: opts.limits });
    if (!decoded.ok) return { ...decoded, sensorId: t.sensorId };
    if (!allow(sensor, decoded.readings, now)) {
      return { ...reject('rate_limited', `${t.sensorId} exceeds ${opts.maxRatePerS} readings/s`), sensorId: t.sensorId };
    }
    return { ok: true, sensor, readings: decoded.readings };
  }
  /** A sensor left the catalog (registry): its bucket goes too, so the limiter stays bounded by the catalog. */
  const forget = (sensorId: string) => void buckets.delete(sensorId);
  return Object.assign(decodeMessage, { forget });
}
