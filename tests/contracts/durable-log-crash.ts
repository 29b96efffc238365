/**
 * A child process for the durable log's crash case (durable-log.ts): opens the log on the dir in
 * argv[2] with InfluxDB unreachable, hands over argv[3] readings, group-commits them, says "synced"
 * and waits to be SIGKILLed: a real crash, with no close() and no checkpoint written on the way out.
 */
import { openDurableLog } from '../../ingest/durable';
import { parseInfluxConfig } from '../../src/lib/core/influx-config';
import { contractReadings, contractLogOptions } from './durable-log-options';

const [dir, count] = [process.argv[2], Number(process.argv[3])];
const { log } = openDurableLog(contractLogOptions(dir, parseInfluxConfig({ INFLUX_URL: 'http://127.0.0.1:1', INFLUX_DB: 'unreachable' })));
void log.writeReadings(contractReadings(count));
if (!log.sync()) process.exit(2);
console.log('synced');
setInterval(() => undefined, 60_000);
