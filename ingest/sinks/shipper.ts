/**
 * Moved to ingest/durable/shipper.ts. This re-export stays only while ingest/sinks/influx*.ts and
 * tests/helpers/influx.ts (being moved to the shared InfluxDB module) still import the old path;
 * delete it once nothing does.
 */
export * from '../durable/shipper';
