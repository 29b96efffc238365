import type { Finding } from '../../src/lib/core/alert';
import type { Detector } from '../../src/lib/core/detector';
import { FIELDS, type FieldSpec, type Sensor } from '../../src/lib/core/sensor';
import { BYTES_PER_OBJECT, createActiveFinding, quietFinding, type SizedSensorDetector } from './finding';
import { BYTES_PER_VIEW, stateF64 } from './state-arena';
import { formatNumber } from './texts';

/** Shared quiet verdict: returned for nearly every reading, never allocated per reading. */
const QUIET_SENSOR_SILENT = quietFinding('sensor_silent', 'maintenance');
const QUIET_SENSOR_SPIKE = quietFinding('sensor_spike', 'maintenance');
const QUIET_SENSOR_STUCK = quietFinding('sensor_stuck', 'maintenance');

/**
 * Sensor faults: the sensor is lying or quiet, not the city. Category is always `maintenance`
 * (engineers, never responders), whatever the field.
 */

/** Readings in a row with exactly the same value before a field counts as stuck. Only fields that
 * normally move are watched: rainfall sits at 0 for days, flow can be 0 all night. */
export const STUCK_RUN: Record<string, { run: number; ignoreZero: boolean }> = {
  // A gauge reading in whole cm can be flat for an hour in the dry season: give it two hours at 1/min.
  // A road gauge reads exactly 0 cm whenever the road is dry (most of the time): 0 is no evidence.
  water_level: { run: 120, ignoreZero: true },
  // PM at 0.1 µg/m³ resolution never repeats for a quarter of an hour on a working sensor; 30 readings
  // (plus the policy's minute) was longer than a 30-minute freeze (bench:scenarios fault-stuck: 0 % recall).
  pm25: { run: 15, ignoreZero: false },
  pm10: { run: 15, ignoreZero: false },
  // Some detectors report speed 0 when no vehicle passed.
  speed: { run: 30, ignoreZero: true }
};

/** Smallest jump (field units) that can be a spike, whatever the field's usual noise. */
export const SPIKE_MIN_JUMP: Record<string, number> = {
  water_level: 30,
  speed: 40,
  occupancy: 40,
  pm25: 150,
  pm10: 200
};
/** A spike also has to be this many times the field's usual step (EWMA of |Δ|). */
export const SPIKE_NOISE_FACTOR = 6;
/** "Returns at once": the reading after the spike is within this fraction of the jump from the one before. */
export const SPIKE_RETURN_FRACTION = 0.25;
const SPIKE_DIFF_ALPHA = 0.1;

/** No reading for this many promised intervals means the sensor is silent. */
export const SILENT_INTERVALS = 3;

function fieldSpec(sensor: Sensor, field: string): FieldSpec | undefined {
  return (FIELDS[sensor.kind] as Record<string, FieldSpec>)[field];
}

function watchedFields(sensor: Sensor, table: Record<string, unknown>): string[] {
  return Object.keys(FIELDS[sensor.kind]).filter((f) => f in table);
}

export const stuckDetector: Detector = {
  rule: 'sensor_stuck',
  kinds: ['traffic', 'flood', 'air'],
  create(sensor) {
    const fields = watchedFields(sensor, STUCK_RUN);
    if (fields.length === 0) return null;
    const specs = fields.map((f) => STUCK_RUN[f]);
    // Per field: the last value (first half) and the run length (second half), in one array.
    const state = stateF64(2 * fields.length).fill(NaN, 0, fields.length);
    const F = fields.length;
    const detector: SizedSensorDetector = {
      observe(reading): Finding | null {
        let seen = false;
        let stuck = -1;
        for (let i = 0; i < fields.length; i++) {
          const v = reading.values[fields[i]];
          if (v === undefined) continue;
          seen = true;
          const run = (state[F + i] = v === state[i] ? state[F + i] + 1 : 1);
          state[i] = v;
          const spec = specs[i];
          if (stuck < 0 && run >= spec.run && !(spec.ignoreZero && v === 0)) stuck = i;
        }
        if (!seen) return null;
        if (stuck < 0) return QUIET_SENSOR_STUCK;
        const [field, value, count] = [fields[stuck], state[stuck], state[F + stuck]];
        return createActiveFinding({
          rule: 'sensor_stuck',
          category: 'maintenance',
          kind: sensor.kind,
          severity: 'warning',
          level: 1,
          value,
          params: () => ({ name: sensor.name, field, value: formatNumber(value), count })
        });
      },
      stateBytes: () => state.byteLength + BYTES_PER_VIEW + BYTES_PER_OBJECT
    };
    return detector;
  }
};

