import { describe, it, expect } from 'vitest';
import type { Sensor } from '../../src/lib/core/sensor';
import samarinda from '../../src/lib/catalog/samarinda.json';
import { HOUR_MS, MINUTE_MS, witaTime } from '../clock';
import { GAUGES, RIVER_SPOTS, STEP_MS, SUBCATCHMENTS } from './karang-mumus';
import { dryState, runNetwork, storedM3, type NetworkFlows } from './network';
import { linearReservoirStep, soilStep } from './reservoir';
import { DESIGN_STORM, designRun, ratingCurves, stageOf } from './rating';
import { stormRain, type StormCell } from './rain';
import { ERA_MS, createHydrology } from './model';
import { M2_PERIOD_MS, kp3Level, mahakamLevel } from './tide';

const sensors = samarinda.sensors as Sensor[];
const byId = (id: string) => sensors.find((s) => s.id === id)!;
const T0 = witaTime(2026, 1, 12, 0);

function peakIndex(xs: readonly number[]): number {
  return xs.reduce((best, x, i) => (x > xs[best] ? i : best), 0);
}

describe('reservoirs', () => {
  it('a linear reservoir conserves water and its outflow never exceeds what it held plus what came in', () => {
    let s = 0, inSum = 0, outSum = 0;
    for (let i = 0; i < 500; i++) {
      const inflow = i < 100 ? 30 : 0;
      const r = linearReservoirStep(s, inflow, 1.5, 1 / 60);
      expect(r.outflow).toBeGreaterThanOrEqual(0);
      expect(r.outflow).toBeLessThanOrEqual(s + inflow / 60 + 1e-9);
      s = r.storage;
      inSum += inflow / 60;
      outSum += r.outflow;
    }
    expect(inSum - outSum - s).toBeCloseTo(0, 9);
  });

  it('the soil lets more of the rain run off as it gets wetter, and books every millimetre', () => {
    const p = SUBCATCHMENTS[0];
    let soil = 0, runoff = 0, loss = 0, rain = 0;
    const shares: number[] = [];
    for (let i = 0; i < 180; i++) {
      const r = soilStep(soil, 40, p, 1 / 60);
      shares.push(r.runoff / (40 / 60));
      runoff += r.runoff;
      loss += r.loss;
      rain += 40 / 60;
      soil = r.soil;
    }
    for (let i = 1; i < shares.length; i++) expect(shares[i]).toBeGreaterThanOrEqual(shares[i - 1]);
    expect(shares[0]).toBeCloseTo(p.runoffDry, 6);
    expect(rain - runoff - loss - soil).toBeCloseTo(0, 9);
  });
});

describe('the Karang Mumus network', () => {
  it('balances its books: rain + baseflow = outflow at KP3 + losses + water still held', () => {
    const s = dryState();
    const held0 = storedM3(s);
    const rainOf = (c: (typeof SUBCATCHMENTS)[number], t: number) => stormRain(DESIGN_STORM, c.lat, c.lon, t);
    runNetwork(s, 0, (48 * HOUR_MS) / STEP_MS, rainOf);
    expect(s.rainM3).toBeGreaterThan(5e6);
    const balance = s.rainM3 + s.baseM3 - s.outM3 - s.lossM3 - (storedM3(s) - held0);
    expect(Math.abs(balance) / s.rainM3).toBeLessThan(1e-6);
  });

  it('responds monotonically: more rain never gives a lower level at any gauge at any time', () => {
    const curves = ratingCurves();
    const run = (k: number) => designRun({ ...DESIGN_STORM, peakMmH: DESIGN_STORM.peakMmH * k });
    const levels = (f: NetworkFlows) => [f.benangaM, stageOf(curves['flood-gunung-lingai'], f.gunungLingaiM3s), stageOf(curves['flood-kp3'], f.kp3M3s)];
    const runs = [0.5, 0.8, 1, 1.3].map(run);
    for (let r = 1; r < runs.length; r++) {
      for (let i = 0; i < runs[r].length; i += 10) {
        const lo = levels(runs[r - 1][i]);
        const hi = levels(runs[r][i]);
        for (let g = 0; g < 3; g++) expect(hi[g]).toBeGreaterThanOrEqual(lo[g] - 1e-9);
      }
    }
  });

  it('routes a flood down the river: an upstream storm peaks at Benanga, then Gunung Lingai, then KP3', () => {
    const upstream: StormCell = { ...DESIGN_STORM, northKmH: 0, eastKmH: 0, lat: -0.355, radiusKm: 5 };
    const f = designRun(upstream);
    const pb = peakIndex(f.map((x) => x.benangaOutM3s));
    const pg = peakIndex(f.map((x) => x.gunungLingaiM3s));
    const pk = peakIndex(f.map((x) => x.kp3M3s));
    const minutes = (steps: number) => (steps * STEP_MS) / MINUTE_MS;
    // Travel times of the reaches (3 × 0.6 h and 3 × 0.5 h cascades): peaks lag by roughly an hour each.
    expect(minutes(pg - pb)).toBeGreaterThan(40);
    expect(minutes(pg - pb)).toBeLessThan(180);
    expect(minutes(pk - pg)).toBeGreaterThan(30);
    expect(minutes(pk - pg)).toBeLessThan(150);
  });

  it('fits the rating curves so a dry day reads the normal level and the design storm passes Siaga 2', () => {
    const curves = ratingCurves();
    const dry = runNetwork(dryState(), 0, 1, () => 0)[0];
    expect(stageOf(curves['flood-gunung-lingai'], dry.gunungLingaiM3s)).toBeCloseTo(170, 6);
    const peakGl = Math.max(...designRun().map((f) => stageOf(curves['flood-gunung-lingai'], f.gunungLingaiM3s)));
    expect(peakGl).toBeGreaterThan(byId('flood-gunung-lingai').flood!.siaga2);
    const peakBen = Math.max(...designRun().map((f) => f.benangaM * 100));
    expect(peakBen).toBeGreaterThan(byId('flood-benanga').flood!.siaga2);
    expect(peakBen).toBeLessThan(150);
  });
});

