import { SENSOR_KINDS, type SensorKind } from '../../core/sensor';
import type { FactContext } from './context';

/** Where it was worst: kecamatan ranked per kind by emergency alerts, then by alert-minutes. */
export interface DistrictRank {
  district: string;
  count: number;
  minutes: number;
}

export type RankingFacts = { kind: SensorKind; districts: DistrictRank[] }[];

export function computeRankingFacts(ctx: FactContext): RankingFacts {
  return SENSOR_KINDS.map((kind) => {
    const rows = new Map<string, DistrictRank>();
    for (const e of ctx.emergencies.filter((x) => x.alert.kind === kind)) {
      const r = rows.get(e.alert.district) ?? { district: e.alert.district, count: 0, minutes: 0 };
      r.count++;
      r.minutes += e.durationMin;
      rows.set(e.alert.district, r);
    }
    const districts = [...rows.values()].sort((a, b) => b.count - a.count || b.minutes - a.minutes || a.district.localeCompare(b.district));
    return { kind, districts };
  }).filter((k) => k.districts.length > 0);
}
