import { isOpen, type Alert, type Finding } from '../../src/lib/core/alert';
import type { Detector } from '../../src/lib/core/detector';
import type { RuleDetector } from './context';
import type { Reading } from '../../src/lib/core/reading';
import { FIELDS, type Sensor } from '../../src/lib/core/sensor';
import { createActiveFinding, quietFinding, type SizedSensorDetector } from './finding';
import { BYTES_PER_SMALL_OBJECT, allocState } from './state-arena';
import { formatNumberText, type TextParams } from './texts';
import { advanceRun, calmFade } from './sensor-calm';
import { STUCK_CALM_FACTOR, STUCK_RUN, paceAfterGap, paceMoves, stuckFloor, stuckLasted, stuckPace, type StuckSpec } from './sensor-stuck-pace';
import { DROPOUT_FIELDS, DROPOUT_NUMBERS, dropoutFrom, dropoutStep, formatDropoutTexts, initDropout, isDropoutStep } from './sensor-dropout';

export { SILENT_INTERVALS, silentDetector } from './sensor-silent';
export { createRangeFinding } from './sensor-range';
export { STUCK_PACE_RUN, stuckFloor, stuckLasted, type StuckSpec } from './sensor-stuck-pace';

/** Shared quiet verdict: returned for nearly every reading, never allocated per reading. */
const QUIET_SENSOR_SPIKE = quietFinding('sensor_spike', 'maintenance');
const QUIET_SENSOR_STUCK = quietFinding('sensor_stuck', 'maintenance');

/**
 * Sensor faults: the sensor is lying or quiet, not the city. Category is always `maintenance`
 * (engineers, never responders), whatever the field. Stuck values and spikes here; silence in
 * sensor-silent.ts, a physically impossible value in sensor-range.ts.
 */

export { STUCK_CALM_FACTOR, STUCK_RUN } from './sensor-stuck-pace';
// the calm fades (sensor-calm.ts)
export { STUCK_CALM_HALF_LIFE_MS } from './sensor-calm';

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

/** The watched fields of each kind, worked out once (shared by every sensor of the kind). */
function watchedFields(sensor: Sensor, table: Record<string, unknown>): readonly string[] {
  let byKind = WATCHED.get(table);
  if (!byKind) WATCHED.set(table, (byKind = new Map()));
  let fields = byKind.get(sensor.kind);
  if (!fields) byKind.set(sensor.kind, (fields = Object.freeze(Object.keys(FIELDS[sensor.kind]).filter((f) => f in table))));
  return fields;
}
const WATCHED = new Map<Record<string, unknown>, Map<string, readonly string[]>>();

/**
 * Per-sensor state of the fault rules: one small object whose numbers live in a shared slab
 * (state-arena.ts) at `base`; methods on the prototype, no closures per sensor.
 */
/**
 * The slab bytes of a StuckSensor of F fields: per field its last value, run, calm, count, pace (two numbers) and its
 * run's first reading's time; the restored frozen value and the last reading's time; the dropout's numbers when a field
 * can drop out.
 */
function stuckBytes(F: number, dropout: boolean): number {
  return 56 * F + 16 + (dropout ? 8 * DROPOUT_NUMBERS : 0);
}

class StuckSensor implements SizedSensorDetector {
  readonly #sensor: Sensor;
  readonly #fields: readonly string[];
  readonly #f: Float64Array;
  /**
   * Per field from base, four blocks of F: last value, run length, longest run left (its calm),
   * changes seen; then one number: the value of a stuck alert restored at start (NaN: none).
   */
  readonly #base: number;
  /** The calm's fading per reading at the sensor's interval. */
  readonly #fade: number;
  /** The field watched for a dropout to 0 (sensor-dropout.ts), −1: none; its numbers follow the restored value. */
  readonly #drop: number;

  constructor(sensor: Sensor, fields: readonly string[]) {
    const drop = fields.findIndex((f) => DROPOUT_FIELDS.has(f));
    const { slab, byteOffset } = allocState(stuckBytes(fields.length, drop >= 0));
    [this.#sensor, this.#fields, this.#f, this.#base, this.#drop] = [sensor, fields, slab.f64, byteOffset >> 3, drop];
    this.#fade = calmFade(sensor.intervalS);
    this.#f.fill(NaN, this.#base, this.#base + fields.length);
    this.#f[this.#base + 4 * fields.length] = NaN;
    if (drop >= 0) initDropout(this.#f, this.#dropAt);
    this.#f.fill(NaN, this.#paceAt, this.#startAt + fields.length);
  }

  get #dropAt(): number {
    return this.#base + 4 * this.#fields.length + 1;
  }

  /**
   * Per field, two numbers after the dropout's: its smallest step seen (its resolution) and its mean move per reading
   * (stuckPace); then the last reading's time.
   */
  get #paceAt(): number {
    return this.#dropAt + (this.#drop < 0 ? 0 : DROPOUT_NUMBERS);
  }

