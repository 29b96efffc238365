import type { ReportInput } from '../types';
import { computeAlertFacts, type AlertFacts } from './alerts';
import { computeChangeFacts, type ChangeFacts } from './change';
import { createFactContext, type FactContext } from './context';
import { computeOutlookFacts, type OutlookFacts } from './outlook';
import { computePatternFacts, type PatternFacts } from './patterns';
import { computeQualityFacts, type QualityFacts } from './quality';
import { computeRankingFacts, type RankingFacts } from './ranking';
import { computeRecommendations, type Recommendation } from './recommendations';
import { computeResponseFacts, type ResponseFacts } from './response';

/** Every fact a report states, by family. */
export interface ReportFacts {
  alerts: AlertFacts;
  response: ResponseFacts;
  ranking: RankingFacts;
  change: ChangeFacts;
  quality: QualityFacts;
  outlook: OutlookFacts;
  patterns: PatternFacts;
  recommendations: Recommendation[];
}

type Family<K extends keyof ReportFacts> = { key: K; compute: (ctx: FactContext, done: Partial<ReportFacts>, shifts?: readonly number[]) => ReportFacts[K] };
const family = <K extends keyof ReportFacts>(f: Family<K>) => f;

/** The fact families, in the order they are computed (recommendations read the facts before them). */
export const FACT_FAMILIES = Object.freeze([
  family({ key: 'alerts', compute: (ctx) => computeAlertFacts(ctx) }),
  family({ key: 'response', compute: (ctx) => computeResponseFacts(ctx) }),
  family({ key: 'ranking', compute: (ctx) => computeRankingFacts(ctx) }),
  family({ key: 'change', compute: (ctx, _done, shifts) => computeChangeFacts(ctx, shifts) }),
  family({ key: 'quality', compute: (ctx) => computeQualityFacts(ctx) }),
  family({ key: 'outlook', compute: (ctx) => computeOutlookFacts(ctx) }),
  family({ key: 'patterns', compute: (ctx) => computePatternFacts(ctx) }),
  family({ key: 'recommendations', compute: (_ctx, done) => computeRecommendations({ patterns: done.patterns!, quality: done.quality! }) })
]);

export function computeFacts(input: ReportInput, shifts?: readonly number[]): ReportFacts {
  const ctx = createFactContext(input);
  const done: Partial<ReportFacts> = {};
  for (const f of FACT_FAMILIES) (done as Record<string, unknown>)[f.key] = f.compute(ctx, done, shifts);
  return done as ReportFacts;
}

export type { AlertFacts, ChangeFacts, OutlookFacts, PatternFacts, QualityFacts, RankingFacts, Recommendation, ResponseFacts };
