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
  at: number;
}

/**
 * Topic → sensor → payload → readings, with a per-sensor token bucket so that one sensor sending
 * 100× its rate is cut off without starving the others. Buckets exist only for catalog sensors,
 * so the limiter's memory is bounded by the catalog. `opts.sensors` is read per message: the caller
 * may change it (a registry version) and then forget the buckets of the sensors it removed.
 */
export function createMessageDecoder(opts: { sensors: ReadonlyMap<string, Sensor>; limits: DecodeLimits; maxRatePerS: number }) {
  const buckets = new Map<string, Bucket>();
  const burst = opts.maxRatePerS * 10;

  function allow(sensorId: string, cost: number, now: number): boolean {
    let b = buckets.get(sensorId);
    if (!b) {
      b = { tokens: burst, at: now };
      buckets.set(sensorId, b);
    }
    b.tokens = Math.min(burst, b.tokens + ((now - b.at) / 1000) * opts.maxRatePerS);
    b.at = now;
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
    if (!allow(t.sensorId, decoded.readings.length, now)) {
      return { ...reject('rate_limited', `${t.sensorId} exceeds ${opts.maxRatePerS} readings/s`), sensorId: t.sensorId };
    }
    return { ok: true, sensor, readings: decoded.readings };
  }
  /** A sensor left the catalog (registry): its bucket goes too, so the limiter stays bounded by the catalog. */
  const forget = (sensorId: string) => void buckets.delete(sensorId);
  return Object.assign(decodeMessage, { forget });
}
