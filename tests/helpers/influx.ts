/** InfluxQL and writes through the product's InfluxDB module, for tests to seed and check what landed in InfluxDB. */
import { parseInfluxConfig, type InfluxConfig } from '../../src/lib/core/influx-config';
import { quoteInfluxIdent } from '../../src/lib/core/line-protocol';
import { EVENTS_RP } from '../../src/lib/core/retention';
import { createPolicyStatement } from '../../src/lib/core/rollup-statements';
import { createInfluxDB } from '../../src/lib/influx/client';
import { influxQl } from '../../src/lib/influx/query';
import { writeLines } from '../../src/lib/influx/write';
import { splitAlertEvents } from '../../ingest/durable/split-events';

export type Row = Record<string, unknown>;

const TIMEOUT_MS = 30_000;

/** The product's InfluxConfig for a test database ('' for statements on the server, e.g. SHOW DATABASES). */
function configFor(url: string, db: string): InfluxConfig {
  return { ...parseInfluxConfig({ INFLUX_URL: url }), database: db };
}

/**
 * Run one InfluxQL statement with epoch=ms and return every series row as an object
 * (columns as keys, plus the series tags for GROUP BY queries and `_measurement`).
 * InfluxDB errors are thrown: a test that queries wrongly should fail loudly.
 */
export async function influxQuery(url: string, db: string, q: string): Promise<Row[]> {
  const body = await influxQl(configFor(url, db), q, 'POST', TIMEOUT_MS).catch((err: Error) => {
    throw new Error(`InfluxDB: ${err.message} (${q})`);
  });
  const rows: Row[] = [];
  for (const result of body.results ?? []) {
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

/**
 * Write line protocol (precision ms) and throw on anything but 204. Alert event lines go to their
 * own policy, split off as the ingest's shipper does, so seeded history is where the product reads it.
 */
export async function influxWrite(url: string, db: string, lines: string | string[]): Promise<void> {
  const texts = Array.isArray(lines) ? lines : [lines];
  const { rest, events } = splitAlertEvents(texts, 0);
  const config = configFor(url, db);
  const influx = createInfluxDB(config, TIMEOUT_MS);
  for (const [part, rp] of [[rest.texts, ''], [events.texts, EVENTS_RP]] as const) {
    if (part.length > 0) await writeLines(influx, config, part, rp, part.length);
  }
}

/**
 * A database as the ingest's set-up leaves it for the writers: with the alert events' policy, which
 * every writer of alert events names (a write to a missing policy fails). No rollups: their
 * continuous queries would run on every test database; retention.test.ts sets those up.
 */
export async function createDatabase(url: string, db: string): Promise<void> {
  await influxQuery(url, '', `CREATE DATABASE ${quoteInfluxIdent(db)}`);
  await influxQuery(url, '', createPolicyStatement(db, EVENTS_RP, 0));
}

/** FROM for a test's check of stored alert events: their own policy, as the product reads them. */
export const ALERT_EVENTS = `"${EVENTS_RP}"."alert_events"`;

/** FROM for a test's check of the audit log: the events policy too. */
export const AUDIT = `"${EVENTS_RP}"."audit"`;

export async function dropDatabase(url: string, db: string): Promise<void> {
  await influxQuery(url, '', `DROP DATABASE ${quoteInfluxIdent(db)}`);
}