export const spikeDetector: Detector = {
  rule: 'sensor_spike',
  kinds: ['traffic', 'flood', 'air'],
  create(sensor) {
    const fields = watchedFields(sensor, SPIKE_MIN_JUMP);
    if (fields.length === 0) return null;
    // Per field: the reading before last (a), the last one (b), usual |Δ|, readings seen (≤ 2).
    const F = fields.length;
    const minJump = fields.map((f) => SPIKE_MIN_JUMP[f]);
    // One array, four blocks of F: the reading before last, the last one, usual |Δ|, readings seen (≤ 2).
    const st = stateF64(4 * F);
    const detector: SizedSensorDetector = {
      observe(reading): Finding | null {
        let any = false;
        let found: Finding | null = null;
        for (let i = 0; i < F; i++) {
          const c = reading.values[fields[i]];
          if (c === undefined) continue;
          any = true;
          const a = st[i];
          const b = st[F + i];
          const seen = st[3 * F + i];
          let prev = b;
          if (seen >= 2) {
            const up = b - a;
            const down = b - c;
            const threshold = Math.max(minJump[i], SPIKE_NOISE_FACTOR * st[2 * F + i]);
            const isSpike = Math.abs(up) > threshold && Math.abs(down) > threshold && Math.sign(up) === Math.sign(down) && Math.abs(c - a) <= SPIKE_RETURN_FRACTION * Math.abs(up);
            if (isSpike) {
              if (!found) found = spikeFinding(sensor, fields[i], b, (a + c) / 2);
              prev = a; // the spike is not the field's usual step: keep it out of the noise estimate
            }
          }
          if (seen >= 1) st[2 * F + i] += SPIKE_DIFF_ALPHA * (Math.abs(c - prev) - st[2 * F + i]);
          st[i] = prev;
          st[F + i] = c;
          if (seen < 2) st[3 * F + i] = seen + 1;
        }
        if (!any) return null;
        return found ?? QUIET_SENSOR_SPIKE;
      },
      stateBytes: () => st.byteLength + BYTES_PER_VIEW + BYTES_PER_OBJECT
    };
    return detector;
  }
};

function spikeFinding(sensor: Sensor, field: string, value: number, normal: number): Finding {
  return createActiveFinding({
    rule: 'sensor_spike',
    category: 'maintenance',
    kind: sensor.kind,
    severity: 'info',
    level: 1,
    value,
    normal,
    params: { name: sensor.name, field, value: formatNumber(value), normal: formatNumber(normal) }
  });
}

/**
 * Silence, judged on the engine's clock. A reading proves the sensor alive at the newest clock
 * tick seen (or its own timestamp if later), so a sensor whose clock runs behind is not called silent.
 * Before the first reading, silence counts from the first tick (engine start).
 */
const LAST_SEEN = 0;
const LAST_TICK = 1;

export const silentDetector: Detector = {
  rule: 'sensor_silent',
  kinds: ['traffic', 'flood', 'air'],
  create(sensor) {
    const limitMs = SILENT_INTERVALS * sensor.intervalS * 1000;
    // [last seen, last tick] in a typed array: a reassigned closure double allocates per reading.
    const st = stateF64(2).fill(-Infinity);
    const detector: SizedSensorDetector = {
      observe(reading): Finding | null {
        const seen = st[LAST_SEEN];
        if (reading.ts > seen) st[LAST_SEEN] = reading.ts;
        if (st[LAST_TICK] > st[LAST_SEEN]) st[LAST_SEEN] = st[LAST_TICK];
        return QUIET_SENSOR_SILENT;
      },
      tick(now): Finding | null {
        if (now > st[LAST_TICK]) st[LAST_TICK] = now;
        if (st[LAST_SEEN] === -Infinity) st[LAST_SEEN] = now;
        const gapMs = now - st[LAST_SEEN];
        if (gapMs <= limitMs) return null;
        const minutes = Math.floor(gapMs / 60_000);
        return createActiveFinding({
          rule: 'sensor_silent',
          category: 'maintenance',
          kind: sensor.kind,
          severity: 'warning',
          level: 1,
          value: minutes,
          normal: sensor.intervalS / 60,
          params: { name: sensor.name, minutes, intervalS: sensor.intervalS }
        });
      },
      stateBytes: () => st.byteLength + BYTES_PER_VIEW + BYTES_PER_OBJECT
    };
    return detector;
  }
};

/** The finding for a reading ingest refused as physically impossible (called through the engine). */
export function createRangeFinding(sensor: Sensor, field: string, value: number): Finding {
  const spec = fieldSpec(sensor, field);
  return createActiveFinding({
    rule: 'sensor_range',
    category: 'maintenance',
    kind: sensor.kind,
    severity: 'warning',
    level: 1,
    value,
    params: { name: sensor.name, field, value: formatNumber(value), min: spec?.min ?? '-', max: spec?.max ?? '-' }
  });
}
