import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { validateCatalog } from '../../src/lib/catalog/validate';
import { witaTime } from '../../simulators/clock';
import { SCENARIOS } from '../../simulators/scenarios/index';
import { scenarioEndS, stretchScenario } from './scenario-time';
import { simulateScenarios } from './simulate';
import { STORM_RECESSION_S } from '../../simulators/storm';

const checked = validateCatalog(JSON.parse(readFileSync(resolve(import.meta.dirname, '../../src/lib/catalog/samarinda.json'), 'utf8')));
if (!checked.ok) throw new Error(checked.errors.join('; '));
const catalog = checked.catalog;
const HOUR_MS = 3_600_000;

describe('simulateScenarios (the real decoder and engine, simulated time)', () => {
  const start = witaTime(2024, 3, 5, 10);
  const out = simulateScenarios({
    catalog, seed: 7, runStartMs: start - 2 * HOUR_MS, runEndMs: start + 7 * HOUR_MS, intervalMs: 60_000, format: 'mixed',
    plays: [{ scenario: SCENARIOS['fault-range'], startMs: start }, { scenario: SCENARIOS['fault-silent'], startMs: start }, { scenario: SCENARIOS['flood-rise'], startMs: start }]
  });

  it('sends out-of-range values through the decoder to a sensor_range maintenance alert', () => {
    expect(out.refusedByCode.out_of_range).toBeGreaterThanOrEqual(1);
    const range = out.alerts.filter((a) => a.rule === 'sensor_range');
    expect(range.map((a) => [a.sensorId, a.category])).toEqual([['air-sambutan-1', 'maintenance']]);
  });

  it('silences the sensor the scenario silences (10 readings) and labels truth per scenario', () => {
    expect(out.silenced).toBe(10);
    expect(new Set(out.truth.map((t) => t.scenario))).toEqual(new Set(['fault-range', 'fault-silent', 'flood-rise']));
  });

  it('records when a gauge crossed Siaga 2, hours after the storm started, near the truth\'s noise-free crossing', () => {
    const lingai = out.siaga2Crossings.get('flood-gunung-lingai') ?? [];
    expect(lingai.length).toBeGreaterThanOrEqual(1);
    expect(lingai[0]).toBeGreaterThan(start + HOUR_MS);
    expect(lingai[0]).toBeLessThan(start + 7 * HOUR_MS);
    const truth = out.truth.find((t) => t.sensorId === 'flood-gunung-lingai' && t.type === 'level-rise');
    expect(Math.abs(lingai[0] - truth!.crossings!.siaga2!)).toBeLessThan(10 * 60_000);
  });
});

describe('scenario time', () => {
  it('ends a scenario when its last effect is over (a storm: its recession after the rain), and stretches times and rates by k', () => {
    expect(scenarioEndS(SCENARIOS['fault-silent'], 60)).toBe(660);
    expect(scenarioEndS(SCENARIOS['fault-spike'], 60)).toBe(120);
    expect(scenarioEndS(SCENARIOS['flood-rise'], 60)).toBe(60 + 18_000 + STORM_RECESSION_S);
    const slow = stretchScenario(SCENARIOS['flood-rise'], 10);
    expect(scenarioEndS(slow, 60)).toBe(10 * (60 + 18_000) + STORM_RECESSION_S);
    expect(slow.effects[0]).toMatchObject({ type: 'storm', envelope: { startS: 600, rampS: 36_000 }, peakMmH: [4.5, 6.5] });
  });
});