  /** Per field after the pace, the time of its run's first reading (−Infinity: a run restored, begun before the start). */
  get #startAt(): number {
    return this.#paceAt + 2 * this.#fields.length + 1;
  }

  /** Whether a reading at `ts` comes after a gap that ends what the pace knew (paceAfterGap). */
  #paceAfterGap(ts: number): boolean {
    return paceAfterGap(this.#f, this.#paceAt, this.#fields.length, ts, this.#sensor.intervalS);
  }

  /**
   * The readings a run restored from an alert counts as (before its calm): stuckFloor at the stated interval on a river
   * that moves, else `run`. Its start is taken as long ago (−Infinity), so it is stuck as it was.
   */
  #floor(i: number, spec: StuckSpec): number {
    return paceMoves(this.#f, this.#paceAt + 2 * i) ? stuckFloor(spec, this.#sensor.intervalS) : spec.run;
  }

  /** Whether field i's run (to the reading at `ts`) is stuck: long enough by stuckLasted, and beyond its calm. */
  #stuck(i: number, spec: StuckSpec, ts: number): boolean {
    const [st, b, F] = [this.#f, this.#base, this.#fields.length];
    const run = st[b + F + i];
    if (st[b + 3 * F + i] < spec.run || run < STUCK_CALM_FACTOR * st[b + 2 * F + i]) return false;
    return stuckLasted(spec, run, ts - st[this.#startAt + i], paceMoves(st, this.#paceAt + 2 * i));
  }

  /**
   * A stuck alert open before a restart: the series it froze at is known to have varied, so a field
   * that starts at that same value is still stuck (this state is new and had to see it vary first,
   * while the restored alert closed itself for want of a finding, and the freeze went unflagged).
   */
  resume(alert: Alert): void {
    if (alert.rule !== 'sensor_stuck' || !isOpen(alert)) return;
    const [st, b, F] = [this.#f, this.#base, this.#fields.length];
    // a dropout to 0 open before the restart: the zeros that come are still its own (its normal: the level it fell from)
    if (alert.value === 0 && this.#drop >= 0 && alert.normal !== undefined) st[this.#dropAt + 3] = alert.normal;
    st[b + 4 * F] = alert.value;
    // Taken up after readings came (InfluxDB slow at start): a field still in its first run at the
    // frozen value, not yet armed by variation seen here, is that same long run.
    for (let i = 0; i < F; i++) {
      const spec = STUCK_RUN[this.#fields[i]];
      if (st[b + i] !== alert.value || st[b + 3 * F + i] >= spec.run) continue;
      st[b + F + i] = Math.max(st[b + F + i], this.#floor(i, spec), STUCK_CALM_FACTOR * st[b + 2 * F + i]);
      [st[b + 3 * F + i], st[this.#startAt + i]] = [spec.run, -Infinity];
    }
  }

  /** Updates field i with value v at `ts` (a step from the last that tells its pace when `paced`); whether it is stuck now. */
  #step(i: number, v: number, ts: number, paced: boolean): boolean {
    const [st, b, F] = [this.#f, this.#base, this.#fields.length];
    const spec = STUCK_RUN[this.#fields[i]];
    const last = st[b + i];
    if (paced && spec.minRun !== undefined && v !== last && !Number.isNaN(last) && !(spec.ignoreZero && (v === 0 || last === 0))) stuckPace(st, this.#paceAt + 2 * i, Math.abs(v - last), st[b + F + i]);
    if (Number.isNaN(last) && v === st[b + 4 * F]) {
      // the restored alert's frozen value again, as the first reading: still the same long run
      st[b + 2 * F + i] *= this.#fade;
      [st[b + i], st[b + F + i], st[b + 3 * F + i], st[this.#startAt + i]] = [v, Math.max(this.#floor(i, spec), STUCK_CALM_FACTOR * st[b + 2 * F + i]), spec.run, -Infinity];
    } else if (advanceRun(st, b + i, F, v, this.#fade, spec.ignoreZero)) {
      st[this.#startAt + i] = ts;
      if (!Number.isNaN(last) && st[b + 3 * F + i] < spec.run) st[b + 3 * F + i]++;
    }
    if (spec.ignoreZero && v === 0) return false;
    return this.#stuck(i, spec, ts);
  }

  observe(reading: Reading): Finding | null {
    const fields = this.#fields;
    const F = fields.length;
    let seen = false;
    let stuck = -1;
    let dropped = false;
    // the step across a gap is no pace of the river
    const paced = !this.#paceAfterGap(reading.ts);
    for (let i = 0; i < F; i++) {
      const v = reading.values[fields[i]];
      if (v === undefined) continue;
      seen = true;
      if (this.#step(i, v, reading.ts, paced) && stuck < 0) stuck = i;
      if (i === this.#drop) dropped = dropoutStep(this.#f, this.#dropAt, v, reading.ts);
    }
    if (!seen) return null;
    this.#f[this.#base + 4 * F] = NaN; // a restored alert's value counts for the first reading only
    if (stuck < 0) return dropped ? this.#dropoutFinding() : QUIET_SENSOR_STUCK;
    const [st, b, sensor] = [this.#f, this.#base, this.#sensor];
    const [field, value, count] = [fields[stuck], st[b + stuck], st[b + F + stuck]];
    return stuckFinding(sensor, value, () => ({ name: sensor.name, field, value: formatNumberText(value), count }));
  }

  /** A dropout to 0: the stuck rule's alert (maintenance; it holds the forecaster), with texts of its own. */
  #dropoutFinding(): Finding {
    const [sensor, field, st] = [this.#sensor, this.#fields[this.#drop], this.#f];
    const [from, count] = [dropoutFrom(st, this.#dropAt), st[this.#base + this.#fields.length + this.#drop]];
    return stuckFinding(sensor, 0, () => ({ name: sensor.name, field, from: formatNumberText(from), count }), from);
  }

  stateBytes(): number {
    return stuckBytes(this.#fields.length, this.#drop >= 0) + BYTES_PER_SMALL_OBJECT;
  }
}

/** sensor_stuck's finding: a frozen value (texts.ts), or with `dropoutFrom` a dropout to 0 from that level (sensor-dropout.ts). */
function stuckFinding(sensor: Sensor, value: number, params: () => TextParams, dropoutFrom?: number): Finding {
  const dropout = dropoutFrom === undefined ? {} : { normal: dropoutFrom, format: formatDropoutTexts };
  return createActiveFinding({ rule: 'sensor_stuck', category: 'maintenance', kind: sensor.kind, severity: 'warning', level: 1, value, params, ...dropout });
}

export const stuckDetector: Detector = {
  rule: 'sensor_stuck',
  kinds: ['traffic', 'flood', 'air'],
  create(sensor) {
    const fields = watchedFields(sensor, STUCK_RUN);
    return fields.length === 0 ? null : new StuckSensor(sensor, fields);
  }
};

class SpikeSensor implements SizedSensorDetector {
  readonly #sensor: Sensor;
  readonly #fields: readonly string[];
  readonly #f: Float64Array;
  /** Four blocks of F from base: the reading before last, the last one, usual |Δ|, readings seen (≤ 2). */
  readonly #base: number;

  constructor(sensor: Sensor, fields: readonly string[]) {
    const { slab, byteOffset } = allocState(32 * fields.length);
    [this.#sensor, this.#fields, this.#f, this.#base] = [sensor, fields, slab.f64, byteOffset >> 3];
  }

  observe(reading: Reading): Finding | null {
    const fields = this.#fields;
    const F = fields.length;
    const st = this.#f;
    const b = this.#base;
    let any = false;
    let found: Finding | null = null;
    for (let i = 0; i < F; i++) {
      const c = reading.values[fields[i]];
      if (c === undefined) continue;
      any = true;
      const a = st[b + i];
      const last = st[b + F + i];
      const seen = st[b + 3 * F + i];
      let prev = last;
      const threshold = Math.max(SPIKE_MIN_JUMP[fields[i]], SPIKE_NOISE_FACTOR * st[b + 2 * F + i]);
      if (seen >= 2) {
        const up = last - a;
        const down = last - c;
        const isSpike = Math.abs(up) > threshold && Math.abs(down) > threshold && Math.sign(up) === Math.sign(down) && Math.abs(c - a) <= SPIKE_RETURN_FRACTION * Math.abs(up);
        if (isSpike) {
          if (!found) found = spikeFinding(this.#sensor, fields[i], last, (a + c) / 2);
          prev = a; // the spike is not the field's usual step: keep it out of the noise estimate
        }
      }
      // a fall into a 0 dropout and the return from it are not the field's usual step (sensor_stuck flags the dropout)
      const learn = seen >= 1 && !isDropoutStep(fields[i], prev, c, threshold);
      if (learn) st[b + 2 * F + i] += SPIKE_DIFF_ALPHA * (Math.abs(c - prev) - st[b + 2 * F + i]);
      st[b + i] = prev;
      st[b + F + i] = c;
      if (seen < 2) st[b + 3 * F + i] = seen + 1;
    }
    if (!any) return null;
    return found ?? QUIET_SENSOR_SPIKE;
  }

  stateBytes(): number {
    return 32 * this.#fields.length + BYTES_PER_SMALL_OBJECT;
  }
}

export const spikeDetector: Detector & RuleDetector = {
  rule: 'sensor_spike',
  kinds: ['traffic', 'flood', 'air'],
  // The engine gates the rules that remember readings (rate_of_rise, upstream_warning) on this verdict.
  rejectsReadings: true,
  create(sensor) {
    const fields = watchedFields(sensor, SPIKE_MIN_JUMP);
    return fields.length === 0 ? null : new SpikeSensor(sensor, fields);
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
    params: { name: sensor.name, field, value: formatNumberText(value), normal: formatNumberText(normal) }
  });
}
