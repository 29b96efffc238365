/**
 * An ingest restarted while InfluxDB was slow (past main.ts's RESTORE_WAIT_MS) raises an alert again before it reads
 * the open one back: the old one must not stay open for good, and an acknowledgement staff gave must not be paged a
 * new round for the same (or a milder) condition; a worse condition pages as new.
 */
import { describe, expect, it } from 'vitest';
import type { Alert, AlertEvent } from '../../src/lib/core/alert';
import { createDetectionEngine, type DetectionEngine } from './engine';
import { BENANGA, CATALOG, MIN, T0, reading } from './test-support';

const flood = (e: DetectionEngine, at: number, cm: number) => e.observe(reading(BENANGA.id, 'flood', at, { water_level: cm }));
const raisedIn = (events: AlertEvent[]) => events.find((ev) => ev.type === 'raised' && ev.alert.rule === 'flood_level')?.alert;

/** The flood alert an ingest before the restart held at `cm` (readings each minute from T0 until it raised), acknowledged by ani. */
function before(cm: number): Alert {
  const e = createDetectionEngine({ catalog: CATALOG });
  for (let m = 0; m < 10; m++) {
    const a = raisedIn(flood(e, T0 + m * MIN, cm));
    if (a) return { ...a, state: 'acknowledged', acknowledgedAt: T0 + 15 * MIN, acknowledgedBy: 'ani', acknowledgedVia: 'console', updatedAt: T0 + 15 * MIN };
  }
  throw new Error(`no flood alert at ${cm} cm`);
}

/** After the restart: the first readings raise again (nothing restored yet); the restore answers at +25 min. */
function restartedWith(old: Alert, cm: number) {
  const e = createDetectionEngine({ catalog: CATALOG });
  let fresh: Alert | undefined;
  for (let m = 20; m < 24 && !fresh; m++) fresh = raisedIn(flood(e, T0 + m * MIN, cm));
  e.tick(T0 + 25 * MIN);
  const events = e.applyExternal({ type: 'raised', at: old.updatedAt, by: 'pantau', alert: old });
  return { e, fresh: fresh!, events };
}

