/**
 * The contract of the ingest's durable log (ingest/durable/README.md), run against real InfluxDB by
 * tests/integration/durable-log.test.ts: what a PUBACK relies on, whatever is behind the interface.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { OpenedDurableLog } from '../../ingest/durable';
import { parseInfluxConfig, type InfluxConfig } from '../../src/lib/core/influx-config';
import { waitFor } from '../helpers/wait';
import { CONTRACT_MAX_JOURNAL_BYTES, contractReadings } from './durable-log-options';

export interface DurableLogUnderTest {
  open(dir: string, influx: InfluxConfig): OpenedDurableLog;
  /** A fresh database on a running InfluxDB (with the events policy). */
  newDatabase(): Promise<InfluxConfig>;
  /** water_level values stored for the contract gauge, ascending. */
  stored(influx: InfluxConfig): Promise<number[]>;
}

/** Nothing listens on port 1: every write fails to connect and is retried, as during an outage. */
const UNREACHABLE = parseInfluxConfig({ INFLUX_URL: 'http://127.0.0.1:1', INFLUX_DB: 'unreachable' });
const CRASH_CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'durable-log-crash.ts');
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

/** The water_level of every line in the journal's segment files, in file and line order. */
function journalled(dir: string): number[] {
  const segments = readdirSync(dir).filter((f) => f.endsWith('.lp')).sort();
  const text = segments.map((f) => readFileSync(path.join(dir, f), 'utf8')).join('');
  return [...text.matchAll(/water_level=(\d+) /g)].map((m) => Number(m[1]));
}

export function describeDurableLogContract(name: string, t: DurableLogUnderTest): void {
  const dirs: string[] = [];
  // Logs still open after a test (close() is not idempotent: it closes the journal's file).
  const open = new Set<OpenedDurableLog['log']>();
  const newDir = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pantau-durable-'));
    dirs.push(dir);
    return dir;
  };
  const openLog = (dir: string, influx: InfluxConfig) => {
    const opened = t.open(dir, influx);
    open.add(opened.log);
    return opened;
  };
  const closeLog = (log: OpenedDurableLog['log'], graceMs: number) => {
    open.delete(log);
    return log.close(graceMs);
  };
  afterEach(async () => {
    for (const log of open) await log.close(0);
    open.clear();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  describe(`durable log contract: ${name}`, () => {
    it('makes handed-over lines durable at the group commit, in order, before InfluxDB has them', async () => {
      const dir = newDir();
      const { log } = openLog(dir, UNREACHABLE);
      void log.writeReadings(contractReadings(3));
      void log.writeReadings(contractReadings(2, 3));
      // Staged, not yet durable: a PUBACK now would promise what a crash could lose.
      expect(journalled(dir)).toEqual([]);
      expect(log.sync()).toBe(true);
      expect(journalled(dir)).toEqual([0, 1, 2, 3, 4]);
      expect(log.stats().storedLines).toBe(0);
    });

    it('ships everything in the journal to InfluxDB, and close() waits for it', async () => {
      const influx = await t.newDatabase();
      const { log } = openLog(newDir(), influx);
      for (let i = 0; i < 500; i += 50) void log.writeReadings(contractReadings(50, i));
      await closeLog(log, 30_000);
      expect(log.stats()).toMatchObject({ storedLines: 500, pendingBytes: 0 });
      expect(await t.stored(influx)).toEqual(range(0, 500));
    });

    it('replays after a crash: a reopened dir ships what was durable and unconfirmed', async () => {
      const dir = newDir();
      const child = spawn(process.execPath, ['--import', 'tsx', CRASH_CHILD, dir, '300'], { stdio: ['ignore', 'pipe', 'inherit'] });
      const exited = new Promise((r) => child.once('exit', r));
      let out = '';
      child.stdout.on('data', (c) => (out += c));
      await waitFor('the child synced', () => out.includes('synced'), { timeoutMs: 30_000 });
      child.kill('SIGKILL');
      await exited;
      const influx = await t.newDatabase();
      const { log, replay } = openLog(dir, influx);
      expect(replay.pendingBytes).toBeGreaterThan(0);
      await waitFor('the replay stored', async () => (await t.stored(influx)).length === 300, { timeoutMs: 30_000 });
      expect(await t.stored(influx)).toEqual(range(0, 300));
      await closeLog(log, 30_000);
      expect(log.stats().pendingBytes).toBe(0);
    });

    it('holds its disk bound while InfluxDB is away: no room, the group commit refuses what does not fit', async () => {
      const dir = newDir();
      const { log } = openLog(dir, UNREACHABLE);
      let offered = 0;
      let refused = false;
      for (let i = 0; i < 100 && !refused; i++) {
        void log.writeReadings(contractReadings(50, offered)).catch(() => undefined);
        offered += 50;
        refused = !log.sync();
      }
      expect(refused).toBe(true);
      expect(log.hasRoom()).toBe(false);
      expect(log.stats().journalBytes).toBeLessThanOrEqual(CONTRACT_MAX_JOURNAL_BYTES);
      let ready = false;
      void log.ready().then(() => (ready = true));
      await new Promise((r) => setTimeout(r, 300));
      expect(ready).toBe(false);
      // What it took is a prefix of what was offered: nothing skipped, nothing out of order.
      const kept = journalled(dir);
      expect(kept).toEqual(range(0, kept.length));
      expect(kept.length).toBeLessThan(offered);
    });

    it('keeps what a close out of grace could not ship, and the next start ships it before the new lines', async () => {
      const dir = newDir();
      const first = openLog(dir, UNREACHABLE).log;
      void first.writeReadings(contractReadings(200));
      await closeLog(first, 0);
      expect(first.stats().pendingBytes).toBeGreaterThan(0);
      const influx = await t.newDatabase();
      const { log } = openLog(dir, influx);
      void log.writeReadings(contractReadings(100, 200));
      await closeLog(log, 30_000);
      expect(await t.stored(influx)).toEqual(range(0, 300));
    });
  });
}
