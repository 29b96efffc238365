import type { InfluxClient, InfluxSeries } from './influx';

/**
 * Runs the queries of a planned range (resolution.ts: a rollup part, then the raw newest bucket) at
 * once and joins their answers per series (measurement and tags), in order: the parts' buckets never
 * overlap, so the joined rows stay sorted by time.
 */
export async function queryParts(client: InfluxClient, queries: readonly string[]): Promise<InfluxSeries[]> {
  const answers = (await Promise.all(queries.map((q) => client.query(q)))).map(splitBySensorColumn);
  if (answers.length === 1) return answers[0];
  const joined = new Map<string, InfluxSeries>();
  for (const series of answers) {
    for (const s of series) {
      const key = `${s.name}\u0000${JSON.stringify(s.tags ?? {})}`;
      const seen = joined.get(key);
      if (seen) seen.values = seen.values.concat(s.values);
      else joined.set(key, { ...s, values: [...s.values] });
    }
  }
  return [...joined.values()];
}

/**
 * A query that selects the sensor tag as a column (replay.ts reading rollup rows as they are) answers
 * one series of every sensor's rows: split it into one series per sensor, as GROUP BY "sensor" would.
 */
export function splitBySensorColumn(series: InfluxSeries[]): InfluxSeries[] {
  const out: InfluxSeries[] = [];
  for (const s of series) {
    const at = s.columns.indexOf('sensor');
    if (at < 0) {
      out.push(s);
      continue;
    }
    const columns = s.columns.filter((_, i) => i !== at);
    const bySensor = new Map<string, unknown[][]>();
    for (const row of s.values) {
      const id = String(row[at]);
      let rows = bySensor.get(id);
      if (!rows) bySensor.set(id, (rows = []));
      rows.push(row.filter((_, i) => i !== at));
    }
    for (const [sensor, values] of bySensor) out.push({ name: s.name, tags: { ...s.tags, sensor }, columns, values });
  }
  return out;
}
