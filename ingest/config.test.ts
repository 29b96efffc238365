import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadIngestConfig } from './config';

describe('loadIngestConfig: journal settings', () => {
  it('defaults to a journal per client id under .data, 1 GiB bound, no fsync', () => {
    const c = loadIngestConfig({ INGEST_CLIENT_ID: 'worker-7' });
    expect(c.walDir).toBe(path.resolve('.data/ingest-wal/worker-7'));
    expect(c.walMaxBytes).toBe(1024 ** 3);
    expect(c.walFsync).toBe(false);
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('reads INGEST_WAL_DIR, INGEST_WAL_FSYNC, INGEST_WAL_MAX_BYTES and the grace period', () => {
    const c = loadIngestConfig({ INGEST_WAL_DIR: '/tmp/wal-x', INGEST_WAL_FSYNC: '1', INGEST_WAL_MAX_BYTES: '1048576', INGEST_SHUTDOWN_GRACE_MS: '2500' });
    expect(c).toMatchObject({ walDir: '/tmp/wal-x', walFsync: true, walMaxBytes: 1048576, shutdownGraceMs: 2500 });
  });

  it('refuses values that would put the journal somewhere odd or make it useless', () => {
    expect(() => loadIngestConfig({ INGEST_WAL_FSYNC: 'yes' })).toThrow(/INGEST_WAL_FSYNC/);
    expect(() => loadIngestConfig({ INGEST_WAL_MAX_BYTES: '10' })).toThrow(/INGEST_WAL_MAX_BYTES/);
    expect(() => loadIngestConfig({ INGEST_CLIENT_ID: '../../etc' })).toThrow(/INGEST_CLIENT_ID/);
  });
});

describe('loadIngestConfig: metrics endpoint', () => {
  it('listens on loopback, 9470 + the worker index by default; off turns it off', () => {
    expect(loadIngestConfig({}).metrics).toEqual({ host: '127.0.0.1', port: 9470 });
    expect(loadIngestConfig({ INGEST_WORKERS: '12', INGEST_WORKER_INDEX: '11' }).metrics).toEqual({ host: '127.0.0.1', port: 9481 });
    expect(loadIngestConfig({ INGEST_METRICS_PORT: '0', INGEST_METRICS_HOST: '::1' }).metrics).toEqual({ host: '::1', port: 0 });
    expect(loadIngestConfig({ INGEST_METRICS_PORT: 'off' }).metrics).toBeNull();
    expect(() => loadIngestConfig({ INGEST_METRICS_PORT: '9470x' })).toThrow(/INGEST_METRICS_PORT/);
  });
});

describe('loadIngestConfig: forecaster warm-up', () => {
  it('reads 12 h of history by default; 0 starts cold', () => {
    expect(loadIngestConfig({}).forecastWarmupHours).toBe(24);
    expect(loadIngestConfig({ INGEST_FORECAST_WARMUP_HOURS: '0' }).forecastWarmupHours).toBe(0);
    expect(loadIngestConfig({ INGEST_FORECAST_WARMUP_HOURS: '48' }).forecastWarmupHours).toBe(48);
  });

  it('refuses fractions, negatives and unbounded reads', () => {
    for (const v of ['1.5', '-1', '73', 'twelve']) expect(() => loadIngestConfig({ INGEST_FORECAST_WARMUP_HOURS: v })).toThrow(/INGEST_FORECAST_WARMUP_HOURS/);
  });
});
