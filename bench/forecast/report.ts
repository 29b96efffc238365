/** Tables of forecast scores for the console and bench/RESULTS.md. */
import type { ForecastScores } from './score';

const f3 = (v: number | null) => (v === null ? '–' : v.toFixed(3));

export function scoreHeader(): string {
  return [
    '| forecaster | skill_event h30 / h60 / h120 | skill_all h30 / h60 / h120 | station median event h60 | CSI h30 / h60 / h120 | false alarms h60 | crossings forecast ≥ 30 min ahead | mean lead |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |'
  ].join('\n');
}

export function scoreRow(name: string, s: ForecastScores): string {
  const tri = (r: Record<30 | 60 | 120, number | null>) => `${f3(r[30])} / ${f3(r[60])} / ${f3(r[120])}`;
  const pct = s.warnEvents ? Math.round((100 * s.warned30) / s.warnEvents) : 0;
  return `| ${name} | ${tri(s.skillEvent)} | ${tri(s.skillAll)} | ${f3(s.stationMedianEvent[60])} | ${tri(s.csi)} | ${s.tables[60].falseAlarms} | ${s.warned30} of ${s.warnEvents} (${pct} %) | ${s.meanLeadMin ?? '–'} min |`;
}

export function scoreTable(rows: readonly [string, ForecastScores][]): string {
  return [scoreHeader(), ...rows.map(([n, s]) => scoreRow(n, s))].join('\n');
}

export interface Goal {
  name: string;
  /** Null: the data hold nothing to judge it on (no gauge reached its warning level, no moving water at a horizon). */
  met: boolean | null;
  value: string;
}

/** The goals on the shared split, judged on our scores. */
export function goals(s: ForecastScores): Goal[] {
  const horizons = [30, 60, 120] as const;
  const skills = horizons.flatMap((h) => [s.skillEvent[h], s.skillAll[h]]);
  const allPositive = skills.every((v) => v === null || v > 0);
  const atLeast = (v: number | null, goal: number) => (v === null ? null : v >= goal);
  return [
    { name: 'event skill h60 ≥ 0.6', met: atLeast(s.skillEvent[60], 0.6), value: f3(s.skillEvent[60]) },
    { name: 'skill > 0 at every horizon (event and all)', met: skills.every((v) => v === null) ? null : allPositive, value: `all ${f3(s.skillAll[30])} / ${f3(s.skillAll[60])} / ${f3(s.skillAll[120])}` },
    { name: 'warning CSI h60 ≥ 0.5', met: atLeast(s.csi[60], 0.5), value: f3(s.csi[60]) },
    { name: '≥ 80 % of crossings forecast ≥ 30 min ahead', met: s.warnEvents ? s.warned30 / s.warnEvents >= 0.8 : null, value: `${s.warned30} of ${s.warnEvents}` }
  ];
}

/** One line per goal: met, NOT met, or why it cannot be judged on these data. */
export function goalLine(g: Goal): string {
  return g.met === null ? `- cannot be judged on these data (nothing to score it on): ${g.name} (${g.value})` : `- ${g.met ? 'met' : 'NOT met'}: ${g.name} (${g.value})`;
}
