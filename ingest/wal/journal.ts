/**
 * Moved to ingest/durable/journal.ts. This re-export stays only while ingest/sinks/influx*.ts and the
 * tests beside them (being moved to the shared InfluxDB module) still import the old path; delete it
 * once nothing does (`grep -r "wal/journal"`).
 */
export * from '../durable/journal';
