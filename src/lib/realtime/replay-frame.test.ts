import { describe, it, expect } from 'vitest';
import type { Alert, AlertEvent } from '../core/alert';
import type { Sensor } from '../core/sensor';
import type { ReplayData } from '../core/history';
import type { ReadingState, SiagaNumber } from '../core/reading-state';
import { alertsAt, parseReplayParams, readingsAt } from './replay-frame';
import { parseTime } from '../server/open-data/request';

const sensor: Sensor = { id: 'f1', kind: 'flood', name: 'F1', district: 'D', lat: 0, lon: 0, intervalS: 60 };
const thresholds = { siaga3: 150, siaga2: 200, siaga1: 250 };
function flood(siaga: SiagaNumber, cm: number): ReadingState {
  return { kind: 'flood', siaga, waterLevelCm: cm, thresholds, rainfallMmH: null };
}
const data: ReplayData = {
  from: 0, to: 600_000, stepS: 60, frames: 10,
  sensors: { f1: [[0, 0, { water_level: 100 }, flood(4, 100)], [300_000, 3, { water_level: 300 }, flood(1, 300)]] },
  events: []
};

describe('replay frames', () => {
  it('shows each sensor at its latest bucket at or before t', () => {
    const sensors = new Map([['f1', sensor]]);
    expect(readingsAt(data, sensors, 299_999).get('f1')?.severity).toBe(0);
    const r = readingsAt(data, sensors, 310_000).get('f1')!;
    expect(r.severity).toBe(3);
    expect(r.ts).toBe(310_000);
    expect(r.state).toEqual(flood(1, 300));
    expect(readingsAt({ ...data, sensors: { f1: [[400_000, 1, {}, flood(3, 160)]] } }, sensors, 100).size).toBe(0);
  });

  it('folds alert events up to t', () => {
    const a = { id: 'a', state: 'raised', updatedAt: 10 } as Alert;
    const events: AlertEvent[] = [
      { type: 'raised', at: 10, by: 'x', alert: a },
      { type: 'resolved', at: 20, by: 'x', alert: { ...a, state: 'resolved', updatedAt: 20 } }
    ];
    expect(alertsAt(events, 5)).toEqual([]);
    expect(alertsAt(events, 15)[0].state).toBe('raised');
    expect(alertsAt(events, 25)[0].state).toBe('resolved');
  });

  it('shows the copy the wall chose, not the last by time: a worsening beats an acknowledgement made on the copy before it', () => {
    const v0 = { id: 'a', state: 'raised', level: 2, updatedAt: 1_000, comments: [] } as unknown as Alert;
    const worse: Alert = { ...v0, level: 3, worsenedAt: 50_000, updatedAt: 50_000 };
    // Stamped at 50_200 on the web's clock, on the copy from before the worsening: the ingest refused it.
    const staleAck: Alert = { ...v0, state: 'acknowledged', acknowledgedAt: 50_200, assignee: 'Tim', updatedAt: 50_200 };
    const events: AlertEvent[] = [
      { type: 'raised', at: 1_000, by: 'ingest', alert: v0 },
      { type: 'escalated', at: 50_000, by: 'ingest', alert: worse },
      { type: 'acknowledged', at: 50_200, by: 'op1', alert: staleAck }
    ];
    expect(alertsAt(events, 60_000)[0]).toMatchObject({ state: 'raised', level: 3, assignee: 'Tim' });
    expect(alertsAt(events, 40_000)[0]).toMatchObject({ state: 'raised', level: 2 });
  });

  it('reads zone-less times as WITA like /api/replay, whatever the browser zone', () => {
    const zone = process.env.TZ;
    process.env.TZ = 'America/New_York';
    try {
      const q = 'from=2026-12-01T08:00&to=2026-12-02&t=2026-12-01T09:30:00Z';
      const p = parseReplayParams(new URLSearchParams(q), 0);
      expect(p.from).toBe(Date.UTC(2026, 11, 1, 0)); // 08:00 WITA
      expect(p.to).toBe(Date.UTC(2026, 11, 1, 16)); // midnight WITA
      expect(p.t).toBe(Date.UTC(2026, 11, 1, 9, 30));
      // The same window the API reads from the same text.
      expect([p.from, p.to]).toEqual([parseTime('2026-12-01T08:00'), parseTime('2026-12-02')]);
      expect(p.badTime).toBe(false);
      // An impossible day is no time at all, said to the page (not another day, nor quietly the last 6 h).
      expect(parseReplayParams(new URLSearchParams('from=2026-02-30&to=5000000'), 0).badTime).toBe(true);
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it('reads a shareable query string, clamping t and the speed', () => {
    const p = parseReplayParams(new URLSearchParams('from=1000&to=5000&speed=7&t=9000'), 0);
    expect(p).toEqual({ from: 1000, to: 5000, speed: 60, t: 5000, badTime: false });
  });
});
