import type { InfluxClient, InfluxSeries } from './influx';

/**
 * Runs the queries of a planned range (resolution.ts: a rollup part, then the raw newest bucket) at
 * once and joins their answers per series (measurement and tags), in order: the parts' buckets never
 * overlap, so the joined rows stay sorted by time.
 */
export async function queryParts(client: InfluxClient, queries: readonly string[]): Promise<InfluxSeries[]> {
  const answers = await Promise.all(queries.map((q) => client.query(q)));
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
