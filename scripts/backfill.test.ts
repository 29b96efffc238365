import { describe, it, expect } from 'vitest';
import type { Catalog, Sensor } from '../src/lib/core/sensor';
import { decodePayload, DEFAULT_DECODE_LIMITS } from '../src/lib/core/decode';
import samarinda from '../src/lib/catalog/samarinda.json';
import { formatReading } from '../ingest/durable/influx-sink';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BACKFILL_HOURS, historyFromMs, historyReadings, pinScenarioStart } from './backfill';
import { touchSavedStorm } from '../simulators/storm-state';

const catalog = samarinda as unknown as Catalog;
const HOUR_MS = 3_600_000;
const NOW = Date.UTC(2026, 0, 12, 6);

describe('npm start backfill', () => {
  const dataDir = () => mkdtempSync(path.join(tmpdir(), 'pantau-backfill-'));

  it('pins the scenario start 3 h before now for the simulator, unless it is already set', () => {
    const env: NodeJS.ProcessEnv = {};
    expect(pinScenarioStart(env, NOW, dataDir())).toBe(NOW - 3 * HOUR_MS);
    expect(env.SIM_SCENARIO_START).toBe(String(NOW - 3 * HOUR_MS));
    expect(env.SIM_STORM_JOINS_HISTORY).toBeUndefined();
    expect(pinScenarioStart({ SIM_SCENARIO_START: '2026-01-12T00:00:00Z' }, NOW, dataDir())).toBe(Date.UTC(2026, 0, 12));
  });

  it('continues the storm after a restart, so the live readings go on from the stored ones without a seam', () => {
    const dir = dataDir();
    const first: NodeJS.ProcessEnv = {};
    const s1 = pinScenarioStart(first, NOW, dir);
    // The simulator plays it for 7 h, marking the storm file as it goes; npm start is stopped and started 5 min later.
    const stop = NOW + 7 * HOUR_MS, restart = stop + 5 * 60_000;
    expect(touchSavedStorm(first.SIM_STORM_STATE!, stop)).toBe(true);
    const second: NodeJS.ProcessEnv = {};
    expect(pinScenarioStart(second, restart, dir)).toBe(s1);
    expect(second.SIM_STORM_JOINS_HISTORY).toBe('1');
    const stored = historyReadings({ catalog, seed: 42, scenario: 'flood-rise', scenarioStartMs: s1, fromMs: stop - HOUR_MS, toMs: stop });
    const live = historyReadings({ catalog, seed: 42, scenario: 'flood-rise', scenarioStartMs: s1, fromMs: restart, toMs: restart + HOUR_MS });
    for (const id of ['flood-benanga', 'flood-gunung-lingai', 'flood-kp3']) {
      const a = stored.filter((r) => r.sensorId === id).at(-1)!.values.water_level;
      const b = live.find((r) => r.sensorId === id)!.values.water_level;
      expect(Math.abs(b - a), id).toBeLessThan(5);
    }
    // A day later the storm is not continued: a new one, 3 h in.
    const third: NodeJS.ProcessEnv = {};
    expect(pinScenarioStart(third, restart + 24 * HOUR_MS, dir)).toBe(restart + 21 * HOUR_MS);
  });

  it('writes the whole history when nothing is stored, only the downtime when the storm continues, none beside another storm', () => {
    expect(historyFromMs(null, NOW, false)).toBe(NOW - BACKFILL_HOURS * HOUR_MS);
    expect(historyFromMs(null, NOW, true)).toBe(NOW - BACKFILL_HOURS * HOUR_MS);
    expect(historyFromMs(NOW - 5 * 60_000, NOW, true)).toBe(NOW - 5 * 60_000 + 1);
    expect(historyFromMs(NOW - 5 * 60_000, NOW, false)).toBeNull();
  });

  const readings = historyReadings({ catalog, seed: 42, scenario: 'flood-rise', scenarioStartMs: NOW - 3 * HOUR_MS, fromMs: NOW - BACKFILL_HOURS * HOUR_MS, toMs: NOW });

  it('gives every sensor its readings of the last hours at its catalog interval, none in the future', () => {
    for (const s of catalog.sensors as Sensor[]) {
      const mine = readings.filter((r) => r.sensorId === s.id);
      expect(mine.length, s.id).toBe((BACKFILL_HOURS * 3600) / s.intervalS);
      expect(mine.every((r) => r.ts >= NOW - BACKFILL_HOURS * HOUR_MS && r.ts < NOW)).toBe(true);
    }
  });

  it('shows the storm so far: rain at Gunung Lingai and its level rising over the last hours', () => {
    const gl = readings.filter((r) => r.sensorId === 'flood-gunung-lingai');
    const first = gl.slice(0, 30).map((r) => r.values.water_level);
    const last = gl.slice(-30).map((r) => r.values.water_level);
    expect(Math.min(...last)).toBeGreaterThan(Math.max(...first) + 20);
    expect(Math.max(...gl.map((r) => r.values.rainfall))).toBeGreaterThan(20);
  });

  it('writes values the ingest itself would accept, in its line protocol', () => {
    for (const r of readings.filter((_, i) => i % 97 === 0)) {
      const decoded = decodePayload(Buffer.from(JSON.stringify({ ts: r.ts, values: r.values })), { kind: r.kind, sensorId: r.sensorId, now: NOW, limits: DEFAULT_DECODE_LIMITS });
      expect(decoded.ok, `${r.sensorId} ${JSON.stringify(r.values)}`).toBe(true);
    }
    expect(formatReading(readings[0], 'Samarinda Utara')).toMatch(/^\w+,district=Samarinda\\ Utara,sensor=[a-z0-9-]+ \w+=[-\d.]+(,\w+=[-\d.]+)* \d+$/);
  });
});
