import { describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../src/lib/core/alert';
import { createDetectionEngine } from './engine';
import { GUNUNG_LINGAI, MIN, T0, reading } from './test-support';

/**
 * Readings that do not arrive as they are stamped: a sensor clock behind the ingest's, and a gateway
 * uploading packs. The policy ages alerts on the sensor's own time and at the pace readings arrive.
 */
const catalog = { city: 'x', districts: [], sensors: [GUNUNG_LINGAI] };
const TICK = 5_000;
const flood = (events: AlertEvent[]) => events.filter((e) => e.alert.sensorId === GUNUNG_LINGAI.id).map((e) => `${e.alert.rule}:${e.type}`);

describe('engine: readings that arrive late or in packs', () => {
  it('a gauge whose readings arrive 7 min behind the clock: Siaga 3 raises once and stays open', () => {
    // was: never raised (the pending finding cleared at every tick); Siaga 2 raised and resolved at every reading
    for (const wl of [205, 225]) {
      const e = createDetectionEngine({ catalog });
      const out: AlertEvent[] = [e.tick(T0 - TICK)].flat();
      for (let m = 0; m < 120; m++) {
        const now = T0 + m * MIN;
        out.push(...e.observe(reading(GUNUNG_LINGAI.id, 'flood', now - 7 * MIN, { water_level: wl })));
        for (let s = TICK; s < MIN; s += TICK) out.push(...e.tick(now + s));
      }
      const events = flood(out).filter((x) => x.startsWith('flood_level'));
      expect(events.filter((x) => x.endsWith(':raised'))).toHaveLength(1);
      expect(events.filter((x) => x.endsWith(':resolved'))).toHaveLength(0);
      expect(flood(out).some((x) => x.startsWith('sensor_silent'))).toBe(false);
    }
  });

  it('a 1-min gauge whose gateway uploads its last 10 readings every 10 min: one alert, not silent', () => {
    // was: Siaga 2 raised, resolved and raised again every 10 min (each a new page), and sensor_silent for good
    const e = createDetectionEngine({ catalog });
    const out: AlertEvent[] = [];
    for (let now = T0; now <= T0 + 180 * MIN; now += TICK) {
      out.push(...e.tick(now));
      if ((now - T0) % (10 * MIN) === 0) {
        for (let k = 9; k >= 0; k--) out.push(...e.observe(reading(GUNUNG_LINGAI.id, 'flood', now - k * MIN, { water_level: now - T0 > 60 * MIN ? 225 : 150 })));
      }
    }
    const events = flood(out);
    expect(events.filter((x) => x === 'flood_level:raised')).toHaveLength(1);
    expect(events.filter((x) => x === 'flood_level:resolved')).toHaveLength(0);
    expect(events.filter((x) => x.startsWith('sensor_silent'))).toEqual([]);
  });

  it('a sensor that reports on time keeps its timings: silent after 3 intervals, resolves as before', () => {
    const e = createDetectionEngine({ catalog });
    const out: AlertEvent[] = [];
    for (let now = T0; now <= T0 + 60 * MIN; now += TICK) {
      out.push(...e.tick(now));
      if ((now - T0) % MIN === 0 && now < T0 + 30 * MIN) out.push(...e.observe(reading(GUNUNG_LINGAI.id, 'flood', now, { water_level: 150 })));
    }
    // last reading at 29 min: silent after 3 × 1 min, at 32 min (and the tick after)
    const silent = out.find((x) => x.alert.rule === 'sensor_silent' && x.type === 'raised');
    expect(silent).toBeDefined();
    expect(silent!.at - T0).toBeGreaterThan(32 * MIN);
    expect(silent!.at - T0).toBeLessThanOrEqual(32 * MIN + 2 * TICK);
  });
});

describe('engine: news stamped on the clock people act on', () => {
  const flood = (out: AlertEvent[]) => out.filter((e) => e.alert.rule === 'flood_level');
  it('a worsening from a gauge 7 min behind: worsenedAt and the event at the ingest clock, after the acknowledgement', () => {
    const e = createDetectionEngine({ catalog });
    const out: AlertEvent[] = [];
    let acked = false;
    for (let m = 0; m < 40; m++) {
      const now = T0 + m * MIN;
      out.push(...e.tick(now));
      out.push(...e.observe(reading(GUNUNG_LINGAI.id, 'flood', now - 7 * MIN, { water_level: m < 20 ? 205 : 225 })));
      const open = e.openAlerts().find((a) => a.rule === 'flood_level');
      if (open && !acked && m >= 10) {
        // acknowledged on the web's clock, 10 min in
        e.applyExternal({ type: 'acknowledged', at: now, by: 'operator', alert: { ...open, state: 'acknowledged', acknowledgedAt: now, acknowledgedBy: 'operator', updatedAt: now } });
        acked = true;
      }
    }
    const worse = flood(out).find((x) => x.type === 'escalated' && x.alert.level === 2)!;
    expect(worse).toBeDefined();
    // the reading was stamped 7 min before the clock that saw it; the page and the link check use the clock
    expect(worse.alert.worsenedAt).toBe(T0 + 20 * MIN);
    expect(worse.at).toBeGreaterThanOrEqual(T0 + 20 * MIN);
    expect(worse.alert.state).toBe('raised');
  });

  it('a gauge 4 min ahead of the clock: its worsening is not dated in the future', () => {
    const e = createDetectionEngine({ catalog });
    const out: AlertEvent[] = [];
    for (let m = 0; m < 20; m++) {
      const now = T0 + m * MIN;
      out.push(...e.tick(now));
      out.push(...e.observe(reading(GUNUNG_LINGAI.id, 'flood', now + 4 * MIN, { water_level: m < 10 ? 205 : 225 })));
    }
    const worse = flood(out).find((x) => x.type === 'escalated' && x.alert.level === 2)!;
    expect(worse.alert.worsenedAt).toBe(T0 + 10 * MIN);
  });

  it('a backlog delivered at a restart sets no lasting lag: a gauge silent after it is called silent on the clock', () => {
    const e = createDetectionEngine({ catalog });
    // three hours of queued readings, the newest 3 h old, delivered before the first tick
    for (let m = 0; m < 60; m++) e.observe(reading(GUNUNG_LINGAI.id, 'flood', T0 - 6 * 60 * MIN + m * 3 * MIN, { water_level: 150 }));
    const out: AlertEvent[] = [];
    for (let now = T0; now <= T0 + 30 * MIN; now += TICK) out.push(...e.tick(now));
    const silent = out.find((x) => x.alert.rule === 'sensor_silent' && x.type === 'raised')!;
    expect(silent).toBeDefined();
    // was: raisedAt 3 h in the past (the backlog's lag kept for good)
    expect(silent.alert.raisedAt).toBeGreaterThanOrEqual(T0);
  });
});
