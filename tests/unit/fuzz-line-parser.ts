/**
 * A tiny InfluxDB line-protocol parser for the fuzz properties: one line → measurement, tags,
 * fields, timestamp. It reads as InfluxDB 1.x does (models/points.go): a backslash always takes
 * the next character with it while scanning, but only `\,` `\=` `\ ` in tags and keys (`\,` `\ `
 * in the measurement) lose the backslash; in string fields `\"` and `\\` are escapes. It throws on
 * anything a server would refuse or split: a line break, an empty key or tag value, a missing part.
 */
export interface ParsedLine {
  measurement: string;
  tags: Record<string, string>;
  fields: Record<string, string | number | boolean>;
  ts: number;
}

class Cursor {
  i = 0;
  constructor(readonly s: string) {}
  get done(): boolean {
    return this.i >= this.s.length;
  }
  peek(): string {
    return this.s[this.i];
  }
  /** Reads up to an unescaped stop character, dropping the backslash of the escapes InfluxDB knows. */
  until(stops: string, unescapes = ',= '): string {
    let out = '';
    while (!this.done && !stops.includes(this.peek())) {
      if (this.peek() === '\\' && this.i + 1 < this.s.length) {
        const next = this.s[this.i + 1];
        out += unescapes.includes(next) ? next : '\\' + next;
        this.i += 2;
      } else out += this.s[this.i++];
    }
    return out;
  }
  expect(c: string): void {
    if (this.s[this.i] !== c) throw new Error(`expected ${JSON.stringify(c)} at ${this.i} in ${JSON.stringify(this.s)}`);
    this.i++;
  }
}

function parseFieldValue(c: Cursor): string | number | boolean {
  if (c.peek() === '"') {
    c.i++;
    let out = '';
    for (;;) {
      if (c.done) throw new Error('unterminated string field');
      const ch = c.s[c.i++];
      if (ch === '"') return out;
      if (ch === '\\' && (c.peek() === '"' || c.peek() === '\\')) out += c.s[c.i++];
      else out += ch;
    }
  }
  const raw = c.until(', ');
  if (raw === 'true' || raw === 'false') return raw === 'true';
  if (!/^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(raw)) throw new Error(`bad number ${JSON.stringify(raw)}`);
  return Number(raw);
}

export function parseLine(line: string): ParsedLine {
  if (/[\r\n]/.test(line)) throw new Error('line break inside a line');
  const c = new Cursor(line);
  const measurement = c.until(', ', ', ');
  if (!measurement) throw new Error('empty measurement');
  const tags: Record<string, string> = {};
  while (c.peek() === ',') {
    c.i++;
    const key = c.until('=, ');
    c.expect('=');
    const value = c.until(', =');
    if (!key || !value) throw new Error(`empty tag key or value in ${JSON.stringify(line)}`);
    if (Object.hasOwn(tags, key)) throw new Error(`duplicate tag ${key}`);
    tags[key] = value;
  }
  c.expect(' ');
  const fields: Record<string, string | number | boolean> = {};
  do {
    if (c.peek() === ',') c.i++;
    const key = c.until('=, ');
    c.expect('=');
    if (!key) throw new Error('empty field key');
    fields[key] = parseFieldValue(c);
  } while (c.peek() === ',');
  c.expect(' ');
  const rest = c.s.slice(c.i);
  if (!/^-?\d+$/.test(rest)) throw new Error(`bad timestamp ${JSON.stringify(rest)}`);
  return { measurement, tags, fields, ts: Number(rest) };
}
