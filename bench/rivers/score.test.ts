import { describe, expect, it } from 'vitest';
import type { Gauge } from './data';
import { riverCatalog } from './data';
import type { AlertRecord } from './replay';
import { crossings, episodes, isTrueEmergency, leadOf, perWeek, scoreRiver, spells } from './score';

const MIN = 60_000;
const HOUR = 60 * MIN;

/** A gauge every 10 min from t = 0 with the given levels. */
function gauge(levels: number[], warnCm: number | null = 100): Gauge {
  return { id: 'g', name: 'G', order: 0, warnCm, lat: 0, lon: 0, ts: Float64Array.from(levels, (_, i) => i * 10 * MIN), level: Float64Array.from(levels) };
}

function alert(rule: AlertRecord['rule'], raisedAt: number, resolvedAt?: number, over: Partial<AlertRecord> = {}): AlertRecord {
  return { id: `g:${rule}:${raisedAt}`, sensorId: 'g', rule, category: 'emergency', severity: 'warning', level: 1, raisedAt, resolvedAt, title: '', ...over };
}

describe('bench:rivers scoring', () => {
  it('counts a crossing only after ≥ 6 h below (as score.py), not a dip of an hour', () => {
    const levels = [...Array(36).fill(50), 120, 120, ...Array(6).fill(90), 120, ...Array(40).fill(50), 130];
    const g = gauge(levels);
    expect(crossings(g)).toEqual([36 * 10 * MIN, 85 * 10 * MIN]);
    expect(crossings(gauge(levels, null))).toEqual([]);
  });

  it('lead: from the start of the warning spell open 30 min before the crossing, capped at 3 h', () => {
    const c = 10 * HOUR;
    // Re-raised every reading: one spell from its first raise.
    const flapping = spells([alert('rate_of_rise', c - 90 * MIN, c - 85 * MIN), alert('rate_of_rise', c - 80 * MIN, c - 75 * MIN), alert('upstream_warning', c - 70 * MIN)]);
    expect(leadOf(c, flapping)).toBe(90 * MIN);
    // Ended 2 h before the crossing: warned of something else.
    expect(leadOf(c, spells([alert('rate_of_rise', c - 3 * HOUR, c - 2 * HOUR)]))).toBe(0);
    expect(leadOf(c, spells([alert('rate_of_rise', c - 10 * HOUR)]))).toBe(3 * HOUR);
  });

  it('a false emergency: not two readings at Siaga 3 within 3 h of the raise (one bad reading is no flood)', () => {
    const g = gauge([50, 50, 500, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 101, 102]);
    expect(isTrueEmergency(alert('flood_level', 20 * MIN), g)).toBe(false);
    expect(isTrueEmergency(alert('rate_of_rise', 60 * MIN), g)).toBe(true);
    const s = scoreRiver([g], [alert('flood_level', 20 * MIN, 30 * MIN), alert('statistical', 20 * MIN, undefined, { severity: 'info' }), alert('sensor_spike', 30 * MIN, undefined, { category: 'maintenance' })], 600);
    // The info-level hint pages nobody; the maintenance alert is counted apart; the flood_level after the spike is false.
    expect([s.falseEmergency, s.maintenance, s.emergencyAfterSpike]).toEqual([1, 1, 1]);
  });

  it('episodes: alerts of a rule merge while the next comes within an hour of the last resolution', () => {
    expect(episodes([alert('flood_level', 0, 10 * MIN), alert('flood_level', 30 * MIN, 40 * MIN), alert('flood_level', 3 * HOUR)])).toBe(2);
  });

  it('episodes: a held alert counts from when its condition ended, not from its close', () => {
    // A spike at 0, held 125 min, a second spike 3 h after the first: clean readings for 3 h between, two conditions.
    const spikes = [alert('sensor_spike', 10 * MIN, 135 * MIN, { conditionEndedAt: 10 * MIN }), alert('sensor_spike', 190 * MIN, 315 * MIN, { conditionEndedAt: 190 * MIN })];
    expect(episodes(spikes)).toBe(2);
    // A finding back 30 min after the condition ended is the same event, whatever the hold.
    expect(episodes([alert('statistical', 0, 200 * MIN, { conditionEndedAt: 0 }), alert('statistical', 30 * MIN, 60 * MIN)])).toBe(1);
  });

  it('builds the catalog as the issue fixes it: Siaga 2/1 at +40/+80 cm, downstream = next gauge by order', () => {
    const a = { ...gauge([1]), id: 'a', order: 0 };
    const b = { ...gauge([1], null), id: 'b', order: 1 };
    const cat = riverCatalog({ river: 'R', stepS: 600, gauges: [a, b] });
    expect(cat.sensors[0]).toMatchObject({ id: 'a', intervalS: 600, flood: { siaga3: 100, siaga2: 140, siaga1: 180 }, downstream: ['b'] });
    expect(cat.sensors[1].flood).toBeUndefined();
    expect(cat.sensors[1].downstream).toBeUndefined();
  });

  it('gives a rate per gauge-week only over some gauge-weeks (a split without warn_cm printed 1000000000.00)', () => {
    expect(perWeek(3, 12)).toBe('0.25');
    expect(perWeek(1, 0)).toBe('–');
  });
});
