import { indexSensors, type Sensor } from '../../core/sensor';
import { buildEpisodes, raisedIn } from '../episodes';
import type { Episode, ReportInput } from '../types';

/** What every fact family reads, computed once per report: the episodes and a sensor index. */
export interface FactContext {
  input: ReportInput;
  sensors: ReadonlyMap<string, Sensor>;
  /** Every episode of the input (the lookback included). */
  episodes: Episode[];
  /** Emergency episodes raised in the period. */
  emergencies: Episode[];
}

export function createFactContext(input: ReportInput): FactContext {
  const episodes = buildEpisodes(input.events, Math.min(input.period.end, input.generatedAt));
  const emergencies = raisedIn(episodes, input.period.start, input.period.end).filter((e) => e.alert.category === 'emergency');
  return { input, sensors: indexSensors(input.catalog), episodes, emergencies };
}

/** Counts by key, biggest first, ties by key. */
export function countBy<T>(items: readonly T[], key: (x: T) => string): Map<string, number> {
  const m = new Map<string, number>();
  for (const x of items) m.set(key(x), (m.get(key(x)) ?? 0) + 1);
  return new Map([...m].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
