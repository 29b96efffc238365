import { describe, expect, it } from 'vitest';
import { createRangeFinding, silentDetector, spikeDetector, stuckDetector } from './sensor-faults';
import { AIR, GUNUNG_LINGAI, MIN, ROAD, T0, reading } from './test-support';
import type { AlertEvent } from '../../src/lib/core/alert';
import { createDetectionEngine } from './engine';
import { diffCatalogs } from '../catalog-diff';

describe('sensor_stuck', () => {
  /** `n` readings that change every time (a working sensor), then `values`, one a minute. */
  function feed(d: ReturnType<typeof stuckDetector.create>, id: string, kind: 'air' | 'flood', field: string, values: number[], variable = 20) {
    const all = [...Array.from({ length: variable }, (_, i) => 10 + (i % 7) * 0.3), ...values];
    return all.map((v, i) => d!.observe(reading(id, kind, T0 + i * MIN, { [field]: v }))!).slice(variable);
  }

  it('fires on the 15th identical PM2.5 reading of a sensor that varied, and clears on a change', () => {
    const out = feed(stuckDetector.create(AIR), AIR.id, 'air', 'pm25', [...Array(15).fill(12.5), 13]);
    expect(out[13].active).toBe(false);
    expect([out[14].active, out[14].category, out[14].value]).toEqual([true, 'maintenance', 12.5]);
    expect(out[14].explanation.en).toContain('15 times');
    expect(out[15].active).toBe(false);
  });

  it('writes the stuck value with a decimal comma in Indonesian, a point in English', () => {
    const out = feed(stuckDetector.create(AIR), AIR.id, 'air', 'pm25', Array(15).fill(4.5));
    expect([out[14].active, out[14].title.id, out[14].title.en]).toEqual([true, `Nilai macet · ${AIR.name} pm25 = 4,5`, `Stuck value · ${AIR.name} pm25 = 4.5`]);
  });

  it('does not call a dry road gauge (0 cm for hours) stuck, but a working gauge frozen at 12 cm is', () => {
    const dry = feed(stuckDetector.create(GUNUNG_LINGAI), GUNUNG_LINGAI.id, 'flood', 'water_level', Array(200).fill(0), 130);
    expect(dry.some((f) => f.active)).toBe(false);
    const frozen = feed(stuckDetector.create(GUNUNG_LINGAI), GUNUNG_LINGAI.id, 'flood', 'water_level', Array(120).fill(12), 130);
    expect([frozen[118].active, frozen[119].active]).toEqual([false, true]);
  });

  it('a really flat river is not stuck: it must stay constant 3 × longer than its own calm periods', () => {
    // A gauge that sits exactly still for 100, then 200 readings (each under 3 × the calm before), then moves.
    const calm = [...Array(100).fill(228.5), 228.7, 228.9, 229.1, ...Array(200).fill(228.6), 228.4];
    const still = feed(stuckDetector.create(GUNUNG_LINGAI), GUNUNG_LINGAI.id, 'flood', 'water_level', [...calm, ...Array(700).fill(228.3)], 130);
    // A fixed 120 readings called both calm runs stuck; now only near the 600th reading of the last
    // run (3 × 200, the calm fading by a few per cent meanwhile) is.
    const at = still.findIndex((f) => f.active) - calm.length;
    expect(at).toBeGreaterThan(0.9 * 600);
    expect(at).toBeLessThanOrEqual(599);
  });

  it('a freeze that ended is no calm for ever: the next one a week later is still flagged', () => {
    // PM2.5 varies a day, freezes 3 h (flagged), works a week, freezes 8 h: was never flagged (its
    // own 3-hour freeze counted as the sensor's calm and asked for 9 h)
    const d = stuckDetector.create(AIR)!;
    let t = T0;
    const feedFor = (minutes: number, frozen: boolean) => {
      let first = -1;
      for (let m = 0; m < minutes; m++, t += MIN) {
        const f = d.observe(reading(AIR.id, 'air', t, { pm25: frozen ? 23.4 : 20 + ((m * 7919) % 97) / 10 }))!;
        if (f.active && first < 0) first = m;
      }
      return first;
    };
    feedFor(1440, false);
    expect(feedFor(180, true)).toBeGreaterThan(0);
    feedFor(7 * 1440, false);
    const second = feedFor(480, true);
    expect(second).toBeGreaterThan(0);
    expect(second).toBeLessThan(3 * 180);
  });

  describe('a 10-minute gauge', () => {
    const TEN = { ...GUNUNG_LINGAI, intervalS: 600 };
    /** Readings every 10 min (`gapAt`: a gap of 3 days before that reading); the index of the first active finding, −1: none. */
    function firstStuck(values: readonly number[], gapAt = -1): number {
      const d = stuckDetector.create(TEN)!;
      const ts = (i: number) => T0 + i * 10 * MIN + (gapAt >= 0 && i >= gapAt ? 3 * 86_400_000 : 0);
      return values.findIndex((v, i) => d.observe(reading(TEN.id, 'flood', ts(i), { water_level: v }))!.active);
    }
    // two days of a river moving a few mm every reading (whole mm), its longest flat run 2 readings
    const moving = Array.from({ length: 288 }, (_, i) => Math.round(1500 + 300 * Math.sin(i / 20) + (i % 3 === 0 ? 0 : 4 * Math.sin(i))) / 10);

    it('flags a 6-hour freeze of a moving river within it (was 120 readings: 20 h)', () => {
      const k = firstStuck([...moving, ...Array(36).fill(moving.at(-1)! + 0.3)]);
      expect(k).toBeGreaterThan(moving.length);
      expect(k - moving.length).toBeLessThan(36);
    });

    it('a river receding at its resolution (0.1 cm every 3–7 readings) that sits on one value for 9 h is no freeze', () => {
      const slow: number[] = [];
      for (let i = 0; slow.length < 400; i++) slow.push(...Array(3 + (i % 5)).fill(Math.round(250 - i) / 10));
      expect(firstStuck([...moving, ...slow, ...Array(56).fill(slow.at(-1)! - 0.1)])).toBe(-1);
    });

    it('one jump (a release, a datum change) does not make a river receding at its resolution a moving one: flat for 9 h after is no freeze', () => {
      const slow = (from: number, n: number, lift = 0) => {
        const out: number[] = [];
        for (let i = 0; out.length < n; i++) out.push(...Array(3 + (i % 5)).fill(Math.round(from - i) / 10 + lift));
        return out.slice(0, n);
      };
      const after = slow(250, 60, 80);
      // was flagged 24 readings into the flat: the +80 cm counted as 80 cm of the river's move per reading for a day
      expect(firstStuck([...moving, ...slow(250, 400), ...after, ...Array(56).fill(after.at(-1)! - 0.1)])).toBe(-1);
    });

    it('after a gap of days, the step across it is no pace: back at a new level and flat for 9 h is no freeze', () => {
      expect(firstStuck([...moving, ...Array(56).fill(12.6)], moving.length)).toBe(-1);
    });

    it('read every 2 min as every 10, the same river frozen is flagged after the same 4 h (was 46 min at 2 min: 24 readings)', () => {
      // a river moving a few mm every few minutes, as a function of time, read at `spacing` for two days, then frozen 6 h
      const level = (m: number) => Math.round(1500 + 300 * Math.sin(m / 200) + 3 * Math.sin(m / 7)) / 10;
      for (const spacing of [10, 2]) {
        const d = stuckDetector.create(TEN)!;
        const [n, frozen] = [(2 * 1440) / spacing, (6 * 60) / spacing];
        const values = [...Array.from({ length: n }, (_, i) => level(i * spacing)), ...Array(frozen).fill(level(n * spacing) + 0.3)];
        const k = values.findIndex((v, i) => d.observe(reading(TEN.id, 'flood', T0 + i * spacing * MIN, { water_level: v }))!.active);
        // the frozen value's first reading to the one that is called stuck: 24 readings 10 min apart, 120 at 2 min
        expect((k - n) * spacing, `${spacing} min`).toBeGreaterThanOrEqual(230);
        expect((k - n) * spacing, `${spacing} min`).toBeLessThanOrEqual(240);
      }
    });
  });

  it('a series constant from its first reading is not called stuck: it never showed variation', () => {
    const d = stuckDetector.create(AIR)!;
    const out = Array.from({ length: 100 }, (_, i) => d.observe(reading(AIR.id, 'air', T0 + i * MIN, { pm25: 12.5 }))!);
    expect(out.some((f) => f.active)).toBe(false);
  });

  it('does not call speed 0 stuck (no vehicles) and ignores fields that rest at 0', () => {
    const d = stuckDetector.create(ROAD)!;
    const out = Array.from({ length: 40 }, (_, i) => d.observe(reading(ROAD.id, 'traffic', T0 + i * MIN, { speed: 0, flow: 0 }))!);
    expect(out.every((f) => !f.active)).toBe(true);
    const g = stuckDetector.create(GUNUNG_LINGAI)!;
    expect(g.observe(reading(GUNUNG_LINGAI.id, 'flood', T0, { rainfall: 0 }))).toBeNull();
  });
});

