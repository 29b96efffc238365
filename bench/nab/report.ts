/** Formatting bench:nab results and appending them to bench/RESULTS.md under its own heading. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { CorpusScore, ProfileName } from './score';

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

/**
 * Append `entry` at the end of the `## bench:nab` section (created at the end of the file when
 * missing); other sections are left as they are.
 */
export function appendResultsSection(path: string, entry: string): void {
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmark results\n';
  const lines = text.replace(/\s+$/, '').split('\n');
  const start = lines.findIndex((l) => l.trim() === RESULTS_HEADING);
  if (start < 0) {
    writeFileSync(path, `${lines.join('\n')}\n\n${RESULTS_HEADING}\n\n${entry.trim()}\n`);
    return;
  }
  let end = lines.findIndex((l, i) => i > start && /^## /.test(l));
  if (end < 0) end = lines.length;
  const before = lines.slice(0, end).join('\n').replace(/\s+$/, '');
  const after = lines.slice(end).join('\n');
  writeFileSync(path, `${before}\n\n${entry.trim()}\n${after ? `\n${after}\n` : ''}`);
}
