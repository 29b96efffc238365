/**
 * An ingest restarted while InfluxDB was slow (past main.ts's RESTORE_WAIT_MS) raises an alert again before it reads
 * the open one back. The older alert must stay (its id, acknowledgement, people's work, and so the notifier's chain), the
 * newer be closed as merged into it (no all-clear), and the condition carried to the older as a reading's update would:
 * worse than the older's peak reopens it and pages, no worse pages nobody.
 */
import { describe, expect, it } from 'vitest';
import { isMergedAway, type Alert, type AlertEvent } from '../../src/lib/core/alert';
import { createDetectionEngine, type DetectionEngine } from './engine';
import { carryPeople, foldOrder } from './alert-fold';
import { BENANGA, CATALOG, MIN, T0, reading } from './test-support';

const flood = (e: DetectionEngine, at: number, cm: number) => e.observe(reading(BENANGA.id, 'flood', at, { water_level: cm }));
const raisedIn = (events: AlertEvent[]) => events.find((ev) => ev.type === 'raised' && ev.alert.rule === 'flood_level')?.alert;
const floods = (e: DetectionEngine) => e.openAlerts().filter((a) => a.rule === 'flood_level');

/** The flood alert an ingest before the restart held at `cm` (readings each minute from T0), acknowledged by ani. */
function before(cm: number, acked = true): Alert {
  const e = createDetectionEngine({ catalog: CATALOG });
  for (let m = 0; m < 10; m++) {
    const a = raisedIn(flood(e, T0 + m * MIN, cm));
    if (!a) continue;
    const withNote = { ...a, assignee: 'tim-a', comments: [{ by: 'ani', at: T0 + 14 * MIN, text: 'pompa dikirim' }] };
    return acked ? { ...withNote, state: 'acknowledged', acknowledgedAt: T0 + 15 * MIN, acknowledgedBy: 'ani', acknowledgedVia: 'console', updatedAt: T0 + 15 * MIN } : withNote;
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
  it('no worse: the older stays acknowledged with its people’s work and takes the newer’s value; the newer is closed as merged into it', () => {
    const old = before(225); // Siaga 2
    const { e, fresh, events } = restartedWith(old, 229);
    expect(fresh.id).not.toBe(old.id);
    expect(events.map((ev) => [ev.type, ev.by, ev.alert.id, ev.alert.state])).toEqual([
      ['updated', 'pantau', old.id, 'acknowledged'],
      ['resolved', 'pantau', fresh.id, 'resolved']
    ]);
    const [kept, merged] = events.map((ev) => ev.alert);
    expect(kept).toMatchObject({ acknowledgedBy: 'ani', acknowledgedAt: T0 + 15 * MIN, acknowledgedVia: 'console', assignee: 'tim-a', raisedAt: old.raisedAt, value: 229 });
    expect(kept.updatedAt).toBeGreaterThanOrEqual(T0 + 25 * MIN);
    expect(kept.comments.map((c) => c.text)).toEqual(['pompa dikirim', expect.stringContaining(`Alert ${fresh.id}, raised again`)]);
    // closed as merged, naming the older: not an end of the flood
    expect(merged).toMatchObject({ mergedInto: old.id, resolvedBy: 'pantau' });
    expect(isMergedAway(merged)).toBe(true);
    expect(merged.comments.at(-1)!.text).toContain(`Merged into alert ${old.id}`);
    expect(floods(e)).toEqual([kept]);
    // acknowledged and no worse: no page while it holds, nothing raised again
    const later: AlertEvent[] = [];
    for (let m = 26; m < 60; m++) later.push(...flood(e, T0 + m * MIN, 229), ...e.tick(T0 + m * MIN));
    expect(later.filter((ev) => ev.alert.rule === 'flood_level' && (ev.type === 'escalated' || ev.type === 'raised'))).toEqual([]);
    // a late echo of the merged alert (a second restore, the web) is not adopted again
    expect(e.applyExternal({ type: 'raised', at: fresh.updatedAt, by: 'pantau', alert: fresh })).toEqual([]);
    expect(floods(e).map((a) => a.id)).toEqual([old.id]);
  });

  it('worse than the older’s peak: the worsening path as for a reading (escalated, reopened, asks to be acknowledged again)', () => {
    const old = before(205); // Siaga 3, acknowledged
    const { e, fresh, events } = restartedWith(old, 226); // Siaga 2 now
    expect(fresh.level).toBeGreaterThan(old.level);
    expect(events.map((ev) => [ev.type, ev.alert.id, ev.alert.state])).toEqual([['escalated', old.id, 'raised'], ['resolved', fresh.id, 'resolved']]);
    const kept = events[0].alert;
    expect(kept).toMatchObject({ level: fresh.level, severity: fresh.severity, peakLevel: fresh.level });
    expect(kept.acknowledgedBy).toBeUndefined();
    expect(kept.worsenedAt).toBeGreaterThanOrEqual(T0 + 25 * MIN);
    expect(events[1].alert.mergedInto).toBe(old.id);
    // unanswered, the kept alert escalates on its own timeline
    const later: AlertEvent[] = [];
    for (let m = 26; m < 60; m++) later.push(...flood(e, T0 + m * MIN, 226), ...e.tick(T0 + m * MIN));
    expect(later.filter((ev) => ev.type === 'escalated').map((ev) => ev.alert.id)).toEqual([old.id]);
  });

  it('an older alert nobody acknowledged takes the acknowledgement a person gave the newer meanwhile', () => {
    const old = before(225, false);
    const e = createDetectionEngine({ catalog: CATALOG });
    const fresh = raisedIn(flood(e, T0 + 20 * MIN, 226))!;
    const byBudi = { ...fresh, state: 'acknowledged' as const, acknowledgedAt: T0 + 21 * MIN, acknowledgedBy: 'budi', updatedAt: T0 + 21 * MIN };
    expect(e.applyExternal({ type: 'acknowledged', at: byBudi.updatedAt, by: 'budi', alert: byBudi })).toEqual([]);
    const events = e.applyExternal({ type: 'raised', at: old.updatedAt, by: 'pantau', alert: old });
    expect(events.map((ev) => [ev.type, ev.alert.id])).toEqual([['updated', old.id], ['resolved', fresh.id]]);
    expect(floods(e)).toMatchObject([{ id: old.id, state: 'acknowledged', acknowledgedBy: 'budi', assignee: 'tim-a' }]);
  });

  it('an unacknowledged older alert takes the newer’s time escalation: told at the severity people were paged at, not escalated again', () => {
    const old = before(205, false); // Siaga 3, warning
    const e = createDetectionEngine({ catalog: CATALOG });
    const meanwhile: AlertEvent[] = [];
    // the restore answers an hour late: nobody acknowledged the newer, the ingest escalated it by time
    for (let m = 20; m < 85; m++) meanwhile.push(...flood(e, T0 + m * MIN, 205), ...e.tick(T0 + m * MIN + 30_000));
    const fresh = floods(e)[0];
    expect(meanwhile.filter((ev) => ev.alert.rule === 'flood_level').map((ev) => [ev.type, ev.alert.severity])).toEqual([['raised', 'warning'], ['escalated', 'critical']]);
    const events = e.applyExternal({ type: 'raised', at: old.updatedAt, by: 'pantau', alert: old });
    // an update (the notifier's chain of the older goes on on its own time), at critical
    expect(events.map((ev) => [ev.type, ev.alert.id, ev.alert.severity, ev.alert.escalated])).toEqual([['updated', old.id, 'critical', true], ['resolved', fresh.id, 'critical', true]]);
    expect(events[0].alert.peakSeverity).toBe('critical');
    const later: AlertEvent[] = [];
    for (let m = 85; m < 180; m++) later.push(...flood(e, T0 + m * MIN, 205), ...e.tick(T0 + m * MIN + 30_000));
    expect(later.filter((ev) => ev.alert.rule === 'flood_level' && ev.type !== 'updated')).toEqual([]);
    expect(floods(e)).toMatchObject([{ id: old.id, severity: 'critical', escalated: true, state: 'raised' }]);
  });

  it('an acknowledged older alert keeps its own severity: the newer’s time escalation was for want of an answer it has', () => {
    const old = before(205); // acknowledged
    const e = createDetectionEngine({ catalog: CATALOG });
    for (let m = 20; m < 85; m++) flood(e, T0 + m * MIN, 205), e.tick(T0 + m * MIN + 30_000);
    expect(floods(e)[0]).toMatchObject({ escalated: true, severity: 'critical' });
    const [kept] = e.applyExternal({ type: 'raised', at: old.updatedAt, by: 'pantau', alert: old });
    expect(kept.alert).toMatchObject({ id: old.id, state: 'acknowledged', severity: 'warning' });
    expect(kept.alert.escalated).toBeUndefined();
  });

  it('a history holding both (an earlier restart left them open side by side): the next start folds the newer into the older', () => {
    const old = before(225);
    const { acknowledgedAt: _a, acknowledgedBy: _b, acknowledgedVia: _v, ...unacked } = old;
    const newer: Alert = { ...unacked, id: `${BENANGA.id}:flood_level:${T0 + 20 * MIN}`, state: 'raised', raisedAt: T0 + 20 * MIN, updatedAt: T0 + 20 * MIN, value: 231, comments: [] };
    const e = createDetectionEngine({ catalog: CATALOG });
    expect(e.applyExternal({ type: 'raised', at: newer.updatedAt, by: 'pantau', alert: newer })).toEqual([]);
    const events = e.applyExternal({ type: 'raised', at: old.updatedAt, by: 'pantau', alert: old });
    expect(events.map((ev) => [ev.type, ev.alert.id, ev.alert.mergedInto])).toEqual([['updated', old.id, undefined], ['resolved', newer.id, old.id]]);
    expect(floods(e)).toMatchObject([{ id: old.id, state: 'acknowledged', value: 231 }]);
  });

  it('restored in time (no alert raised yet): adopted as before, no events', () => {
    const old = before(225);
    const e = createDetectionEngine({ catalog: CATALOG });
    expect(e.applyExternal({ type: 'raised', at: old.updatedAt, by: 'pantau', alert: old })).toEqual([]);
    expect(floods(e)).toMatchObject([{ id: old.id, state: 'acknowledged' }]);
    expect(flood(e, T0 + 20 * MIN, 226).filter((ev) => ev.type === 'raised')).toEqual([]);
  });
});

describe('alert-fold pure steps', () => {
  const a = before(225);
  const b: Alert = { ...a, id: 'x', raisedAt: a.raisedAt + MIN };
  it('keeps the one raised first, whichever way round; ties by id', () => {
    expect(foldOrder(a, b).keep.id).toBe(a.id);
    expect(foldOrder(b, a).keep.id).toBe(a.id);
    const tie = { ...b, raisedAt: a.raisedAt };
    expect(foldOrder(tie, a).keep.id).toBe(foldOrder(a, tie).keep.id);
  });

  it('carries the folded alert’s comments and steps, not its assignee over the kept one’s', () => {
    const fold: Alert = { ...b, assignee: 'tim-b', comments: [{ by: 'citra', at: T0 + 30 * MIN, text: 'jalan ditutup' }], steps: [{ id: 'sandbags', done: true, by: 'citra', at: T0 + 31 * MIN }] };
    const kept = carryPeople(a, fold, 'pantau', T0 + 40 * MIN);
    expect(kept.assignee).toBe('tim-a');
    expect(kept.steps).toEqual(fold.steps);
    expect(kept.comments.map((c) => c.by)).toEqual(['ani', 'citra', 'pantau']);
  });
});
