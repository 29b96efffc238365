import { describe, it, expect } from 'vitest';
import type { Sensor } from '../src/lib/core/sensor';
import { siagaLevel } from '../src/lib/core/flood-levels';
import { trafficState } from '../src/lib/core/traffic-levels';
import samarinda from '../src/lib/catalog/samarinda.json';
import { HOUR_MS, MINUTE_MS, witaTime } from './clock';
import { generate } from './generators/index';
import { createScenarioPlayer, type ScenarioPlayer } from './scenario-player';
import { SCENARIOS } from './scenarios/index';
import type { Scenario } from './scenarios/types';
import type { StormCell } from './hydrology/rain';
import { stormCell, stormEffectEndS, type StormEffect } from './storm';
import { hydrologyFor } from './hydrology/model';

const sensors = samarinda.sensors as Sensor[];
const byId = (id: string) => sensors.find((s) => s.id === id)!;
const START = witaTime(2026, 1, 12, 14, 0);
const INTERVAL_MS = 5_000;

function player(name: string, seed = 42): ScenarioPlayer {
  return createScenarioPlayer({ scenario: SCENARIOS[name], seed, startMs: START, intervalMs: INTERVAL_MS, generate, sensors });
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

describe('flood-rise (the hydrology model under a storm)', () => {
  /** One reading per minute of `sensor` for `hours` from the scenario start. */
  function hourly(p: ScenarioPlayer, sensor: Sensor, hours: number, seed = 42) {
    const out: { h: number; values: Record<string, number> }[] = [];
    for (let t = START; t <= START + hours * HOUR_MS; t += MINUTE_MS) out.push({ h: (t - START) / HOUR_MS, values: p.apply(sensor, t, generate(sensor, t, seed))! });
    return out;
  }
  const createStormPlayer = (startMs: number, earlierStorms: StormCell[]) =>
    createScenarioPlayer({ scenario: SCENARIOS['flood-rise'], seed: 1, startMs, intervalMs: MINUTE_MS, generate, sensors, earlierStorms });
  const firstHour = (series: ReturnType<typeof hourly>, test: (v: Record<string, number>) => boolean) => series.find((r) => test(r.values))?.h ?? Infinity;

  for (const seed of [1, 42, 777]) {
    it(`takes Gunung Lingai past Siaga 3 within 1–4 h of the rain and to Siaga 2 later, at cm/h, seed ${seed}`, () => {
      const gl = byId('flood-gunung-lingai');
      const series = hourly(player('flood-rise', seed), gl, 8, seed);
      const s3 = firstHour(series, (v) => siagaLevel(v.water_level, gl.flood!).siaga <= 3);
      const s2 = firstHour(series, (v) => siagaLevel(v.water_level, gl.flood!).siaga <= 2);
      expect(s3).toBeGreaterThan(1);
      expect(s3).toBeLessThan(4);
      expect(s2).toBeGreaterThan(s3 + 0.5);
      for (let i = 10; i < series.length; i += 10) {
        expect(series[i].values.water_level - series[i - 10].values.water_level).toBeLessThan(50 / 6 + 3);
      }
    });
  }

  it('reports the storm as rainfall, heaviest upstream first, and floods streets that only the rain reaches', () => {
    const p = player('flood-rise');
    const rainAt = (id: string, h: number) => p.apply(byId(id), START + h * HOUR_MS, generate(byId(id), START + h * HOUR_MS, 42))!.rainfall;
    expect(rainAt('flood-benanga', 2)).toBeGreaterThan(30);
    expect(rainAt('flood-benanga', 2)).toBeLessThan(80);
    expect(rainAt('flood-benanga', 1.5)).toBeGreaterThan(rainAt('flood-kp3', 1.5));
    expect(rainAt('flood-benanga', 30)).toBeLessThan(1);
    const truth = p.truth(sensors);
    // Street spots with no river link, flooded by rain alone.
    expect(truth.some((t) => ['flood-sukorejo', 'flood-simpang-sempaja', 'flood-mugirejo', 'flood-pramuka'].includes(t.sensorId))).toBe(true);
  });

  it('writes ground truth from the noise-free model: Siaga crossings in order, matching the published series', () => {
    const p = player('flood-rise');
    const truth = p.truth(sensors);
    const gl = truth.find((t) => t.sensorId === 'flood-gunung-lingai')!;
    expect(gl).toMatchObject({ scenario: 'flood-rise', type: 'level-rise', expected: { rule: 'flood_level' } });
    expect(gl.expected.level).toBeGreaterThanOrEqual(2);
    const c = gl.crossings!;
    expect(c.siaga3).toBe(gl.start);
    expect(c.siaga2!).toBeGreaterThan(c.siaga3!);
    const series = hourly(p, byId('flood-gunung-lingai'), 8);
    const published = START + firstHour(series, (v) => v.water_level >= byId('flood-gunung-lingai').flood!.siaga2) * HOUR_MS;
    expect(Math.abs(published - c.siaga2!)).toBeLessThanOrEqual(5 * MINUTE_MS);
    expect(gl.end - gl.start).toBeGreaterThan(6 * HOUR_MS);
    expect(truth.map((t) => t.sensorId)).toEqual(expect.arrayContaining(['flood-kp3', 'flood-benanga']));
  });

  it('ends a flood truth when the water is back below Siaga 3, even past the scenario nominal length', () => {
    // Seed 8 keeps Benanga's pool above Siaga 3 for ~61 h, past the storm's nominal 53 h.
    const startMs = Date.UTC(2026, 10, 20);
    const p = createScenarioPlayer({ scenario: SCENARIOS['flood-rise'], seed: 8, startMs, intervalMs: MINUTE_MS, generate, sensors });
    const b = byId('flood-benanga');
    const ben = p.truth(sensors).find((t) => t.sensorId === b.id)!;
    const e = SCENARIOS['flood-rise'].effects[0] as StormEffect;
    const wet = hydrologyFor(8, [stormCell(e, 8, startMs)]);
    expect(ben.end).toBeGreaterThan(startMs + stormEffectEndS(e) * 1000);
    expect(wet.gaugeCm('flood-benanga', ben.end)).toBeGreaterThanOrEqual(b.flood!.siaga3);
    for (let t = ben.end + MINUTE_MS; t <= ben.end + 12 * HOUR_MS; t += 10 * MINUTE_MS) expect(wet.gaugeCm('flood-benanga', t)).toBeLessThan(b.flood!.siaga3);
  });

  it('raises Benanga 10–20 cm in its fastest hour, as the README says', () => {
    const e = SCENARIOS['flood-rise'].effects[0] as StormEffect;
    for (const seed of [1, 2, 3, 4]) {
      const wet = hydrologyFor(seed, [stormCell(e, seed, START)]);
      let fastest = 0;
      for (let t = START; t < START + 24 * HOUR_MS; t += 10 * MINUTE_MS) fastest = Math.max(fastest, wet.gaugeCm('flood-benanga', t + HOUR_MS) - wet.gaugeCm('flood-benanga', t));
      expect(fastest, `seed ${seed}`).toBeGreaterThan(10);
      expect(fastest, `seed ${seed}`).toBeLessThan(20);
    }
  });

  it('lays a second storm on the water the first left behind, readings and truth alike', () => {
    // Four days on, Benanga still carries the first storm's water: the second storm's truth must see it.
    const later = START + 96 * HOUR_MS;
    const first = createStormPlayer(START, []);
    const cells = [stormCell(SCENARIOS['flood-rise'].effects[0] as StormEffect, 1, START)];
    const second = createStormPlayer(later, cells);
    const alone = createStormPlayer(later, []);
    const b = byId('flood-benanga');
    const truthOf = (p: ScenarioPlayer) => p.truth(sensors).find((t) => t.sensorId === b.id)!.crossings!.siaga3!;
    let read = Infinity;
    for (let t = later; t <= later + 8 * HOUR_MS && read === Infinity; t += MINUTE_MS) {
      const v = second.apply(b, t, first.apply(b, t, generate(b, t, 1))!)!;
      if (v.water_level >= b.flood!.siaga3) read = t;
    }
    expect(Math.abs(read - truthOf(second))).toBeLessThanOrEqual(10 * MINUTE_MS);
    expect(truthOf(alone) - truthOf(second)).toBeGreaterThan(20 * MINUTE_MS);
  });

  it('slows traffic at a junction next to a flooded spot, and only there', () => {
    const spot = byId('flood-pramuka');
    // A cloudburst right over Jl. Pramuka.
    const cloudburst: Scenario = {
      name: 'cloudburst', description: 'test',
      effects: [{ type: 'storm', envelope: { startS: 0, rampS: 1_800, holdS: 5_400, fadeS: 1_800 }, peakMmH: [70, 70], from: [spot.lat, spot.lon], moveKmH: [0, 0], radiusKm: 4 }]
    };
    const p = createScenarioPlayer({ scenario: cloudburst, seed: 42, startMs: START, intervalMs: INTERVAL_MS, generate, sensors });
    const wet = byId('traffic-pramuka-perjuangan-n');
    const far = byId('traffic-agus-salim-n');
    const flooded = p.truth(sensors).find((t) => t.sensorId === spot.id)!;
    const t = flooded.start + 10 * MINUTE_MS;
    const before = generate(wet, t, 42);
    const after = p.apply(wet, t, before)!;
    expect(after.speed).toBeLessThan(before.speed * 0.8);
    expect(after.occupancy).toBeGreaterThan(before.occupancy);
    expect(p.apply(far, t, generate(far, t, 42))).toEqual(generate(far, t, 42));
    const dry = START - HOUR_MS;
    expect(p.apply(wet, dry, generate(wet, dry, 42))).toEqual(generate(wet, dry, 42));
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

  it('lasts a fault at least its minimum number of readings at a slow interval, readings and truth alike', () => {
    const TEN_MIN = 10 * MINUTE_MS;
    const slow = (name: string) => createScenarioPlayer({ scenario: SCENARIOS[name], seed: 42, startMs: START, intervalMs: TEN_MIN, generate, sensors });
    const series = (p: ScenarioPlayer, id: string, hours: number) => {
      const out: (Record<string, number> | null)[] = [];
      for (let t = START; t <= START + hours * HOUR_MS; t += TEN_MIN) out.push(p.apply(byId(id), t, generate(byId(id), t, 42)));
      return out;
    };
    // 10 minutes of silence scripted as at least 10 readings: 100 min at 10-minute readings.
    const silent = slow('fault-silent');
    expect(series(silent, 'traffic-mugirejo-n', 3).filter((v) => v === null)).toHaveLength(10);
    expect(silent.truth(sensors)[0]).toMatchObject({ start: START + 60_000, end: START + 60_000 + 10 * TEN_MIN });
    // 2 minutes out of range holds no 10-minute reading; at least 2 readings do.
    expect(series(slow('fault-range'), 'air-sambutan-1', 2).filter((v) => v!.pm25 === -40)).toHaveLength(2);
    const stuck = series(slow('fault-stuck'), 'air-samarinda-ulu-1', 8).slice(1, 31).map((v) => v!.pm25);
    expect(new Set(stuck).size).toBe(1);
    // At 1-minute readings the scripted minutes are longer than the minimum: unchanged.
    const fast = createScenarioPlayer({ scenario: SCENARIOS['fault-silent'], seed: 42, startMs: START, intervalMs: MINUTE_MS, generate, sensors });
    expect(fast.truth(sensors)[0].end).toBe(START + 660_000);
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
