/**
 * The `statistical` rule: an online anomaly scorer per numeric field of a sensor (see
 * statistical-scorer.ts), for when a series leaves its own normal in a way no fixed threshold
 * describes. It is a hint for operators, never a page: category emergency, severity info (info
 * never escalates and pages nobody; bench:scenarios counted 34–130 "warnings" a week from it on quiet days).
 */
import type { Finding, Text } from '../../src/lib/core/alert';
import type { Detector } from '../../src/lib/core/detector';
import type { Reading } from '../../src/lib/core/reading';
import { PantauError } from '../../src/lib/core/errors';
import { FIELDS, type Sensor, type SensorKind } from '../../src/lib/core/sensor';
import { BYTES_PER_OBJECT, quietFinding, type SizedSensorDetector } from './finding';
import { DEFAULT_SCORER_OPTIONS, createAnomalyScorer, type AnomalyScorer, type AnomalyScorerOptions } from './statistical-scorer';
import { formatFindingTexts, formatNumber } from './texts';

/** Shared quiet verdict: returned for nearly every reading, never allocated per reading. */
const QUIET_STATISTICAL = quietFinding('statistical', 'emergency');

export { createAnomalyScorer, DEFAULT_SCORER_OPTIONS } from './statistical-scorer';
export type { AnomalyScorer, AnomalyScorerOptions } from './statistical-scorer';

/**
 * Score at or above which a reading is reported. It is the threshold NAB's standard profile chose
 * for this scorer on the development split (bench/RESULTS.md, `npm run bench:nab`).
 */
export const STATISTICAL_THRESHOLD = 0.639;

/** Samarinda is WITA (UTC+8): hour-of-day baselines follow the city's clock. */
const WITA_OFFSET_MS = 8 * 3_600_000;

/**
 * The fields each kind's model watches. One per kind by default: the one operators act on (water
 * level; PM2.5, the pollutant behind nearly every bad ISPU day here; speed, which an incident
 * drops first). Rainfall bursts, flow and occupancy have their own rules or follow these, and
 * each watched field costs about 1 KB of state per sensor.
 */
export const STATISTICAL_FIELDS: Readonly<Record<SensorKind, readonly string[]>> = Object.freeze({
  flood: ['water_level'],
  air: ['pm25'],
  traffic: ['speed']
});

export interface StatisticalOptions {
  threshold: number;
  scorer: Partial<AnomalyScorerOptions>;
  /** Fields watched per kind (each must be one of the kind's FIELDS). */
  fields: Readonly<Record<SensorKind, readonly string[]>>;
}

function explain(field: string, unit: string, value: number, normal: number, score: number): Text {
  const v = `${formatNumber(value)} ${unit}`;
  const n = `${formatNumber(normal)} ${unit}`;
  const p = Math.round(score * 100);
  return {
    id: `${field} ${v}, padahal normalnya pada jam ini sekitar ${n}. Model statistik (skor anomali ${p}/100) menilai pola ini tidak biasa bagi sensor ini.`,
    en: `${field} ${v}, while its normal for this hour is about ${n}. Statistical model (anomaly score ${p}/100) finds this pattern unusual for this sensor.`
  };
}

/** Per-sensor state: one scorer per watched field. */
class StatisticalSensor implements SizedSensorDetector {
  readonly #sensor: Sensor;
  readonly #o: ResolvedOptions;
  readonly #fields: readonly string[];
  readonly #scorers: AnomalyScorer[];

  constructor(sensor: Sensor, o: ResolvedOptions) {
    this.#sensor = sensor;
    this.#o = o;
    this.#fields = o.fields[sensor.kind];
    // Made now, not on first use: the engine builds a sensor's rules together, so its state
    // blocks sit side by side (state-arena.ts).
    this.#scorers = this.#fields.map(() => createAnomalyScorer(o.scorer));
  }

  observe(reading: Reading): Finding | null {
    const fields = this.#fields;
    let best = -1;
    let bestScore = 0;
    for (let i = 0; i < fields.length; i++) {
      const value = reading.values[fields[i]];
      if (value === undefined || !Number.isFinite(value)) continue;
      const score = this.#scorers[i].score(reading.ts, value);
      if (best < 0 || score > bestScore) {
        best = i;
        bestScore = score;
      }
    }
    if (best < 0) return null;
    if (bestScore < this.#o.threshold) return QUIET_STATISTICAL;
    return this.#finding(fields[best], reading.values[fields[best]], this.#scorers[best].lastNormal(), bestScore);
  }

  #finding(field: string, value: number, normal: number, score: number): Finding {
    const sensor = this.#sensor;
    const unit = (FIELDS[sensor.kind] as Record<string, { unit: string }>)[field].unit;
    // Title and action come from the shared text table; the explanation is this rule's own,
    // because it names the field, the sensor's normal for the hour and the score.
    const texts = formatFindingTexts('statistical', sensor.kind, 1, { name: sensor.name, value: formatNumber(value) });
    return {
      rule: 'statistical',
      category: 'emergency',
      active: true,
      severity: 'info',
      level: 1,
      value,
      normal,
      title: texts.title,
      explanation: explain(field, unit, value, normal, score),
      action: texts.action
    };
  }

  stateBytes(): number {
    return this.#scorers.reduce((n, s) => n + s.stateBytes(), BYTES_PER_OBJECT + 8 * this.#fields.length);
  }
}

interface ResolvedOptions extends StatisticalOptions {
  scorer: AnomalyScorerOptions;
}

export function createStatisticalDetector(options: Partial<StatisticalOptions> = {}): Detector {
  const fields = options.fields ?? STATISTICAL_FIELDS;
  for (const kind of Object.keys(fields) as SensorKind[]) {
    for (const f of fields[kind]) if (!(f in FIELDS[kind])) throw new PantauError('bad_option', `statistical: ${kind} has no field ${f}`);
  }
  // One scorer options object for every series: the scorer caches its merge by identity.
  const o: ResolvedOptions = {
    threshold: options.threshold ?? STATISTICAL_THRESHOLD,
    fields,
    scorer: Object.freeze({ ...DEFAULT_SCORER_OPTIONS, utcOffsetMs: WITA_OFFSET_MS, ...options.scorer })
  };
  return {
    rule: 'statistical',
    kinds: ['traffic', 'flood', 'air'],
    create: (sensor) => new StatisticalSensor(sensor, o)
  };
}

export const statisticalDetector: Detector = createStatisticalDetector();
