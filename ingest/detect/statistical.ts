/**
 * The `statistical` rule: an online anomaly scorer per numeric field of a sensor (see
 * statistical-scorer.ts), for when a series leaves its own normal in a way no fixed threshold
 * describes. It is a hint for operators, never a page: category emergency, severity warning.
 */
import type { Finding, Text } from '../../src/lib/core/alert';
import type { Detector } from '../../src/lib/core/detector';
import type { Reading } from '../../src/lib/core/reading';
import { FIELDS, type Sensor } from '../../src/lib/core/sensor';
import { BYTES_PER_OBJECT, quietFinding, type SizedSensorDetector } from './finding';
import { createAnomalyScorer, type AnomalyScorer, type AnomalyScorerOptions } from './statistical-scorer';
import { formatFindingTexts, formatNumber } from './texts';

export { createAnomalyScorer, DEFAULT_SCORER_OPTIONS } from './statistical-scorer';
export type { AnomalyScorer, AnomalyScorerOptions } from './statistical-scorer';

/**
 * Score at or above which a reading is reported. It is the threshold NAB's standard profile chose
 * for this scorer on the development split (bench/RESULTS.md, `npm run bench:nab`).
 */
export const STATISTICAL_THRESHOLD = 0.639;

/** Samarinda is WITA (UTC+8): hour-of-day baselines follow the city's clock. */
const WITA_OFFSET_MS = 8 * 3_600_000;

export interface StatisticalOptions {
  threshold: number;
  scorer: Partial<AnomalyScorerOptions>;
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

/** Per-sensor state: one scorer per field the kind reports (at most six), created on first use. */
function createStatisticalSensor(sensor: Sensor, options: StatisticalOptions): SizedSensorDetector {
  const specs: Record<string, { unit: string }> = FIELDS[sensor.kind];
  const fields = Object.keys(specs); // bounded: only the kind's own fields
  const scorers: (AnomalyScorer | null)[] = fields.map(() => null);
  const scorerOptions = { utcOffsetMs: WITA_OFFSET_MS, ...options.scorer };

  function observe(reading: Reading): Finding | null {
    let best = -1;
    let bestScore = 0;
    for (let i = 0; i < fields.length; i++) {
      const value = reading.values[fields[i]];
      if (value === undefined || !Number.isFinite(value)) continue;
      const scorer = (scorers[i] ??= createAnomalyScorer(scorerOptions));
      const score = scorer.score(reading.ts, value);
      if (best < 0 || score > bestScore) [best, bestScore] = [i, score];
    }
    if (best < 0) return null;
    if (bestScore < options.threshold) return quietFinding('statistical', 'emergency');
    const field = fields[best];
    const value = reading.values[field];
    const normal = scorers[best]!.lastNormal();
    // Title and action come from the shared text table; the explanation is this rule's own,
    // because it names the field, the sensor's normal for the hour and the score.
    const texts = formatFindingTexts('statistical', sensor.kind, 1, { name: sensor.name, value: formatNumber(value) });
    const finding: Finding = {
      rule: 'statistical',
      category: 'emergency',
      active: true,
      severity: 'warning',
      level: 1,
      value,
      normal,
      title: texts.title,
      explanation: explain(field, specs[field].unit, value, normal, bestScore),
      action: texts.action
    };
    return finding;
  }

  return {
    observe,
    stateBytes: () => scorers.reduce((n, s) => n + (s ? s.stateBytes() : 0), BYTES_PER_OBJECT + 8 * fields.length)
  };
}

export function createStatisticalDetector(options: Partial<StatisticalOptions> = {}): Detector {
  const o: StatisticalOptions = { threshold: STATISTICAL_THRESHOLD, scorer: {}, ...options };
  return {
    rule: 'statistical',
    kinds: ['traffic', 'flood', 'air'],
    create: (sensor) => createStatisticalSensor(sensor, o)
  };
}

export const statisticalDetector: Detector = createStatisticalDetector();
