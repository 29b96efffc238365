import { describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../src/lib/core/alert';
import { createDetectionEngine } from './engine';
import { CATALOG, GUNUNG_LINGAI, MIN, T0, reading } from './test-support';

const ID = GUNUNG_LINGAI.id;
/** 1-min readings (or none: null) from T0 + from minutes, the engine ticked each minute; its flood_level events. */
function feed(e: ReturnType<typeof createDetectionEngine>, from: number, wls: readonly (number | null | 'refused')[]): AlertEvent[] {
  const out: AlertEvent[] = [];
  wls.forEach((wl, i) => {
    const ts = T0 + (from + i) * MIN;
    out.push(...e.tick(ts));
    if (wl === 'refused') out.push(...e.reportOutOfRange(ID, 'water_level', -999, ts));
    else if (wl !== null) out.push(...e.observe(reading(ID, 'flood', ts, { water_level: wl })));
  });
  return out.filter((ev) => ev.alert.rule === 'flood_level');
}
/** 60 min at Siaga 2 (225 ± 1 cm, 218–240 here): the flood_level alert open at level 2. */
function inFlood() {
  const e = createDetectionEngine({ catalog: CATALOG });
  feed(e, 0, Array.from({ length: 60 }, (_, i) => 225 + (i % 2)));
  expect(e.openAlerts().find((a) => a.rule === 'flood_level')?.level).toBe(2);
  return e;
}
const flood = (e: ReturnType<typeof createDetectionEngine>) => e.openAlerts().find((a) => a.rule === 'flood_level');
/** The gauge's open maintenance alerts' rules, sorted. */
const faultAlerts = (e: ReturnType<typeof createDetectionEngine>) => e.openAlerts().filter((a) => a.sensorId === ID && a.category === 'maintenance').map((a) => a.rule).sort();
const lowersOrCloses = (events: AlertEvent[]) => events.filter((ev) => ev.type === 'resolved' || ev.alert.level < 2);
/** A slow fall from 226 to 150 cm (4 cm a minute, a river's pace), then 150. */
const recede = (n: number) => Array.from({ length: n }, (_, i) => Math.max(150, 226 - 4 * (i + 1)));

describe('a flood alert while its gauge sends readings a fault rule distrusts', () => {
  it('a dropout to 0 at Siaga 2 neither lowers nor closes it, says why from when, and trusted readings release it', () => {
    const e = inFlood();
    // 3 h of zeros: sensor_stuck's dropout from the first; the flood alert stays Siaga 2, held, with a note
    const during = feed(e, 60, Array(180).fill(0));
    expect(lowersOrCloses(during)).toEqual([]);
    const held = flood(e)!;
    expect([held.level, held.state, held.heldSince]).toEqual([2, 'raised', T0 + 60 * MIN]);
    // T0 + 60 min = 09:00 WITA
    expect(held.explanation.en).toMatch(/Held: Gunung Lingai has sent a frozen value or a dropout to 0 since 4 Mar 09:00 WITA; Pantau does not lower or close this alert/);
    expect(held.explanation.id).toMatch(/Ditahan: Gunung Lingai .* sejak 4 Mar 09:00 WITA/);
    expect(during.filter((ev) => ev.type === 'updated' && ev.alert.heldSince !== undefined).length).toBe(1);
    expect(e.openAlerts().some((a) => a.rule === 'sensor_stuck')).toBe(true);
    // trusted again at Siaga 2: the same alert, released (no note), nothing closed
    const back = feed(e, 240, [226, 225, 226]);
    expect(lowersOrCloses(back)).toEqual([]);
    expect(flood(e)!.id).toBe(held.id);
    expect(flood(e)!.heldSince).toBeUndefined();
    expect(flood(e)!.explanation.en).not.toContain('Held:');
    // then the river recedes below Siaga 3: it closes as usual, after its quiet period of trusted readings
    const after = feed(e, 243, recede(40));
    const resolved = after.filter((ev) => ev.type === 'resolved');
    expect(resolved.length).toBe(1);
    expect(resolved[0].alert.id).toBe(held.id);
  });

  it('back from a dropout below the line, it closes after its quiet period of trusted readings, not on the zeros', () => {
    const e = inFlood();
    expect(lowersOrCloses(feed(e, 60, Array(30).fill(0)))).toEqual([]);
    const after = feed(e, 90, Array.from({ length: 20 }, (_, i) => 150 - (i % 2)));
    const resolved = after.find((ev) => ev.type === 'resolved');
    expect(resolved).toBeDefined();
    // not before 5 readings below the line (the policy's quiet period, counted from the first trusted one)
    expect(resolved!.at).toBeGreaterThanOrEqual(T0 + 95 * MIN);
  });

  it('a sentinel the ingest refuses, or silence, holds it for as long as it lasts (a day): no stale-data all-clear', () => {
    for (const fault of ['refused', null] as const) {
      const e = inFlood();
      const during = feed(e, 60, Array(24 * 60).fill(fault));
      expect(lowersOrCloses(during)).toEqual([]);
      expect(flood(e)!.heldSince).toBe(fault === 'refused' ? T0 + 60 * MIN : T0 + 59 * MIN);
      expect(flood(e)!.explanation.en).toContain(fault === 'refused' ? 'has sent values outside the physical range since 4 Mar 09:00 WITA' : 'has sent no readings since 4 Mar 08:59 WITA');
      // the fault itself is the technicians' alert all along (a held forecast warning says so: alert-unchecked.ts)
      expect(faultAlerts(e)).toEqual(fault === 'refused' ? ['sensor_range', 'sensor_silent'] : ['sensor_silent']);
      // the first trusted reading releases it
      feed(e, 60 + 24 * 60, [225]);
      expect(flood(e)!.heldSince).toBeUndefined();
    }
  });

  it('a fault whose maintenance alert a person resolves while it lasts is raised to maintenance again', () => {
    for (const fault of ['refused', null, 0] as const) {
      const e = inFlood();
      feed(e, 60, Array(120).fill(fault));
      expect(faultAlerts(e).length).toBeGreaterThan(0);
      for (const a of e.openAlerts().filter((x) => x.sensorId === ID && x.category === 'maintenance')) {
        e.applyExternal({ type: 'resolved', at: T0 + 180 * MIN, by: 'budi', alert: { ...a, state: 'resolved', resolvedAt: T0 + 180 * MIN, resolvedBy: 'budi' } });
      }
      expect(faultAlerts(e)).toEqual([]);
      feed(e, 180, Array(120).fill(fault));
      expect(faultAlerts(e)).toEqual(fault === 'refused' ? ['sensor_range', 'sensor_silent'] : fault === null ? ['sensor_silent'] : ['sensor_stuck']);
      expect(flood(e)!.heldSince).toBeDefined();
    }
  });

  it('resolved by a person while held, it is not raised again by the distrusted readings; trusted ones at Siaga 2 raise it', () => {
    const e = inFlood();
    feed(e, 60, Array(10).fill(0));
    const held = flood(e)!;
    e.applyExternal({ type: 'resolved', at: T0 + 70 * MIN, by: 'budi', alert: { ...held, state: 'resolved', resolvedAt: T0 + 70 * MIN, resolvedBy: 'budi' } });
    expect(feed(e, 70, Array(240).fill(0)).filter((ev) => ev.type === 'raised')).toEqual([]);
    const raised = feed(e, 310, [225, 226]).filter((ev) => ev.type === 'raised');
    expect(raised.map((ev) => ev.alert.level)).toEqual([2]);
  });

  it('resolved by a person while held, a first reading back that the level holds over (a fall not yet confirmed) raises nothing', () => {
    // a 10-min gauge at Siaga 2 (226 cm) drops out to 0 at 13:00; at 13:25 a person who checked the staff gauge resolves
    // the held alert; the gauge comes back two hours later at 150 cm (normal). Before: a new Siaga 2 alert, critical,
    // with 226 cm (the level before the dropout) as its value, paged at 15:30 and escalated at 15:50
    const e = createDetectionEngine({ catalog: CATALOG });
    const tenMin = (from: number, wls: readonly number[]) =>
      wls.flatMap((wl, i) => {
        const ts = T0 + (from + 10 * i) * MIN;
        return [...e.tick(ts), ...e.observe(reading(ID, 'flood', ts, { water_level: wl }))].filter((ev) => ev.alert.rule === 'flood_level');
      });
    tenMin(0, Array.from({ length: 30 }, (_, i) => 225 + (i % 2)));
    tenMin(300, [0, 0, 0]);
    const held = flood(e)!;
    e.applyExternal({ type: 'resolved', at: T0 + 325 * MIN, by: 'budi', alert: { ...held, state: 'resolved', resolvedAt: T0 + 325 * MIN, resolvedBy: 'budi' } });
    expect(tenMin(330, [...Array(12).fill(0), 150, 149, 148, 147, 146, 145])).toEqual([]);
    // still at Siaga 2 when it comes back (a flood the person did not see go on): raised as ever
    const again = createDetectionEngine({ catalog: CATALOG });
    const ts = (m: number) => T0 + m * MIN;
    for (let m = 0; m < 300; m += 10) again.observe(reading(ID, 'flood', ts(m), { water_level: 225 + ((m / 10) % 2) }));
    for (const m of [300, 310, 320]) again.observe(reading(ID, 'flood', ts(m), { water_level: 0 }));
    const a = again.openAlerts().find((x) => x.rule === 'flood_level')!;
    again.applyExternal({ type: 'resolved', at: ts(325), by: 'budi', alert: { ...a, state: 'resolved', resolvedAt: ts(325), resolvedBy: 'budi' } });
    for (let m = 330; m < 450; m += 10) again.observe(reading(ID, 'flood', ts(m), { water_level: 0 }));
    expect(again.observe(reading(ID, 'flood', ts(450), { water_level: 226 })).filter((ev) => ev.type === 'raised').map((ev) => [ev.alert.level, ev.alert.value])).toEqual([[2, 226]]);
  });
});

describe('a held flood alert over an ingest restart (or a handover)', () => {
  /** A new engine that took up `e`'s open alerts as the ingest restores them at start. */
  function restarted(e: ReturnType<typeof createDetectionEngine>) {
    const next = createDetectionEngine({ catalog: CATALOG });
    for (const alert of e.openAlerts()) next.applyExternal({ type: 'raised', at: alert.updatedAt, by: 'pantau', alert });
    return next;
  }

  it('stays held from when its fault began while the fault goes on: no release and new hold dated at the restart', () => {
    for (const fault of [0, null] as const) {
      const e = inFlood();
      feed(e, 60, Array(30).fill(fault));
      const held = flood(e)!;
      const since = fault === 0 ? '4 Mar 09:00' : '4 Mar 08:59';
      expect(held.explanation.en).toContain(`since ${since} WITA`);
      const e2 = restarted(e);
      // before: released at the first tick (no note), then held again "since 09:30" (zeros) or "since 09:34" (silence)
      expect(feed(e2, 90, Array(60).fill(fault))).toEqual([]);
      expect([flood(e2)!.id, flood(e2)!.heldSince]).toEqual([held.id, held.heldSince]);
      expect(flood(e2)!.explanation.en).toContain(`since ${since} WITA`);
      // the first trusted reading releases it, as without the restart
      feed(e2, 150, [225, 226]);
      expect(flood(e2)!.heldSince).toBeUndefined();
      expect(flood(e2)!.id).toBe(held.id);
    }
  });

  it('released by the first reading if the gauge is back when the ingest starts', () => {
    const e = inFlood();
    feed(e, 60, Array(30).fill(0));
    const e2 = restarted(e);
    const back = feed(e2, 90, Array.from({ length: 20 }, (_, i) => 150 - (i % 2)));
    expect(back.find((ev) => ev.type === 'updated')?.alert.heldSince).toBeUndefined();
    // closed after its quiet period of trusted readings
    expect(back.find((ev) => ev.type === 'resolved')!.at).toBeGreaterThanOrEqual(T0 + 95 * MIN);
  });
});
