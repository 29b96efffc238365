/** Minimal InfluxQL over HTTP (v1 /query), for tests to check what landed in InfluxDB. */
export type Row = Record<string, unknown>;

interface QueryResponse {
  results?: Array<{
    error?: string;
    series?: Array<{ name: string; tags?: Record<string, string>; columns: string[]; values: unknown[][] }>;
  }>;
  error?: string;
}

/**
 * Run one InfluxQL statement with epoch=ms and return every series row as an object
 * (columns as keys, plus the series tags for GROUP BY queries and `_measurement`).
 * InfluxDB errors are thrown: a test that queries wrongly should fail loudly.
 */
export async function influxQuery(url: string, db: string, q: string): Promise<Row[]> {
  const params = new URLSearchParams({ q, epoch: 'ms' });
  if (db) params.set('db', db);
  const res = await fetch(`${url}/query?${params}`, { method: 'POST' });
  const body = (await res.json()) as QueryResponse;
  if (!res.ok || body.error) throw new Error(`InfluxDB ${res.status}: ${body.error ?? 'query failed'} (${q})`);
  const rows: Row[] = [];
  for (const result of body.results ?? []) {
    if (result.error) throw new Error(`InfluxDB: ${result.error} (${q})`);
    for (const s of result.series ?? []) {
      for (const values of s.values ?? []) {
        const row: Row = { _measurement: s.name, ...s.tags };
        s.columns.forEach((c, i) => (row[c] = values[i]));
        rows.push(row);
      }
    }
  }
  return rows;
}

/** Write line protocol (precision ms) and throw on anything but 204. */
export async function influxWrite(url: string, db: string, lines: string | string[]): Promise<void> {
  const body = Array.isArray(lines) ? lines.join('\n') : lines;
  const res = await fetch(`${url}/write?db=${encodeURIComponent(db)}&precision=ms`, { method: 'POST', body });
  if (res.status !== 204) throw new Error(`InfluxDB write ${res.status}: ${await res.text()}`);
}

export async function createDatabase(url: string, db: string): Promise<void> {
  await influxQuery(url, '', `CREATE DATABASE ${quoteIdent(db)}`);
}

export async function dropDatabase(url: string, db: string): Promise<void> {
  await influxQuery(url, '', `DROP DATABASE ${quoteIdent(db)}`);
}

function quoteIdent(name: string): string {
  return `"${name.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