describe('sensor_spike', () => {
  const run = (values: number[]) => {
    const d = spikeDetector.create(GUNUNG_LINGAI)!;
    return values.map((wl, i) => d.observe(reading(GUNUNG_LINGAI.id, 'flood', T0 + i * MIN, { water_level: wl }))!);
  };

  it('reports a one-reading spike on the next reading, with the neighbours as normal', () => {
    const out = run([100, 100.5, 100.2, 180, 100.4, 100.3]);
    expect(out.map((f) => f.active)).toEqual([false, false, false, false, true, false]);
    expect([out[4].value, out[4].category, out[4].severity]).toEqual([180, 'maintenance', 'info']);
    expect(out[4].normal).toBeCloseTo(100.3, 9);
  });

  it('does not call a lasting step or a small wiggle a spike', () => {
    expect(run([100, 100, 180, 181, 182]).some((f) => f.active)).toBe(false);
    expect(run([100, 100, 120, 100, 100]).some((f) => f.active)).toBe(false); // 20 cm < 30 cm minimum
  });
});

describe('sensor_silent', () => {
  it('fires after 3 × intervalS without a reading, counted from the first tick', () => {
    const d = silentDetector.create(GUNUNG_LINGAI)!; // intervalS 60 → 180 s
    expect(d.tick!(T0)).toBeNull();
    expect(d.tick!(T0 + 180_000)).toBeNull();
    const f = d.tick!(T0 + 180_001)!;
    expect([f.active, f.category, f.value]).toEqual([true, 'maintenance', 3]);
    expect(d.observe(reading(GUNUNG_LINGAI.id, 'flood', T0 + 200_000, { water_level: 1 }))!.active).toBe(false);
    expect(d.tick!(T0 + 300_000)).toBeNull();
  });

  it('counts a reading as alive at the last tick even if the sensor clock is behind', () => {
    const d = silentDetector.create(GUNUNG_LINGAI)!;
    d.tick!(T0 + 10 * MIN);
    d.observe(reading(GUNUNG_LINGAI.id, 'flood', T0, { water_level: 1 })); // clock 10 min behind
    expect(d.tick!(T0 + 12 * MIN)).toBeNull();
  });
});

