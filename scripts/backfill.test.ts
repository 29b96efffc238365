import { describe, it, expect } from 'vitest';
import type { Catalog, Sensor } from '../src/lib/core/sensor';
import { decodePayload, DEFAULT_DECODE_LIMITS } from '../src/lib/core/decode';
import samarinda from '../src/lib/catalog/samarinda.json';
import { formatReading } from '../ingest/durable/influx-sink';
import { BACKFILL_HOURS, historyReadings, pinScenarioStart } from './backfill';

const catalog = samarinda as unknown as Catalog;
const HOUR_MS = 3_600_000;
const NOW = Date.UTC(2026, 0, 12, 6);

describe('npm start backfill', () => {
  it('pins the scenario start 3 h before now for the simulator, unless it is already set', () => {
    const env: NodeJS.ProcessEnv = {};
    expect(pinScenarioStart(env, NOW)).toBe(NOW - 3 * HOUR_MS);
    expect(env.SIM_SCENARIO_START).toBe(String(NOW - 3 * HOUR_MS));
    expect(pinScenarioStart({ SIM_SCENARIO_START: '2026-01-12T00:00:00Z' }, NOW)).toBe(Date.UTC(2026, 0, 12));
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
