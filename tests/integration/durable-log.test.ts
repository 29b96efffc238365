/** The ingest's durable log (journal + shipper behind ingest/durable) against the contract, on real InfluxDB. */
import { afterAll } from 'vitest';
import { openDurableLog } from '../../ingest/durable';
import { parseInfluxConfig } from '../../src/lib/core/influx-config';
import { describeDurableLogContract } from '../contracts/durable-log';
import { CONTRACT_SENSOR, contractLogOptions } from '../contracts/durable-log-options';
import { readTestServices, uniqueDb } from '../helpers/env';
import { createDatabase, dropDatabase, influxQuery } from '../helpers/influx';

const services = readTestServices();
const dbs: string[] = [];
afterAll(async () => {
  for (const db of dbs) await dropDatabase(services.influxUrl, db);
});

describeDurableLogContract('journal + shipper to InfluxDB 1.x', {
  open: (dir, influx) => openDurableLog(contractLogOptions(dir, influx)),
  async newDatabase() {
    const db = uniqueDb('durable');
    dbs.push(db);
    await createDatabase(services.influxUrl, db);
    return parseInfluxConfig({ INFLUX_URL: services.influxUrl, INFLUX_DB: db });
  },
  async stored(influx) {
    const rows = await influxQuery(services.influxUrl, influx.database, `SELECT water_level FROM flood WHERE sensor = '${CONTRACT_SENSOR}'`);
    return rows.map((r) => Number(r.water_level)).sort((a, b) => a - b);
  }
});
