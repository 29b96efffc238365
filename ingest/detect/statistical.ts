/**
 * The `statistical` rule: an online anomaly scorer per watched field of a sensor (see
 * statistical-scorer.ts and README.md in this folder), for when a series leaves its own normal in
 * a way no fixed threshold describes. Severity follows the scorer's confidence: `info` from the
 * threshold NAB's standard profile chose, `warning` (which can page) only when the reading is far
 * rarer than that (bench:scenarios: no statistical alert on quiet simulated weeks).
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
/**
 * Score from which the finding is a `warning`: a surprise of about 11.7 nats (a chance near 1 in
 * 120,000 per reading). On NAB's development split it finds 17 of the 72 anomaly windows with 2
 * false-positive readings (the reporting threshold: 53 windows, 58 false-positive readings);
 * README.md in this folder.
 */
export const STATISTICAL_WARNING_THRESHOLD = 0.7;
/**
 * An active finding stays active while the score holds above this share of the threshold: the
 * scorer marks down every reading of a burst after its rise (× 0.8), so a sustained anomaly would
 * otherwise flicker off after its first reading.
 */
const HOLD_SHARE = 0.8;

/** Samarinda is WITA (UTC+8): hour-of-day baselines follow the city's clock. */
const WITA_OFFSET_MS = 8 * 3_600_000;

/**
 * The fields each kind's model watches: the ones operators act on (water level; PM2.5 and PM10,
 * behind nearly every bad ISPU day here; speed, which an incident drops first, and flow, which a
 * closure or a diversion moves). Rainfall and occupancy have their own rules or follow these, and
 * each watched field costs about 1.4 KB of state per sensor.
 */
export const STATISTICAL_FIELDS: Readonly<Record<SensorKind, readonly string[]>> = Object.freeze({
  flood: ['water_level'],
  air: ['pm25', 'pm10'],
  traffic: ['speed', 'flow']
});

export interface StatisticalOptions {
  threshold: number;
  /** Score from which a finding is a warning rather than info. */
  warningThreshold: number;
  scorer: Partial<AnomalyScorerOptions>;
  /** Fields watched per kind (each must be one of the kind's FIELDS). */
  fields: Readonly<Record<SensorKind, readonly string[]>>;
}

const WEEK_MS = 7 * 86_400_000;
const DAY_MS = 86_400_000;

/** "About once in N weeks" from a surprise in nats: e^surprise readings, each `intervalMs` apart. */
export function rarityText(surprise: number, intervalMs: number): Text {
  const every = Math.exp(Math.min(surprise, 50)) * Math.max(intervalMs, 1000);
  if (every >= 52 * WEEK_MS) return { id: 'lebih jarang dari sekali setahun', en: 'rarer than once a year' };
  if (every >= 2 * WEEK_MS) {
    const n = Math.round(every / WEEK_MS);
    return { id: `kira-kira sekali dalam ${n} minggu`, en: `about once in ${n} weeks` };
  }
  if (every >= 2 * DAY_MS) {
    const n = Math.round(every / DAY_MS);
    return { id: `kira-kira sekali dalam ${n} hari`, en: `about once in ${n} days` };
  }
  return { id: 'beberapa kali seminggu', en: 'several times a week' };
}

interface Explained {
  field: string;
  unit: string;
  value: number;
  normal: number;
  spread: number;
  rarity: Text;
}

function explain(e: Explained): Text {
  const v = `${formatNumber(e.value)} ${e.unit}`;
  // ±2.5 mean absolute deviations: about 95 % of ordinary readings for this hour
  const lo = formatNumber(e.normal - 2.5 * e.spread);
  const hi = `${formatNumber(e.normal + 2.5 * e.spread)} ${e.unit}`;
  return {
    id: `${e.field} ${v}; biasanya pada jam ini ${lo}–${hi}. Nilai seperti ini ${e.rarity.id} bagi sensor ini (model statistik).`,
    en: `${e.field} ${v}; usual for this hour ${lo}–${hi}. A value like this comes ${e.rarity.en} at this sensor (statistical model).`
  };
}

/** Per-sensor state: one scorer per watched field. */
class StatisticalSensor implements SizedSensorDetector {
  readonly #sensor: Sensor;
  readonly #o: ResolvedOptions;
  readonly #fields: readonly string[];
  readonly #scorers: AnomalyScorer[];
  #active = false;

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
    const threshold = this.#o.threshold;
    this.#active = bestScore >= threshold || (this.#active && bestScore >= HOLD_SHARE * threshold);
    if (!this.#active) return QUIET_STATISTICAL;
    return this.#finding(fields[best], reading.values[fields[best]], this.#scorers[best], bestScore);
  }

  #finding(field: string, value: number, scorer: AnomalyScorer, score: number): Finding {
    const sensor = this.#sensor;
    const unit = (FIELDS[sensor.kind] as Record<string, { unit: string }>)[field].unit;
    const normal = scorer.lastNormal();
    // Title and action come from the shared text table; the explanation is this rule's own,
    // because it names the field, the sensor's usual range for the hour and how rare this is.
    const texts = formatFindingTexts('statistical', sensor.kind, 1, { name: sensor.name, value: formatNumber(value) });
    const interval = scorer.intervalMs() || sensor.intervalS * 1000;
    return {
      rule: 'statistical',
      category: 'emergency',
      active: true,
      severity: score >= this.#o.warningThreshold ? 'warning' : 'info',
      level: 1,
      value,
      normal,
      title: texts.title,
      explanation: explain({ field, unit, value, normal, spread: scorer.lastSpread(), rarity: rarityText(scorer.lastSurprise(), interval) }),
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
    warningThreshold: options.warningThreshold ?? STATISTICAL_WARNING_THRESHOLD,
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
