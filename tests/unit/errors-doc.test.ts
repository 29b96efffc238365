import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_ERROR, ERROR_CODES, PantauError, REJECT_CODES } from '../../src/lib/core/errors';

/** errors.ts is the one declaration; docs/errors.md, the README and the code that throws must agree with it. */
const ROOT = path.resolve(import.meta.dirname, '../..');
const SOURCE_DIRS = ['src', 'ingest', 'simulators', 'scripts', 'bench'];
const CONFIG_ROW = 'CONFIG_<VARIABLE>';

/** Product sources: tests may throw whatever they like, only shipped code counts as "used". */
function productSources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) out.push(...productSources(rel));
    } else if (/\.(ts|svelte)$/.test(entry.name) && !/\.test\.ts$/.test(entry.name)) out.push(rel);
  }
  return out;
}

const sources = new Map(SOURCE_DIRS.flatMap(productSources).map((f) => [f, readFileSync(path.join(ROOT, f), 'utf8')]));

/** The first argument of every `new PantauError(` in the product, with the file it is in. */
const thrown = [...sources].flatMap(([file, text]) =>
  [...text.matchAll(/new PantauError\(\s*([^,)]*)/g)].map((m) => ({ file, arg: m[1].trim() }))
);

/** `| code | … |` rows of the markdown table under `## heading`, cells without their backticks. */
function tableRows(markdown: string, heading: string): string[][] {
  const section = markdown.split(/^## /m).find((s) => s.startsWith(heading)) ?? '';
  return section
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| ---') && !line.startsWith('| code '))
    .map((line) => line.slice(1, -1).split(' | ').map((cell) => cell.trim().replaceAll('`', '')));
}

const docs = readFileSync(path.join(ROOT, 'docs/errors.md'), 'utf8');

describe('docs/errors.md', () => {
  it('lists every dead-letter reason with its meaning, and nothing else', () => {
    const rows = tableRows(docs, 'Dead-letter reasons');
    expect(Object.fromEntries(rows.map(([code, meaning]) => [code, meaning]))).toEqual(REJECT_CODES);
    expect(rows).toHaveLength(Object.keys(REJECT_CODES).length);
  });

  it('lists every error code with whether it is retryable and its meaning, and nothing else', () => {
    const rows = tableRows(docs, 'Error codes');
    const declared = Object.entries({ ...ERROR_CODES, [CONFIG_ROW]: CONFIG_ERROR }).map(([code, s]) => [code, s.retryable ? 'yes' : 'no', s.message]);
    expect(rows).toEqual(declared);
  });
});

describe('README', () => {
  it('names every dead-letter reason under "Dead-letter reasons"', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const paragraph = readme.slice(readme.indexOf('**Dead-letter reasons**')).split('\n\n')[0];
    const named = [...paragraph.matchAll(/`([a-z_]+)`/g)].map((m) => m[1]);
    expect(named.sort()).toEqual(Object.keys(REJECT_CODES).sort());
  });
});

describe('codes thrown in the product', () => {
  it('are declared: a declared code, or CONFIG_ and the name of a variable the processes read', () => {
    const allSource = [...sources.values()].join('\n');
    const bad = thrown.filter(({ arg }) => {
      const literal = /^'([A-Z0-9_]+)'$/.exec(arg)?.[1];
      if (literal?.startsWith('CONFIG_')) {
        const variable = literal.slice('CONFIG_'.length);
        return !new RegExp(`(?<![A-Za-z0-9_])${variable}(?![A-Za-z0-9_])`).test(allSource);
      }
      if (literal) return !Object.hasOwn(ERROR_CODES, literal);
      // A code passed in as a parameter is typed ErrorCode (svelte-check holds it to the declarations);
      // the one computed form is CONFIG_ and a variable's name. Anything else ('CONFIG_' + key) is refused.
      return !/^[A-Za-z_$][\w$]*$/.test(arg) && !/^`CONFIG_\$\{\w+\}`$/.test(arg);
    });
    expect(bad).toEqual([]);
  });

  it('include every declared code: nothing is declared that the product never names', () => {
    // Named as a literal anywhere: thrown directly, or handed to the helper that throws it.
    const named = new Set([...[...sources.values()].join('\n').matchAll(/'([A-Z][A-Z0-9_]*)'/g)].map((m) => m[1]));
    expect(Object.keys(ERROR_CODES).filter((code) => !named.has(code))).toEqual([]);
  });

  it('carry their declared retryability and meaning', () => {
    expect(new PantauError('INFLUX_UNAVAILABLE', 'down')).toMatchObject({ code: 'INFLUX_UNAVAILABLE', retryable: true, message: 'down' });
    expect(new PantauError('WAL_LOCKED')).toMatchObject({ retryable: false, message: ERROR_CODES.WAL_LOCKED.message });
    expect(new PantauError('CONFIG_INFLUX_URL', 'bad url').retryable).toBe(false);
    const cause = new Error('socket hang up');
    expect(new PantauError('INFLUX_QUERY', 'failed', { cause }).cause).toBe(cause);
  });
});