describe('the model and the catalog', () => {
  it('floods from the river exactly the spots the catalog lists downstream of Benanga and Gunung Lingai', () => {
    for (const gauge of ['flood-benanga', 'flood-gunung-lingai']) {
      const spots = (byId(gauge).downstream ?? []).filter((id) => !GAUGES.includes(id as never));
      expect(Object.entries(RIVER_SPOTS).filter(([, v]) => v.gauge === gauge).map(([id]) => id).sort()).toEqual(spots.sort());
    }
  });
});

describe('the Mahakam at the mouth', () => {
  it('repeats with the semi-diurnal tide (about 12.4 h) and ranges 0.6–1.6 m between neap and spring', () => {
    const levels = Array.from({ length: 15 * 24 * 6 }, (_, i) => mahakamLevel(T0 + i * 10 * MINUTE_MS, 1));
    let best = { lagH: 0, r: -1 };
    for (let lag = 6 * 6; lag <= 30 * 6; lag++) {
      let sxy = 0, sxx = 0, syy = 0;
      for (let i = 0; i + lag < levels.length; i++) {
        sxy += levels[i] * levels[i + lag];
        sxx += levels[i] ** 2;
        syy += levels[i + lag] ** 2;
      }
      const r = sxy / Math.sqrt(sxx * syy);
      if (r > best.r) best = { lagH: lag / 6, r };
    }
    // The first strong repeat is the semi-diurnal one (the diurnal K1 makes 24.8 h a close second).
    expect(Math.abs(best.lagH - M2_PERIOD_MS / HOUR_MS) < 0.5 || Math.abs(best.lagH - 2 * M2_PERIOD_MS / HOUR_MS) < 0.5).toBe(true);
    const dayRanges = Array.from({ length: 15 }, (_, d) => {
      const day = levels.slice(d * 144, (d + 1) * 144);
      return Math.max(...day) - Math.min(...day);
    });
    expect(Math.max(...dayRanges)).toBeGreaterThan(120);
    expect(Math.max(...dayRanges)).toBeLessThan(200);
    expect(Math.min(...dayRanges)).toBeLessThan(90);
  });

  it('backs water up at KP3: a high Mahakam lifts a low river, a flood in the river shows through the tide', () => {
    expect(kp3Level(160, 75)).toBeGreaterThan(200);
    expect(kp3Level(160, -70)).toBeCloseTo(160, 0);
    expect(kp3Level(300, 75)).toBeGreaterThan(300);
    expect(kp3Level(300, 75)).toBeGreaterThan(kp3Level(300, -70));
  });

  it('makes KP3 swing with the tide on a dry day but stay below its Siaga 3 line', () => {
    const h = createHydrology(3, []);
    const kp3 = Array.from({ length: 4 * 24 * 4 }, (_, i) => h.gaugeCm('flood-kp3', T0 + i * 15 * MINUTE_MS));
    expect(Math.max(...kp3) - Math.min(...kp3)).toBeGreaterThan(30);
    expect(Math.max(...kp3)).toBeLessThan(byId('flood-kp3').flood!.siaga3);
  });
});

