import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendResultsSection } from './report';

function tempFile(content?: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'pantau-report-')), 'RESULTS.md');
  if (content !== undefined) writeFileSync(path, content);
  return path;
}

describe('appendResultsSection', () => {
  it('creates the file and the heading when missing', () => {
    const path = tempFile();
    appendResultsSection(path, 'run 1');
    expect(readFileSync(path, 'utf8')).toBe('# Benchmark results\n\n## bench:nab\n\nrun 1\n');
  });
  it('appends inside its own section and keeps the sections after it', () => {
    const path = tempFile('# R\n\n## bench:nab\n\nrun 1\n\n## bench:detect\n\nother\n');
    appendResultsSection(path, 'run 2');
    expect(readFileSync(path, 'utf8')).toBe('# R\n\n## bench:nab\n\nrun 1\n\nrun 2\n\n## bench:detect\n\nother\n');
  });
  it('adds the section after others when absent', () => {
    const path = tempFile('# R\n\n## bench:detect\n\nother\n');
    appendResultsSection(path, 'run 1');
    expect(readFileSync(path, 'utf8')).toBe('# R\n\n## bench:detect\n\nother\n\n## bench:nab\n\nrun 1\n');
  });
});
