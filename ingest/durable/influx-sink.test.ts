import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setLogger } from '@influxdata/influxdb-client';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseInfluxConfig } from '../../src/lib/core/influx-config';
import type { Reading } from '../../src/lib/core/reading';
import { openJournal, type Journal } from './journal';
import { createInfluxSink, type InfluxSink } from './influx-sink';

/** A stand-in for InfluxDB's /write on loopback: answers with the scripted statuses, then 204. */
async function startWriteServer(statuses: number[]): Promise<{ url: string; lines: string[]; requests: () => number; server: Server }> {
  const lines: string[] = [];
  let requests = 0;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const status = statuses[requests++] ?? 204;
      if (status === 204) lines.push(...body.split('\n').filter(Boolean));
      res.writeHead(status, { 'content-type': 'application/json' }).end(status === 204 ? '' : '{"error":"scripted"}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, lines, requests: () => requests, server };
}

// The scripted failures are the point here; the client would print each one with a stack.
beforeAll(() => void setLogger({ error: () => undefined, warn: () => undefined }));

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(statuses: number[], journalWrap: (j: Journal) => Journal = (j) => j, districtOf: (id: string) => string = () => 'samarinda_ulu') {
  const influx = await startWriteServer(statuses);
  const dir = mkdtempSync(path.join(tmpdir(), 'pantau-sink-'));
  const journal = journalWrap(openJournal({ dir, segmentMaxBytes: 1 << 20, fsync: false }));
  const sink: InfluxSink = createInfluxSink({
    influx: parseInfluxConfig({ INFLUX_URL: influx.url, INFLUX_DB: 'test' }),
    journal,
    batchSize: 100,
    flushIntervalMs: 10,
    maxJournalBytes: 1 << 20,
    retryMaxMs: 50,
    districtOf
  });
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }), () => new Promise((r) => influx.server.close(r)), () => sink.close(1000));
  return { influx, sink, journal };
}

const readings = (n: number, from = 0): Reading[] =>
  Array.from({ length: n }, (_, i) => ({ sensorId: 'fl-1', kind: 'flood', ts: 1_700_000_000_000 + from + i, values: { water_level: from + i } }));

