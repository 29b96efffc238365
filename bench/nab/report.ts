/** Formatting bench:nab results and appending them to bench/RESULTS.md under its own heading. */
import type { CorpusScore, ProfileName } from './score';
import { appendSectionToFile } from '../lib/results-file';

export const RESULTS_HEADING = '## bench:nab';

export interface DetectorResult {
  name: string;
  scores: Record<ProfileName, CorpusScore>;
}

export function formatResultTable(results: readonly DetectorResult[]): string {
  const rows = results.map((r) => {
    const s = r.scores;
    const n = (p: ProfileName) => s[p].normalized.toFixed(1);
    const t = s.standard;
    return `| ${r.name} | ${n('standard')} | ${n('reward_low_FP_rate')} | ${n('reward_low_FN_rate')} | ${t.threshold.toFixed(4)} | ${t.tp}/${t.tp + t.fn} | ${t.fp} |`;
  });
  return [
    '| detector | standard | reward low FP | reward low FN | threshold (standard) | windows found | FP records |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows
  ].join('\n');
}

/** Appends `entry` at the end of the `## bench:nab` section (created when missing). */
export function appendResultsSection(path: string, entry: string): void {
  appendSectionToFile(path, RESULTS_HEADING, entry);
}
