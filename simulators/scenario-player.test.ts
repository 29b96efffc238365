import { describe, it, expect } from 'vitest';
import type { Sensor } from '../src/lib/core/sensor';
import { siagaLevel } from '../src/lib/core/flood-levels';
import { trafficState } from '../src/lib/core/traffic-levels';
import samarinda from '../src/lib/catalog/samarinda.json';
import { MINUTE_MS, witaTime } from './clock';
import { generate } from './generators/index';
import { createScenarioPlayer, type ScenarioPlayer } from './scenario-player';
import { SCENARIOS } from './scenarios/index';

const sensors = samarinda.sensors as Sensor[];
const byId = (id: string) => sensors.find((s) => s.id === id)!;
const START = witaTime(2026, 1, 12, 14, 0);
const INTERVAL_MS = 5_000;

function player(name: string, seed = 42): ScenarioPlayer {
  return createScenarioPlayer({ scenario: SCENARIOS[name], seed, startMs: START, intervalMs: INTERVAL_MS, generate });
}

/** The readings one sensor publishes, every 5 s (phase 0) for `minutes` of simulated time. */
function readings(p: ScenarioPlayer, sensor: Sensor, minutes: number, seed = 42) {
  const out: { s: number; values: Record<string, number> | null }[] = [];
  for (let t = START; t <= START + minutes * MINUTE_MS; t += INTERVAL_MS) out.push({ s: (t - START) / 1000, values: p.apply(sensor, t, generate(sensor, t, seed)) });
  return out;
}

function firstAt(series: ReturnType<typeof readings>, test: (v: Record<string, number>) => boolean): number {
  return series.find((r) => r.values && test(r.values))?.s ?? Infinity;
}

describe('flood-rise', () => {
  for (const seed of [1, 42, 777]) {
    it(`takes Gunung Lingai past Siaga 3 within 2–3 min and Siaga 2 within ~5 min, seed ${seed}`, () => {
      const gl = byId('flood-gunung-lingai');
      const series = readings(player('flood-rise', seed), gl, 10, seed);
      const s3 = firstAt(series, (v) => siagaLevel(v.water_level, gl.flood!).siaga <= 3);
      const s2 = firstAt(series, (v) => siagaLevel(v.water_level, gl.flood!).siaga <= 2);
      expect(s3).toBeGreaterThanOrEqual(120);
      expect(s3).toBeLessThanOrEqual(180);
      expect(s2).toBeGreaterThan(s3);
      expect(s2).toBeLessThanOrEqual(330);
    });
  }

  it('rains hard upstream and raises Benanga before Gunung Lingai, then recedes', () => {
    const p = player('flood-rise');
    const benanga = byId('flood-benanga');
    const b = readings(p, benanga, 90);
    const g = readings(p, byId('flood-gunung-lingai'), 90);
    const rainAt3Min = b.find((r) => r.s === 180)!.values!.rainfall;
    expect(rainAt3Min).toBeGreaterThanOrEqual(30);
    expect(rainAt3Min).toBeLessThanOrEqual(60);
    expect(firstAt(b, (v) => v.water_level >= benanga.flood!.siaga3)).toBeLessThan(firstAt(g, (v) => v.water_level >= 200));
    expect(g[g.length - 1].values!.water_level).toBeLessThan(200);
  });

  it('writes ground truth that matches the series', () => {
    const truth = player('flood-rise').truth(sensors);
    const gl = truth.find((t) => t.sensorId === 'flood-gunung-lingai')!;
    expect(gl).toMatchObject({ scenario: 'flood-rise', expected: { rule: 'flood_level', level: 2 } });
    expect((gl.start - START) / 1000).toBeGreaterThanOrEqual(120);
    expect((gl.start - START) / 1000).toBeLessThanOrEqual(180);
    expect(gl.end).toBeGreaterThan(gl.start);
    expect(truth.map((t) => t.sensorId)).toContain('flood-kp3');
  });
});

describe('other scenarios', () => {
  it('haze lifts PM2.5 to 150–300 in the south-west only', () => {
    const p = player('haze');
    const at = (id: string, min: number) => p.apply(byId(id), START + min * MINUTE_MS, generate(byId(id), START + min * MINUTE_MS, 42))!.pm25;
    expect(at('air-palaran-1', 20)).toBeGreaterThanOrEqual(140);
    expect(at('air-palaran-1', 20)).toBeLessThanOrEqual(320);
    expect(at('air-samarinda-utara-1', 20)).toBeLessThan(60);
    expect(p.truth(sensors).every((t) => t.expected.rule === 'air_quality' && t.expected.level >= 2)).toBe(true);
  });

  it('traffic-incident jams every approach of one intersection', () => {
    const p = player('traffic-incident');
    for (const s of sensors.filter((x) => x.id.startsWith('traffic-agus-salim-'))) {
      const t = START + 5 * MINUTE_MS;
      const v = p.apply(s, t, generate(s, t, 42))!;
      expect(v.speed).toBeLessThan(10);
      expect(v.occupancy).toBeGreaterThan(40);
      expect(trafficState(v, s.traffic!).level.id).toBe('Macet');
    }
    expect(p.truth(sensors)).toHaveLength(3);
  });

  it('fault-stuck freezes one value, fault-spike changes exactly one reading, fault-silent publishes nothing', () => {
    const stuck = readings(player('fault-stuck'), byId('air-samarinda-ulu-1'), 10).filter((r) => r.s >= 60);
    expect(new Set(stuck.map((r) => r.values!.pm25)).size).toBe(1);
    expect(new Set(stuck.map((r) => r.values!.no2)).size).toBeGreaterThan(1);
    const spiky = readings(player('fault-spike'), byId('flood-kampung-jawa'), 10).filter((r) => r.values!.water_level === 250);
    expect(spiky.map((r) => r.s)).toEqual([60]);
    const silent = readings(player('fault-silent'), byId('traffic-mugirejo-n'), 20);
    expect(silent.filter((r) => r.values === null).map((r) => r.s)).toEqual(silent.filter((r) => r.s >= 60 && r.s < 660).map((r) => r.s));
  });

  it('all runs every scenario, each with ground truth', () => {
    const names = new Set(player('all').truth(sensors).map((t) => t.scenario));
    expect([...names].sort()).toEqual(['fault-range', 'fault-silent', 'fault-spike', 'fault-stuck', 'flood-rise', 'haze', 'traffic-incident']);
  });

  it('none changes nothing', () => {
    const s = byId('flood-benanga');
    const v = generate(s, START, 42);
    expect(player('none').apply(s, START, v)).toEqual(v);
  });
});