describe('sensor_range', () => {
  it('is a maintenance finding naming the physical range', () => {
    const f = createRangeFinding(GUNUNG_LINGAI, 'water_level', 9999);
    expect([f.active, f.category, f.rule]).toEqual([true, 'maintenance', 'sensor_range']);
    expect(f.explanation.en).toContain('-500…3000');
  });
});

describe('sensor_stuck across a restart', () => {
  const catalog = { city: 'x', districts: [], sensors: [AIR] };
  const feed = (e: ReturnType<typeof createDetectionEngine>, from: number, minutes: number, pm: (m: number) => number) => {
    const out: AlertEvent[] = [];
    for (let m = from; m < from + minutes; m++) out.push(...e.observe(reading(AIR.id, 'air', T0 + m * MIN, { pm25: pm(m) })), ...e.tick(T0 + m * MIN + 30_000));
    return out.filter((ev) => ev.alert.rule === 'sensor_stuck');
  };
  const varying = (m: number) => 20 + ((m * 7919) % 97) / 10;
  /** An engine whose air sensor varied for 10 h, then froze at 23.4 for an hour: one stuck alert open. */
  function frozenEngine() {
    const e = createDetectionEngine({ catalog });
    feed(e, 0, 600, varying);
    feed(e, 600, 60, () => 23.4);
    return e;
  }

  it('a stuck alert restored after the first readings came (InfluxDB slow at start) still stays open', () => {
    const open = frozenEngine().openAlerts().filter((a) => a.rule === 'sensor_stuck');
    expect(open).toHaveLength(1);
    const second = createDetectionEngine({ catalog });
    const early = feed(second, 660, 3, () => 23.4);
    for (const a of open) second.applyExternal({ type: 'raised', at: a.updatedAt, by: 'pantau', alert: a });
    // was: resolved 12 intervals later, the new state having to see the series vary first
    expect([...early, ...feed(second, 663, 24 * 60, () => 23.4)].map((ev) => ev.type)).not.toContain('resolved');
    expect(feed(second, 663 + 24 * 60, 60, varying).map((ev) => ev.type)).toContain('resolved');
  });

  it('a frozen sensor renamed in the registry keeps its stuck alert open', () => {
    const e = frozenEngine();
    const renamed = { ...catalog, sensors: [{ ...AIR, name: `${AIR.name} (Utara)` }] };
    e.applyCatalog(diffCatalogs(catalog, renamed), renamed, T0 + 660 * MIN);
    expect(feed(e, 660, 24 * 60, () => 23.4).map((ev) => ev.type)).not.toContain('resolved');
    expect(e.openAlerts().filter((a) => a.rule === 'sensor_stuck')).toHaveLength(1);
  });

  it('a stuck alert restored at start stays open while the sensor is still frozen, and closes once it moves', () => {
    const first = createDetectionEngine({ catalog });
    feed(first, 0, 600, (m) => 20 + ((m * 7919) % 97) / 10);
    expect(feed(first, 600, 60, () => 23.4).map((ev) => ev.type)).toContain('raised');
    const open = first.openAlerts().filter((a) => a.rule === 'sensor_stuck');
    expect(open).toHaveLength(1);
    // restart: a new engine, the open alert restored as the ingest does
    const second = createDetectionEngine({ catalog });
    for (const a of open) second.applyExternal({ type: 'raised', at: a.updatedAt, by: 'pantau', alert: a });
    // was: resolved itself 12 intervals later, and the freeze then went unflagged for good
    expect(feed(second, 660, 24 * 60, () => 23.4).map((ev) => ev.type)).not.toContain('resolved');
    expect(second.openAlerts().filter((a) => a.rule === 'sensor_stuck')).toHaveLength(1);
    expect(feed(second, 660 + 24 * 60, 60, (m) => 20 + ((m * 7919) % 97) / 10).map((ev) => ev.type)).toContain('resolved');
  });
});
