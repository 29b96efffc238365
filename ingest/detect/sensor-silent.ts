import type { Finding } from '../../src/lib/core/alert';
import type { Detector } from '../../src/lib/core/detector';
import type { Reading } from '../../src/lib/core/reading';
import type { Sensor } from '../../src/lib/core/sensor';
import type { DetectorContext, RuleDetector } from './context';
import { createActiveFinding, quietFinding, type SizedSensorDetector } from './finding';
import { BYTES_PER_SMALL_OBJECT, allocState } from './state-arena';

/** A sensor fault (sensor-faults.ts): the sensor has gone quiet. Category `maintenance`. */

/** Shared quiet verdict: returned for nearly every reading, never allocated per reading. */
const QUIET_SENSOR_SILENT = quietFinding('sensor_silent', 'maintenance');

/** No reading for this many promised intervals means the sensor is silent. */
export const SILENT_INTERVALS = 3;

/**
 * Silence, judged on the engine's clock. A reading proves the sensor alive at the newest clock
 * tick seen (or its own timestamp if later), so a sensor whose clock runs behind is not called silent.
 * Before the first reading, silence counts from the first tick (engine start).
 */
class SilentSensor implements SizedSensorDetector {
  readonly #sensor: Sensor;
  readonly #ctx: DetectorContext | undefined;
  readonly #f: Float64Array;
  /** base: last seen; base + 1: last tick (−Infinity until known). */
  readonly #base: number;

  constructor(sensor: Sensor, ctx: DetectorContext | undefined) {
    const { slab, byteOffset } = allocState(16);
    [this.#sensor, this.#ctx, this.#f, this.#base] = [sensor, ctx, slab.f64, byteOffset >> 3];
    this.#f.fill(-Infinity, this.#base, this.#base + 2);
  }

  /**
   * Silence is 3 intervals without a reading: the promised interval, or the one learned from the
   * readings when the sensor keeps a slower pace (a gauge promising 60 s and sending every 10 min
   * would otherwise be "silent" between any two readings). Never less than promised.
   */
  get #limitMs(): number {
    return SILENT_INTERVALS * Math.max(this.#sensor.intervalS * 1000, this.#ctx?.intervalMs() ?? 0);
  }

  observe(reading: Reading): Finding | null {
    const st = this.#f;
    const b = this.#base;
    if (reading.ts > st[b]) st[b] = reading.ts;
    if (st[b + 1] > st[b]) st[b] = st[b + 1];
    return QUIET_SENSOR_SILENT;
  }

  tick(now: number): Finding | null {
    const st = this.#f;
    const b = this.#base;
    if (now > st[b + 1]) st[b + 1] = now;
    if (st[b] === -Infinity) st[b] = now;
    const gapMs = now - st[b];
    if (gapMs <= this.#limitMs) return null;
    const sensor = this.#sensor;
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
  }

  stateBytes(): number {
    return 16 + BYTES_PER_SMALL_OBJECT;
  }
}

export const silentDetector: Detector & RuleDetector = {
  rule: 'sensor_silent',
  kinds: ['traffic', 'flood', 'air'],
  create: (sensor: Sensor, ctx?: DetectorContext) => new SilentSensor(sensor, ctx)
};
