import type { MacetPattern, DaysPattern, PatternFacts } from './patterns';
import type { QualityFacts, SensorQuality } from './quality';

/**
 * Recommendations: each a rule over computed facts, carrying the facts it stands on (the evidence
 * the sentence quotes). Rules are listed in RECOMMENDATION_RULES; thresholds are named here.
 */
export const MACET_MIN_DAYS = 7;
export const FLOOD_MIN_DAYS = 3;
export const AIR_MIN_DAYS = 3;
export const COMPLETENESS_MIN = 0.8;

export type Recommendation =
  | { rule: 'signal-retiming'; sensorId: string; evidence: MacetPattern }
  | { rule: 'flood-repeated'; sensorId: string; evidence: DaysPattern }
  | { rule: 'air-schools'; sensorId: string; evidence: DaysPattern }
  | { rule: 'maintenance-visit'; sensorId: string; evidence: SensorQuality };

export interface RecommendationFacts {
  patterns: PatternFacts;
  quality: QualityFacts;
}

export interface RecommendationRule {
  id: Recommendation['rule'];
  evaluate(f: RecommendationFacts): Recommendation[];
}

export const RECOMMENDATION_RULES: readonly RecommendationRule[] = Object.freeze([
  {
    id: 'signal-retiming',
    evaluate: (f) => f.patterns.macet.filter((p) => p.days >= MACET_MIN_DAYS).map((p) => ({ rule: 'signal-retiming' as const, sensorId: p.sensorId, evidence: p }))
  },
  {
    id: 'flood-repeated',
    evaluate: (f) => f.patterns.floodDays.filter((p) => p.days.length >= FLOOD_MIN_DAYS).map((p) => ({ rule: 'flood-repeated' as const, sensorId: p.sensorId, evidence: p }))
  },
  {
    id: 'air-schools',
    evaluate: (f) => f.patterns.airDays.filter((p) => p.days.length >= AIR_MIN_DAYS).map((p) => ({ rule: 'air-schools' as const, sensorId: p.sensorId, evidence: p }))
  },
  {
    // A sensor already in maintenance has its visit planned: recommending it again is noise.
    id: 'maintenance-visit',
    evaluate: (f) => {
      const planned = new Set(f.quality.maintenance.map((m) => m.sensorId));
      return f.quality.sensors
        .filter((s) => s.completeness < COMPLETENESS_MIN && !planned.has(s.sensorId))
        .map((s) => ({ rule: 'maintenance-visit' as const, sensorId: s.sensorId, evidence: s }));
    }
  }
]);

export function computeRecommendations(f: RecommendationFacts): Recommendation[] {
  return RECOMMENDATION_RULES.flatMap((r) => r.evaluate(f));
}