describe('InfluxDB sink over the journal', () => {
  it('ships every line in order and keeps retrying through 5xx answers', async () => {
    const { influx, sink } = await setup([500, 503, 500]);
    await sink.writeReadings(readings(250));
    await sink.flush();
    expect(influx.lines).toHaveLength(250);
    expect(influx.lines[0]).toBe('flood,district=samarinda_ulu,sensor=fl-1 water_level=0 1700000000000');
    // Two writes are in flight, so InfluxDB may get the batches in either order (it orders by time).
    expect(influx.lines.map((l) => Number(l.split(' ')[2])).sort((a, b) => a - b)).toEqual(readings(250).map((r) => r.ts));
    expect(sink.stats()).toMatchObject({ storedLines: 250, pendingBytes: 0, droppedLines: 0 });
    expect(sink.stats().failures).toBe(3);
  });

  it('writes a sensor’s new district and kind as soon as the registry changes them', async () => {
    const districts = new Map([['fl-1', 'Samarinda Ulu']]);
    const { influx, sink } = await setup([], undefined, (id) => districts.get(id) ?? 'unknown');
    await sink.writeReadings(readings(1));
    districts.set('fl-1', 'Sungai Pinang'); // a registry version moved the sensor
    await sink.writeReadings(readings(1, 1));
    await sink.writeReadings([{ sensorId: 'fl-1', kind: 'air', ts: 1_700_000_000_002, values: { pm25: 3 } }]); // and made it an air sensor
    await sink.flush();
    expect(influx.lines).toEqual([
      'flood,district=Samarinda\\ Ulu,sensor=fl-1 water_level=0 1700000000000',
      'flood,district=Sungai\\ Pinang,sensor=fl-1 water_level=1 1700000000001',
      'air,district=Sungai\\ Pinang,sensor=fl-1 pm25=3 1700000000002'
    ]);
  });

  it('sets aside a batch InfluxDB refuses for good (400) and ships the next ones', async () => {
    const { influx, sink } = await setup([400]);
    await sink.writeReadings(readings(100));
    await sink.flush();
    await sink.writeReadings(readings(10, 100));
    await sink.flush();
    expect(sink.stats()).toMatchObject({ droppedLines: 100, storedLines: 10 });
    expect(influx.lines).toHaveLength(10);
  });

  it('withholds room while the journal cannot be written and loses nothing once it can', async () => {
    let broken = true;
    const { influx, sink, journal } = await setup([], (j) => ({
      ...j,
      append(lines) {
        if (broken) throw new Error('ENOSPC: no space left on device');
        return j.append(lines);
      }
    }));
    await sink.writeReadings(readings(5));
    expect(sink.hasRoom()).toBe(false);
    let ready = false;
    void sink.ready().then(() => (ready = true));
    await new Promise((r) => setTimeout(r, 120));
    expect(ready).toBe(false);
    broken = false;
    await sink.writeReadings(readings(5, 5)); // arrives while held lines wait: kept behind them, in order
    await expect.poll(() => ready, { timeout: 5000 }).toBe(true);
    await sink.flush();
    expect(influx.lines.map((l) => Number(l.split(' ')[2]))).toEqual(readings(10).map((r) => r.ts));
    expect(journal.stats().pendingBytes).toBe(0);
  });

  it('appends a turn’s lines to the journal in one write, before the write promises resolve', async () => {
    const appends: number[] = [];
    const { influx, sink, journal } = await setup([], (j) => ({ ...j, append: (lines) => (appends.push(lines.length), j.append(lines)) }));
    const writes = [sink.writeReadings(readings(3)), sink.writeReadings(readings(2, 3)), sink.writeReadings(readings(4, 5))];
    expect(appends).toEqual([]); // staged, not yet in the journal
    expect(sink.sync()).toBe(true);
    expect(appends).toEqual([9]);
    await Promise.all(writes);
    await sink.writeReadings(readings(1, 9)); // a later turn: synced by the sink itself
    expect(appends).toEqual([9, 1]);
    await sink.flush();
    expect(influx.lines).toHaveLength(10);
    expect(journal.stats().pendingBytes).toBe(0);
  });

  it('ships lines an earlier process left in the journal (from disk) before its own (from memory), in order', async () => {
    const influx = await startWriteServer([]);
    const dir = mkdtempSync(path.join(tmpdir(), 'pantau-sink-'));
    const earlier = openJournal({ dir, segmentMaxBytes: 1 << 20, fsync: false });
    earlier.append(readings(4).map((r) => `flood,district=samarinda_ulu,sensor=fl-1 water_level=${r.values.water_level} ${r.ts}`));
    earlier.close(); // as if that process stopped before shipping
    const sink = createInfluxSink({
      influx: parseInfluxConfig({ INFLUX_URL: influx.url, INFLUX_DB: 'test' }),
      journal: openJournal({ dir, segmentMaxBytes: 1 << 20, fsync: false }),
      batchSize: 3,
      flushIntervalMs: 10,
      maxJournalBytes: 1 << 20,
      retryMaxMs: 50,
      districtOf: () => 'samarinda_ulu'
    });
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }), () => new Promise((r) => influx.server.close(r)), () => sink.close(1000));
    await sink.writeReadings(readings(5, 4));
    await sink.flush();
    expect(influx.lines.map((l) => Number(l.split(' ')[2]))).toEqual(readings(9).map((r) => r.ts));
    expect(influx.requests()).toBeGreaterThanOrEqual(3); // batches of at most 3 lines
  });

  it('with two writes in flight, commits a later batch only after the earlier one is confirmed', async () => {
    // The first request is answered late: the second batch is confirmed first but must not move the checkpoint.
    let answerFirst: () => void = () => undefined;
    let requests = 0;
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        if (requests++ === 0) answerFirst = () => res.writeHead(204).end();
        else res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const dir = mkdtempSync(path.join(tmpdir(), 'pantau-sink-'));
    const journal = openJournal({ dir, segmentMaxBytes: 1 << 20, fsync: false });
    const sink = createInfluxSink({
      influx: parseInfluxConfig({ INFLUX_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, INFLUX_DB: 'test' }),
      journal,
      batchSize: 10,
      writeConcurrency: 2,
      flushIntervalMs: 10,
      maxJournalBytes: 1 << 20,
      retryMaxMs: 50,
      districtOf: () => 'samarinda_ulu'
    });
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }), () => new Promise((r) => server.close(r)), () => sink.close(1000));
    // Two turns of 10 lines: two batches of batchSize.
    void sink.writeReadings(readings(10));
    sink.sync();
    await sink.writeReadings(readings(10, 10));
    await expect.poll(() => requests, { timeout: 5000 }).toBe(2);
    await new Promise((r) => setTimeout(r, 100)); // the second answer has arrived meanwhile
    expect(journal.committed()).toEqual({ segment: 1, offset: 0 });
    answerFirst();
    await sink.flush();
    expect(journal.stats().pendingBytes).toBe(0);
    expect(sink.stats().storedLines).toBe(20);
  });

  it('with a sync delay, gathers the writes of several event-loop turns into one journal write', async () => {
    const appends: number[] = [];
    const influx = await startWriteServer([]);
    const dir = mkdtempSync(path.join(tmpdir(), 'pantau-sink-'));
    const journal = openJournal({ dir, segmentMaxBytes: 1 << 20, fsync: false });
    const sink = createInfluxSink({
      influx: parseInfluxConfig({ INFLUX_URL: influx.url, INFLUX_DB: 'test' }),
      journal: { ...journal, append: (lines) => (appends.push(lines.length), journal.append(lines)) },
      batchSize: 100,
      syncDelayMs: 30,
      flushIntervalMs: 10,
      maxJournalBytes: 1 << 20,
      retryMaxMs: 50,
      districtOf: () => 'samarinda_ulu'
    });
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }), () => new Promise((r) => influx.server.close(r)), () => sink.close(1000));
    const first = sink.writeReadings(readings(2));
    await new Promise((r) => setImmediate(r));
    void sink.writeReadings(readings(3, 2)); // a later turn of the same window
    expect(appends).toEqual([]);
    await first;
    expect(appends).toEqual([5]);
    await sink.flush();
    expect(influx.lines).toHaveLength(5);
  });
});
