import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The file every bench appends its runs to, one `## bench:<name>` section each. */
const RESULTS_PATH = path.resolve(import.meta.dirname, '../RESULTS.md');

/** `entry` appended at the end of the section under `heading` (created when missing); other sections stay as they are. */
export function appendToSection(text: string, heading: string, entry: string): string {
  const lines = text.replace(/\s+$/, '').split('\n');
  const start = lines.findIndex((l) => l.trim() === heading);
  if (start < 0) return `${lines.join('\n')}\n\n${heading}\n\n${entry.trim()}\n`;
  let end = lines.findIndex((l, i) => i > start && /^## /.test(l));
  if (end < 0) end = lines.length;
  const before = lines.slice(0, end).join('\n').replace(/\s+$/, '');
  const after = lines.slice(end).join('\n');
  return `${before}\n\n${entry.trim()}\n${after ? `\n${after}\n` : ''}`;
}

export function appendSectionToFile(path: string, heading: string, entry: string): void {
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmark results\n';
  writeFileSync(path, appendToSection(text, heading, entry));
}

/** A bench's run appended under its own section of bench/RESULTS.md, and said so in its log. */
export function appendBenchResult(name: string, entry: string): void {
  appendSectionToFile(RESULTS_PATH, `## bench:${name}`, entry);
  console.log(`[bench:${name}] appended to bench/RESULTS.md`);
}
