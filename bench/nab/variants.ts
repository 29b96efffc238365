/**
 * node --import tsx bench/nab/variants.ts '<JSON list of scorer options>' [alone]
 *
 * Scorer option variants on NAB's shared split, each beside the product's pattern channel (as
 * bench:nab scores the product; `alone` leaves the channel out): standard, low FP, low FN, LOCO,
 * the standard threshold and its true/false positives, first counted as alert onsets (onsets.ts:
 * the headline form, bench:nab's pantau row), then reading by reading. Writes nothing; for the README's table
 * and ±30 % robustness checks, e.g. '[{"changePointHypotheses":0},{"changePointHypotheses":4}]'.
 * NAB_DATA=<dir>/data runs it on another folder of NAB's layout (labels/ beside data/).
 */
import { resolve } from 'node:path';
import { ART_PRODUCT_OPTIONS, ArtChannel, patternScore } from '../../ingest/detect/art-channel';
import { STATISTICAL_THRESHOLD, createAnomalyScorer, type AnomalyScorerOptions } from '../../ingest/detect/statistical';
import { AlertOnsets, statisticalQuietReadings, typicalIntervalMs } from './onsets';
import { loadNabFiles, readWindows, runScorer } from './run';
import { scoreCorpus, scoreLeaveOneCategoryOut, type ScoredFile } from './score';

// NAB_DATA: another NAB-layout folder (e.g. the split with readings dropped, to check irregular series).
const data = resolve(process.env.NAB_DATA ?? resolve(import.meta.dirname, '../../../shared/nab/data'));
const files = await loadNabFiles(data);
const windows = readWindows(data);
if (!windows) throw new Error(`no labels beside ${data}`);
const alone = process.argv[3] === 'alone';
// The pattern channel does not depend on the scorer's options: scored once.
const steps: number[] = [];
const pattern = files.map((f) => {
  const ch = new ArtChannel(ART_PRODUCT_OPTIONS);
  const p = Float64Array.from(f.series.values, (v, i) => patternScore(ch.score(f.series.times[i], v), STATISTICAL_THRESHOLD));
  steps.push(ch.blocks().step);
  return p;
});
function summary(scored: ScoredFile[]): string {
  const c = scoreCorpus(scored);
  const st = c.standard;
  return (
    `standard ${st.normalized.toFixed(1)} lowFP ${c.reward_low_FP_rate.normalized.toFixed(1)} lowFN ${c.reward_low_FN_rate.normalized.toFixed(1)} ` +
    `LOCO ${scoreLeaveOneCategoryOut(scored, 'standard').toFixed(1)} threshold ${st.threshold.toFixed(3)} tp ${st.tp} fp ${st.fp}`
  );
}
const variants: Partial<AnomalyScorerOptions>[] = JSON.parse(process.argv[2] ?? '[{}]');
for (const v of variants) {
  const opts = { ...v }; // one object per variant: the scorer caches its merge by identity
  const raw = files.map((f) => runScorer(f.series, () => createAnomalyScorer(opts)));
  const scored = (score: (s: Float64Array, k: number) => Float64Array): ScoredFile[] =>
    files.map((f, k) => ({ key: f.key, timestamps: f.series.timestamps, scores: score(raw[k], k), windows: windows[f.key] ?? [] }));
  const every = scored((s, k) => (alone ? s : s.map((x, i) => Math.max(x, pattern[k][i]))));
  const onsets = scored((s, k) => {
    const alerts = new AlertOnsets(STATISTICAL_THRESHOLD, statisticalQuietReadings(typicalIntervalMs(files[k].series.times)));
    return s.map((x, i) => alerts.next(x, alone ? 0 : pattern[k][i], steps[k]));
  });
  console.log(`${JSON.stringify(v)}\tonsets: ${summary(onsets)}\tevery reading: ${summary(every)}`);
}
