/** Reads a Prometheus text exposition the way Prometheus does, for tests that scrape /metrics. */
export interface Scrape {
  /** Sum of the samples of `name` whose labels include all of `labels` (0 when there is none). */
  value(name: string, labels?: Record<string, string>): number;
  /** Whether a sample of `name` exists at all. */
  has(name: string): boolean;
  text: string;
}

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

export function parseScrape(text: string): Scrape {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = SAMPLE.exec(line);
    if (!m) throw new Error(`not a Prometheus sample: ${line.slice(0, 200)}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(LABEL)) labels[l[1]] = l[2];
    samples.push({ name: m[1], labels, value: Number(m[3]) });
  }
  const matching = (name: string, want: Record<string, string>) =>
    samples.filter((s) => s.name === name && Object.entries(want).every(([k, v]) => s.labels[k] === v));
  return {
    text,
    has: (name) => samples.some((s) => s.name === name),
    value: (name, labels = {}) => matching(name, labels).reduce((sum, s) => sum + s.value, 0)
  };
}

/** GET a /metrics URL; throws unless it answers 200 with the Prometheus text format. */
export async function scrape(url: string, headers: Record<string, string> = {}): Promise<Scrape> {
  const res = await fetch(url, { headers });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${url} answered ${res.status}: ${text.slice(0, 200)}`);
  if (!res.headers.get('content-type')?.startsWith('text/plain')) throw new Error(`${url} is not Prometheus text: ${res.headers.get('content-type')}`);
  return parseScrape(text);
}
