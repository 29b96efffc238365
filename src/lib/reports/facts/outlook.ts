import { isOpen, type Alert } from '../../core/alert';
import type { ForecastCrossing } from '../../core/forecast';
import { buildEpisodes, compareEpisodes } from '../episodes';
import type { FactContext } from './context';

/** What comes next: gauges expected to cross a Siaga line, and the alerts still open. */
export interface OutlookFacts {
  crossings: { sensorId: string; name: string; district: string; levelCm: number; crossing: ForecastCrossing }[];
  open: { critical: number; warning: number; info: number };
  openWorst: Alert[];
}

export const OPEN_SHOWN = 5;

export function computeOutlookFacts(ctx: FactContext): OutlookFacts {
  const crossings = ctx.input.forecasts.flatMap((f) => {
    const s = ctx.sensors.get(f.sensorId);
    return f.crossing && s ? [{ sensorId: f.sensorId, name: s.name, district: s.district, levelCm: f.levelCm, crossing: f.crossing }] : [];
  });
  crossings.sort((a, b) => a.crossing.level - b.crossing.level || a.crossing.at - b.crossing.at);
  const open = ctx.input.openAlerts.filter(isOpen);
  const count = { critical: 0, warning: 0, info: 0 };
  for (const a of open) count[a.severity]++;
  const worst = buildEpisodes(open.map((alert) => ({ type: 'updated' as const, at: alert.updatedAt, by: '', alert })), ctx.input.generatedAt)
    .sort(compareEpisodes)
    .slice(0, OPEN_SHOWN)
    .map((e) => e.alert);
  return { crossings, open: count, openWorst: worst };
}