describe('the model as the simulator runs it', () => {
  const storm: StormCell = { ...DESIGN_STORM, startMs: T0 + 2 * HOUR_MS };

  it('gives the same values for the same seed whichever instant is asked first, and others for another seed', () => {
    const times = Array.from({ length: 40 }, (_, i) => T0 + i * 37 * MINUTE_MS);
    const a = createHydrology(5, [storm]);
    const forward = times.map((t) => a.gaugeCm('flood-gunung-lingai', t));
    const b = createHydrology(5, [storm]);
    const backward = [...times].reverse().map((t) => b.gaugeCm('flood-gunung-lingai', t)).reverse();
    expect(backward).toEqual(forward);
    const c = createHydrology(6, [storm]);
    expect(times.map((t) => c.gaugeCm('flood-gunung-lingai', t))).not.toEqual(forward);
  });

  it('is continuous across era boundaries: the minute over a boundary moves no more than the minutes around it', () => {
    // Eras are aligned to the epoch; a spin-up too short for Benanga's slow pool made it drop 1–5 cm there.
    const first = Math.ceil(T0 / ERA_MS) * ERA_MS;
    const boundaries = Array.from({ length: 6 }, (_, k) => first + k * ERA_MS);
    // A storm 4.5 days before a boundary: the river still carries its water across it.
    const afterStorm: StormCell = { ...storm, startMs: boundaries[2] - 108 * HOUR_MS };
    const models = [createHydrology(42, []), createHydrology(1, [afterStorm])];
    for (const h of models) {
      for (const b of boundaries) {
        for (const g of GAUGES) {
          const step = (t: number) => Math.abs(h.gaugeCm(g, t + MINUTE_MS) - h.gaugeCm(g, t));
          let ordinary = 0;
          for (let t = b - 3 * HOUR_MS; t < b + 3 * HOUR_MS; t += MINUTE_MS) if (t !== b) ordinary = Math.max(ordinary, step(t));
          expect(step(b), `${g} at ${new Date(b).toISOString()}`).toBeLessThanOrEqual(ordinary + 0.05);
        }
      }
    }
  });

  /**
   * Fastest rise over 10 minutes (cm/h) in a storm wetter than the scenario's (70 mm/h), a little
   * above what the model gives (Benanga ~19, Gunung Lingai ~48, KP3 ~61 with the tide).
   */
  const MAX_RISE_CM_PER_H = { 'flood-benanga': 22, 'flood-gunung-lingai': 50, 'flood-kp3': 65 };

  it('moves water at centimetres per hour, not per minute, even in a 70 mm/h storm', () => {
    const h = createHydrology(2, [{ ...storm, peakMmH: 70 }]);
    const maxRise = (f: (t: number) => number) => {
      let worst = 0;
      for (let t = T0; t < T0 + 30 * HOUR_MS; t += 10 * MINUTE_MS) worst = Math.max(worst, (f(t + 10 * MINUTE_MS) - f(t)) * 6);
      return worst;
    };
    for (const g of GAUGES) {
      const rise = maxRise((t) => h.gaugeCm(g, t));
      expect(rise, g).toBeGreaterThan(3);
      expect(rise, g).toBeLessThanOrEqual(MAX_RISE_CM_PER_H[g]);
    }
    for (const id of Object.keys(RIVER_SPOTS).concat('flood-simpang-sempaja', 'flood-pemuda')) {
      const s = byId(id);
      expect(maxRise((t) => h.spotCm({ key: id, lat: s.lat, lon: s.lon }, t)), id).toBeLessThanOrEqual(75);
    }
  });

  it('floods a street spot from local rain above its drains, and lets it drain within hours', () => {
    const s = byId('flood-simpang-sempaja');
    const cell: StormCell = { ...storm, lat: s.lat, lon: s.lon, northKmH: 0, eastKmH: 0, peakMmH: 70 };
    const h = createHydrology(4, [cell]);
    const at = (hours: number) => h.spotCm({ key: s.id, lat: s.lat, lon: s.lon }, cell.startMs + hours * HOUR_MS);
    expect(at(0)).toBeLessThan(5);
    expect(at(3)).toBeGreaterThan(s.flood!.siaga3);
    expect(at(12)).toBeLessThan(5);
  });
});
