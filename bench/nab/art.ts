/**
 * The adaptive-resonance channel (ingest/detect/art-channel.ts) on NAB, alone and as a second
 * opinion beside the statistical scorer (score = the larger of the two, per reading or where it
 * opens a new alert: onsets.ts), in two settings:
 * - NAB info: each file's min/max and NAB's probation (15 % of the file, at most 750 readings),
 *   which NAB's rules give every detector (NAB's ARTime detector reads them the same way);
 * - product: what a live sensor can know: a probation of one week of its readings
 *   and the range seen in it (ART_PRODUCT_OPTIONS). Its score is the one the product may claim.
 */
import { ART_PRODUCT_OPTIONS, ArtChannel, nabProbation, patternScore, type ArtChannelOptions } from '../../ingest/detect/art-channel';
import { STATISTICAL_THRESHOLD } from '../../ingest/detect/statistical';
import { AlertOnsets, statisticalQuietReadings, typicalIntervalMs } from './onsets';
import type { LoadedFile } from './run';
import type { ScoredFile } from './score';

export interface ArtRun {
  name: string;
  files: ScoredFile[];
  /** Per file: the channel's block length in readings (a pattern finding holds one block). */
  steps: number[];
  rowsPerSecond: number;
  stateBytes: number;
}

/** What NAB tells a detector about a file: its value range and probation. */
export function nabInfo(f: Pick<LoadedFile, 'series'>, capacity: number): ArtChannelOptions {
  let min = Infinity;
  let max = -Infinity;
  // Missing readings (NaN) are not part of the range (Math.min would make it NaN).
  for (const v of f.series.values) if (Number.isFinite(v)) [min, max] = [Math.min(min, v), Math.max(max, v)];
  return { probationRecords: nabProbation(f.series.values.length), min, max, capacity };
}

function runArt(name: string, files: readonly LoadedFile[], windows: Record<string, [string, string][]>, opts: (f: LoadedFile) => ArtChannelOptions): ArtRun {
  const out: ScoredFile[] = [];
  const steps: number[] = [];
  let ms = 0;
  let rows = 0;
  let stateBytes = 0;
  for (const f of files) {
    const { times, values } = f.series;
    const scores = new Float64Array(values.length);
    const t0 = performance.now();
    const ch = new ArtChannel(opts(f));
    for (let i = 0; i < values.length; i++) scores[i] = ch.score(times[i], values[i]);
    ms += performance.now() - t0;
    rows += values.length;
    stateBytes = Math.max(stateBytes, ch.stateBytes());
    steps.push(ch.blocks().step);
    out.push({ key: f.key, timestamps: f.series.timestamps, scores, windows: windows[f.key] ?? [] });
  }
  return { name, files: out, steps, rowsPerSecond: (rows / ms) * 1000, stateBytes };
}

/**
 * The larger of the statistical score and the ART channel's (on the rule's scale, patternScore),
 * reading by reading; with `onsets`, only where it opens a new alert (onsets.ts).
 */
function larger(name: string, stat: readonly ScoredFile[], art: ArtRun, onsets: boolean): ArtRun {
  const files = stat.map((f, k) => {
    const a = art.files[k].scores;
    const alerts = new AlertOnsets(STATISTICAL_THRESHOLD, statisticalQuietReadings(typicalIntervalMs(f.timestamps.map((t) => Date.parse(`${t.replace(' ', 'T')}Z`)))));
    const scores = Float64Array.from(f.scores as ArrayLike<number>, (s, i) => {
      const p = patternScore(a[i], STATISTICAL_THRESHOLD);
      return onsets ? alerts.next(s, p, art.steps[k]) : Math.max(s, p);
    });
    return { ...f, scores };
  });
  return { ...art, name, files };
}

/**
 * The ART rows of bench:nab: the reference (unbounded), the 4 KB settings alone and beside the
 * scorer, and last the alerts of the real engine and alert policy (alerts.ts): with the rule's
 * option that holds lone findings (`held`) and the product's own (`product`); last the detector itself
 * (its findings counted once per episode), the headline and the written CSV.
 */
export function runArtVariants(
  files: readonly LoadedFile[],
  windows: Record<string, [string, string][]>,
  stat: readonly ScoredFile[],
  alerts: { product: readonly ScoredFile[]; held: readonly ScoredFile[] }
): ArtRun[] {
  const cap = ART_PRODUCT_OPTIONS.capacity;
  const reference = runArt('ART, NAB info, 1,024 categories (reference; not 4 KB)', files, windows, (f) => nabInfo(f, 1024));
  const nab = runArt(`ART, NAB info, ${cap} categories`, files, windows, (f) => nabInfo(f, cap));
  const product = runArt(`ART, product (week probation, learnt range), ${cap} categories`, files, windows, () => ART_PRODUCT_OPTIONS);
  return [
    reference,
    nab,
    product,
    larger(`statistical max ART, NAB info, alert onsets`, stat, nab, true),
    larger(`statistical max ART, product setting, every reading at or above the threshold (the form before alert onsets)`, stat, product, false),
    { ...product, name: `alerts with the rule's option raiseAfter (a lone finding held until the policy raises it; off in the product)`, files: [...alerts.held] },
    { ...product, name: `alerts as the default policy raises them (real engine, rule and alert policy: what operators are paged with)`, files: [...alerts.product] },
    larger(`pantau (the detector: statistical max ART, product setting, one finding per episode as the policy groups them; written to pantau_*.csv)`, stat, product, true)
  ];
}

/**
 * The product's score per reading where it opens a new alert (onsets.ts), else 0: the scorer's, or
 * the pattern channel's (product setting, on the rule's scale) while its finding holds.
 */
export function withProductPattern(series: LoadedFile['series'], scorer: Float64Array): Float64Array {
  const ch = new ArtChannel(ART_PRODUCT_OPTIONS);
  const alerts = new AlertOnsets(STATISTICAL_THRESHOLD, statisticalQuietReadings(typicalIntervalMs(series.times)));
  const out = new Float64Array(scorer.length);
  for (let i = 0; i < out.length; i++) {
    const pattern = patternScore(ch.score(series.times[i], series.values[i]), STATISTICAL_THRESHOLD);
    out[i] = alerts.next(scorer[i], pattern, ch.blocks().step);
  }
  return out;
}
