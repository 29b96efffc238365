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
  met: boolean;
  value: string;
}

/** The goals on the shared split, judged on our scores. */
export function goals(s: ForecastScores): Goal[] {
  const pct = s.warnEvents ? s.warned30 / s.warnEvents : 0;
  const allPositive = [30, 60, 120].every((h) => (s.skillEvent[h as 30] ?? 0) > 0 && (s.skillAll[h as 30] ?? 0) > 0);
  return [
    { name: 'event skill h60 ≥ 0.6', met: (s.skillEvent[60] ?? 0) >= 0.6, value: f3(s.skillEvent[60]) },
    { name: 'skill > 0 at every horizon (event and all)', met: allPositive, value: `all ${f3(s.skillAll[30])} / ${f3(s.skillAll[60])} / ${f3(s.skillAll[120])}` },
    { name: 'warning CSI h60 ≥ 0.5', met: (s.csi[60] ?? 0) >= 0.5, value: f3(s.csi[60]) },
    { name: '≥ 80 % of crossings forecast ≥ 30 min ahead', met: pct >= 0.8, value: `${s.warned30} of ${s.warnEvents}` }
  ];
}
