/**
 * Where a forecaster's error on moving water lies: the scorer's event skill (same event mask as
 * score.ts) split by what the water was doing, so a missed goal can be traced to the kind of moment
 * that causes it rather than guessed at.
 *
 * - `highWater`: issue times within ±24 h of any gauge of the same network at or above its warning
 *   level (the river's floods: what the forecaster is for);
 * - `ordinary`: every other moving-water time (regulated releases, weirs, small showers);
 * - `glitch`: the outcome reading stands further than max(25 cm, 3 × the event threshold) from both
 *   its neighbouring readings, on the same side: a spike in the data that no forecaster can know.
 */
import { HORIZONS_MIN, type Horizon, type Series, type StationForecasts } from './data';

export const BUDGET_KINDS = ['highWater', 'ordinary', 'glitch'] as const;
export type BudgetKind = (typeof BUDGET_KINDS)[number];

export interface BudgetPart {
  /** Moving-water issue times of this kind. */
  events: number;
  /** Σ|forecast − outcome| over them, and the same for persistence (the skill's denominator). */
  error: number;
  persistence: number;
}

export type Budget = Record<Horizon, Record<BudgetKind, BudgetPart>>;

const HOUR_S = 3600;
const HIGH_WATER_MARGIN_H = 24;

/** Hours (epoch s ÷ 3600) within ±24 h of any reading at or above its gauge's warning level. */
export function highWaterHours(gauges: readonly { series: Series; warnCm: number | null }[]): Set<number> {
  const hours = new Set<number>();
  for (const g of gauges) {
    if (g.warnCm === null) continue;
    let lastMarked = -Infinity;
    for (let i = 0; i < g.series.ts.length; i++) {
      if (g.series.level[i] < g.warnCm) continue;
      const hour = Math.floor(g.series.ts[i] / HOUR_S);
      if (hour === lastMarked) continue;
      lastMarked = hour;
      for (let d = -HIGH_WATER_MARGIN_H; d <= HIGH_WATER_MARGIN_H; d++) hours.add(hour + d);
    }
  }
  return hours;
}

export class ErrorBudget {
  readonly #parts: Budget = {
    30: emptyParts(),
    60: emptyParts(),
    120: emptyParts()
  };

  /** One gauge: its readings, its forecasts, and the network's high-water hours. */
  add(series: Series, fc: StationForecasts, highWater: ReadonlySet<number>): void {
    // as the scorer reads a series: one level per timestamp (the last), in time order
    const last = new Map<number, number>();
    series.ts.forEach((t, i) => last.set(t, series.level[i]));
    const ts = [...last.keys()].sort((a, b) => a - b);
    const s: Series = { ts, level: ts.map((t) => last.get(t) as number) };
    const index = new Map<number, number>();
    s.ts.forEach((t, i) => index.set(t, i));
    for (const h of HORIZONS_MIN) this.#addHorizon(h, s, index, fc, highWater);
  }

  #addHorizon(h: Horizon, s: Series, index: Map<number, number>, fc: StationForecasts, highWater: ReadonlySet<number>): void {
    const rows: { t: number; j: number; err: number; move: number }[] = [];
    for (let i = 0; i < s.ts.length; i++) {
      const j = index.get(s.ts[i] + h * 60);
      if (j === undefined) continue;
      const f = fc.get(s.ts[i])?.[h] ?? s.level[i];
      rows.push({ t: s.ts[i], j, err: Math.abs(f - s.level[j]), move: Math.abs(s.level[i] - s.level[j]) });
    }
    if (rows.length === 0) return;
    // The scorer's threshold: the gauge's 90th percentile of the move over h, at least 2 cm.
    const moves = rows.map((r) => r.move).sort((a, b) => a - b);
    const thr = Math.max(2, moves[Math.floor(0.9 * (moves.length - 1))]);
    for (const r of rows) {
      if (r.move < thr) continue;
      const kind: BudgetKind = isSpike(s, r.j, Math.max(25, 3 * thr)) ? 'glitch' : highWater.has(Math.floor(r.t / HOUR_S)) ? 'highWater' : 'ordinary';
      const part = this.#parts[h][kind];
      part.events++;
      part.error += r.err;
      part.persistence += r.move;
    }
  }

  result(): Budget {
    return structuredClone(this.#parts);
  }
}

/** The reading at j stands more than `limit` above both neighbours, or below both. */
function isSpike(s: Series, j: number, limit: number): boolean {
  if (j === 0 || j === s.level.length - 1) return false;
  const [a, v, b] = [s.level[j - 1], s.level[j], s.level[j + 1]];
  return (v - a > limit && v - b > limit) || (a - v > limit && b - v > limit);
}

function emptyParts(): Record<BudgetKind, BudgetPart> {
  return {
    highWater: { events: 0, error: 0, persistence: 0 },
    ordinary: { events: 0, error: 0, persistence: 0 },
    glitch: { events: 0, error: 0, persistence: 0 }
  };
}

const LABEL: Record<BudgetKind, string> = {
  highWater: 'high water (±24 h of a gauge of the river at its warning level)',
  ordinary: 'ordinary moving water',
  glitch: 'outcome is a spike in the data'
};

/** Markdown: per horizon and part, its moving-water times, share of the first budget's error, event skill of each. */
export function budgetTable(budgets: readonly (readonly [string, Budget])[]): string {
  const names = budgets.map(([n]) => n);
  const lines = [
    `| horizon | part | moving-water times | share of the error (${names[0]}) | share of persistence's error | event skill ${names.join(' / ')} |`,
    '| --- | --- | --- | --- | --- | --- |'
  ];
  const b = budgets[0][1];
  for (const h of HORIZONS_MIN) {
    const total = BUDGET_KINDS.reduce((a, k) => [a[0] + b[h][k].error, a[1] + b[h][k].persistence], [0, 0]);
    for (const k of BUDGET_KINDS) {
      const p = b[h][k];
      const pct = (v: number, of: number) => (of > 0 ? `${Math.round((100 * v) / of)} %` : '–');
      const skills = budgets.map(([, x]) => (x[h][k].persistence > 0 ? (1 - x[h][k].error / x[h][k].persistence).toFixed(3) : '–'));
      lines.push(`| ${h} min | ${LABEL[k]} | ${p.events} | ${pct(p.error, total[0])} | ${pct(p.persistence, total[1])} | ${skills.join(' / ')} |`);
    }
  }
  return lines.join('\n');
}