describe('an open alert read back late meets the one raised again meanwhile', () => {
  it('not worse: the old one is resolved as replaced by the new id, and its acknowledgement carried (by the system, naming ani)', () => {
    const old = before(225); // Siaga 2
    const { e, fresh, events } = restartedWith(old, 226);
    expect(fresh.id).not.toBe(old.id);
    expect(events.map((ev) => [ev.type, ev.by, ev.alert.id, ev.alert.state])).toEqual([
      ['resolved', 'pantau', old.id, 'resolved'],
      ['acknowledged', 'pantau', fresh.id, 'acknowledged']
    ]);
    const [closed, acked] = events.map((ev) => ev.alert);
    expect(closed).toMatchObject({ resolvedBy: 'pantau', acknowledgedBy: 'ani' });
    expect(closed.resolvedAt).toBeGreaterThanOrEqual(T0 + 25 * MIN);
    const note = closed.comments.at(-1)!;
    expect(note.by).toBe('pantau');
    expect(note.text).toContain(`Diganti oleh peringatan ${fresh.id}`);
    expect(note.text).toContain(`Replaced by alert ${fresh.id}`);
    // and in its explanation, which a message of the resolution shows: it must not read as the flood's end
    expect(closed.explanation.id.startsWith(`${old.explanation.id} Diganti oleh peringatan ${fresh.id}`)).toBe(true);
    expect(closed.explanation.en).toContain(`Replaced by alert ${fresh.id}`);
    // who acknowledged, when and how: the person's, from before; the event's actor is the system
    expect(acked).toMatchObject({ acknowledgedBy: 'ani', acknowledgedAt: T0 + 15 * MIN, acknowledgedVia: 'console', level: fresh.level });
    expect(acked.updatedAt).toBeGreaterThan(fresh.updatedAt);
    expect(acked.comments.at(-1)!.text).toMatch(new RegExp(`Konfirmasi ani .* ${old.id}.*/ ani's acknowledgement .* ${old.id} carried`));
    expect(e.openAlerts().filter((a) => a.rule === 'flood_level')).toEqual([acked]);
    // acknowledged: no 10-minute escalation pages it again while it holds
    const later: AlertEvent[] = [];
    for (let m = 26; m < 60; m++) later.push(...flood(e, T0 + m * MIN, 226), ...e.tick(T0 + m * MIN));
    expect(later.filter((ev) => ev.alert.sensorId === BENANGA.id && (ev.type === 'escalated' || ev.type === 'raised'))).toEqual([]);
    // a worsening after it is news as ever: reopened
    const worse = flood(e, T0 + 60 * MIN, 245).find((ev) => ev.alert.rule === 'flood_level');
    expect(worse).toMatchObject({ type: 'escalated', alert: { id: fresh.id, state: 'raised', level: 3 } });
  });

  it('worse: the old one is resolved as replaced; the new one stays unacknowledged and pages (escalates when unanswered)', () => {
    const old = before(205); // Siaga 3, acknowledged
    const { e, fresh, events } = restartedWith(old, 226); // Siaga 2 now
    expect(fresh.level).toBeGreaterThan(old.level);
    expect(events.map((ev) => [ev.type, ev.alert.id, ev.alert.state])).toEqual([['resolved', old.id, 'resolved']]);
    expect(events[0].alert.comments.at(-1)!.text).toContain(`Replaced by alert ${fresh.id}`);
    expect(e.openAlerts().filter((a) => a.rule === 'flood_level').map((a) => [a.id, a.state])).toEqual([[fresh.id, 'raised']]);
    const later: AlertEvent[] = [];
    for (let m = 26; m < 60; m++) later.push(...flood(e, T0 + m * MIN, 226), ...e.tick(T0 + m * MIN));
    expect(later.filter((ev) => ev.type === 'escalated' && ev.alert.id === fresh.id).length).toBeGreaterThan(0);
  });

  it('a new alert a person acknowledged meanwhile keeps that acknowledgement: the old one is only closed', () => {
    const old = before(225);
    const e = createDetectionEngine({ catalog: CATALOG });
    const fresh = raisedIn(flood(e, T0 + 20 * MIN, 226))!;
    const byBudi = { ...fresh, state: 'acknowledged' as const, acknowledgedAt: T0 + 21 * MIN, acknowledgedBy: 'budi', updatedAt: T0 + 21 * MIN };
    expect(e.applyExternal({ type: 'acknowledged', at: byBudi.updatedAt, by: 'budi', alert: byBudi })).toEqual([]);
    const events = e.applyExternal({ type: 'raised', at: old.updatedAt, by: 'pantau', alert: old });
    expect(events.map((ev) => [ev.type, ev.alert.id])).toEqual([['resolved', old.id]]);
    expect(e.openAlerts()).toMatchObject([{ id: fresh.id, acknowledgedBy: 'budi' }]);
  });

  it('a restored alert newer than the one held wins: the held one is closed as replaced by it', () => {
    const e = createDetectionEngine({ catalog: CATALOG });
    const held = raisedIn(flood(e, T0, 226))!;
    const newer: Alert = { ...held, id: `${BENANGA.id}:flood_level:${T0 + MIN}`, raisedAt: T0 + MIN, updatedAt: T0 + MIN };
    const events = e.applyExternal({ type: 'raised', at: newer.updatedAt, by: 'pantau', alert: newer });
    expect(events.map((ev) => [ev.type, ev.alert.id])).toEqual([['resolved', held.id]]);
    expect(events[0].alert.comments.at(-1)!.text).toContain(`Replaced by alert ${newer.id}`);
    expect(e.openAlerts().map((a) => a.id)).toEqual([newer.id]);
    // and its late echo is not adopted again
    expect(e.applyExternal({ type: 'raised', at: held.updatedAt, by: 'pantau', alert: held })).toEqual([]);
    expect(e.openAlerts().map((a) => a.id)).toEqual([newer.id]);
  });

  it('a history holding both (an old alert left open beside its replacement before this fix): the next start closes the old one', () => {
    const old = before(225);
    const { acknowledgedAt: _a, acknowledgedBy: _b, acknowledgedVia: _v, ...unacked } = old;
    const newer: Alert = { ...unacked, id: `${BENANGA.id}:flood_level:${T0 + 20 * MIN}`, state: 'raised', raisedAt: T0 + 20 * MIN, updatedAt: T0 + 20 * MIN };
    const e = createDetectionEngine({ catalog: CATALOG });
    expect(e.applyExternal({ type: 'raised', at: newer.updatedAt, by: 'pantau', alert: newer })).toEqual([]);
    const events = e.applyExternal({ type: 'raised', at: old.updatedAt, by: 'pantau', alert: old });
    expect(events.map((ev) => [ev.type, ev.alert.id, ev.alert.acknowledgedBy])).toEqual([['resolved', old.id, 'ani'], ['acknowledged', newer.id, 'ani']]);
    expect(e.openAlerts()).toMatchObject([{ id: newer.id, state: 'acknowledged' }]);
  });

  it('restored in time (no alert raised yet): adopted as before, no events', () => {
    const old = before(225);
    const e = createDetectionEngine({ catalog: CATALOG });
    expect(e.applyExternal({ type: 'raised', at: old.updatedAt, by: 'pantau', alert: old })).toEqual([]);
    expect(e.openAlerts()).toMatchObject([{ id: old.id, state: 'acknowledged' }]);
    // the next reading updates that alert; none raised again
    expect(flood(e, T0 + 20 * MIN, 226).filter((ev) => ev.type === 'raised')).toEqual([]);
  });
});
