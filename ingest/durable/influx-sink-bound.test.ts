import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setLogger } from '@influxdata/influxdb-client';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseInfluxConfig } from '../../src/lib/core/influx-config';
import type { Reading } from '../../src/lib/core/reading';
import { openJournal, type Journal } from './journal';
import { createInfluxSink } from './influx-sink';

const BOUND = 8192;

/** /write on loopback that answers 503 while `down` is set (InfluxDB away), else stores the lines. */
async function startInflux() {
  const state = { down: false, delayMs: 0, lines: [] as string[] };
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const down = state.down;
      if (!down) state.lines.push(...body.split('\n').filter(Boolean));
      setTimeout(() => res.writeHead(down ? 503 : 204, { 'content-type': 'application/json' }).end(down ? '{"error":"down"}' : ''), state.delayMs);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { state, server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

beforeAll(() => void setLogger({ error: () => undefined, warn: () => undefined }));
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A sink with a tiny bound; every append records the journal's size after it. */
async function setup(segmentMaxBytes: number, bound = BOUND, log?: (m: string) => void) {
  const influx = await startInflux();
  const dir = mkdtempSync(path.join(tmpdir(), 'pantau-bound-'));
  const raw = openJournal({ dir, segmentMaxBytes, fsync: false });
  const sizesAfterAppend: number[] = [];
  const journal: Journal = { ...raw, append: (lines) => { const r = raw.append(lines); sizesAfterAppend.push(raw.diskBytes()); return r; } };
  const sink = createInfluxSink({
    influx: parseInfluxConfig({ INFLUX_URL: influx.url, INFLUX_DB: 'test' }),
    journal,
    batchSize: 50,
    flushIntervalMs: 10,
    maxJournalBytes: bound,
    retryMaxMs: 50,
    districtOf: () => 'samarinda_ulu',
    log
  });
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }), () => new Promise((r) => influx.server.close(r)), () => sink.close(1000));
  const segmentSizes = () => readdirSync(dir).filter((f) => f.startsWith('seg-')).map((f) => statSync(path.join(dir, f)).size);
  return { influx, sink, journal: raw, sizesAfterAppend, segmentSizes };
}

/** Lines of about 60 bytes each. */
const readings = (n: number, from = 0): Reading[] =>
  Array.from({ length: n }, (_, i) => ({ sensorId: 'fl-1', kind: 'flood', ts: 1_700_000_000_000 + from + i, values: { water_level: from + i } }));
// Two writes are in flight, so InfluxDB may get batches in either order (it orders by time).
const times = (lines: string[]) => lines.map((l) => Number(l.split(' ')[2])).sort((a, b) => a - b);

describe('InfluxDB sink: the journal bound holds at all times', () => {
  it('counts lines staged for the next write against the bound (a catch-up burst fills one window before it reaches the disk)', async () => {
    const { sink, journal } = await setup(1024);
    void sink.writeReadings(readings(200)); // ~12 KB in one window, nothing on disk yet
    expect(journal.diskBytes()).toBe(0);
    expect(sink.hasRoom()).toBe(false);
    sink.sync();
    await sink.flush();
    expect(sink.hasRoom()).toBe(true);
  });

  it('never writes past the bound: lines that would cross it wait in memory (sync false, so no PUBACK) and follow in order once InfluxDB confirmed', async () => {
    const { influx, sink, journal, sizesAfterAppend, segmentSizes } = await setup(1024);
    influx.state.down = true;
    void sink.writeReadings(readings(100));
    expect(sink.sync()).toBe(true); // ~6 KB: fits
    void sink.writeReadings(readings(100, 100));
    expect(sink.sync()).toBe(false); // would reach ~12 KB: the part beyond the bound is held
    expect(journal.diskBytes()).toBeLessThanOrEqual(BOUND);
    expect(Math.max(...segmentSizes())).toBeLessThanOrEqual(1024);
    let ready = false;
    void sink.ready().then(() => (ready = true));
    await new Promise((r) => setTimeout(r, 200));
    expect(ready).toBe(false);
    influx.state.down = false;
    await expect.poll(() => ready, { timeout: 5000 }).toBe(true);
    await sink.flush();
    expect(times(influx.state.lines)).toEqual(readings(200).map((r) => r.ts));
    expect(Math.max(...sizesAfterAppend)).toBeLessThanOrEqual(BOUND);
    expect(sink.stats()).toMatchObject({ storedLines: 200, droppedLines: 0, pendingBytes: 0 });
  });

  it('does not stay full when shipped lines in the active segment alone fill the bound (segments larger than the bound)', async () => {
    const { influx, sink, journal } = await setup(1 << 20);
    for (let w = 0; w < 6; w++) {
      void sink.writeReadings(readings(100, w * 100));
      sink.sync();
      // Before trim() the active segment, shipped but never deleted, kept the sink full for good.
      await expect.poll(() => sink.hasRoom(), { timeout: 5000 }).toBe(true);
    }
    await sink.flush();
    expect(influx.state.lines).toHaveLength(600);
    expect(journal.diskBytes()).toBeLessThanOrEqual(BOUND);
  });

  it('a stream at the bound makes few full/room edges (a low-water mark), not one per handful of messages', async () => {
    // The faults-influx setting: a 64 KiB bound of 8 KiB segments, a stream far faster than the shipping.
    const logs: string[] = [];
    const { influx, sink, journal } = await setup(8192, 64 * 1024, (m) => logs.push(m));
    // Away at first (the journal fills), then slower than the stream: the journal stays at its bound.
    influx.state.down = true;
    influx.state.delayMs = 5;
    setTimeout(() => (influx.state.down = false), 300);
    const n = 6000;
    let waits = 0;
    let largest = 0;
    for (let i = 0; i < n; i++) {
      // As the ingest does: stage the message; no room, and its PUBACK (the next message) waits for ready().
      void sink.writeReadings(readings(1, i));
      if (!sink.hasRoom()) {
        waits++;
        sink.sync();
        await sink.ready();
      }
      // The end of a turn: the group commit.
      if (i % 20 === 19) {
        sink.sync();
        largest = Math.max(largest, journal.diskBytes());
        await new Promise((r) => setImmediate(r));
      }
    }
    sink.sync();
    await sink.flush();
    expect(times(influx.state.lines)).toEqual(readings(n).map((r) => r.ts));
    expect(largest).toBeLessThanOrEqual(64 * 1024);
    // ~360 KB through a 64 KiB journal: full many times over, yet each return of room let in half of it
    // (without the low-water mark: one edge per deleted 8 KiB segment, 42 waits here).
    expect(waits).toBeGreaterThan(2);
    expect(waits, `${waits} waits for room`).toBeLessThan(25);
    expect(logs.filter((l) => /WAL_FULL/.test(l)).length).toBeGreaterThan(0);
  });
});

