import { describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../src/lib/core/alert';
import { applyAlertAction } from '../../src/lib/core/alert-lifecycle';
import { indexSensors } from '../../src/lib/core/sensor';
import { createAlertPolicy, type AlertPolicyOptions } from './alert-policy';
import { ALERT_POLICY_DEFAULTS, autoResolveQuietMs } from './alert-policy-options';
import { BENANGA, CATALOG, GUNUNG_LINGAI, MIN, ROAD, T0, finding } from './test-support';

const S = 1000;
const sensors = indexSensors(CATALOG);
const policy = (o: Partial<AlertPolicyOptions> = {}) => createAlertPolicy(sensors, o);
const NO_ESCALATION = { escalateAfterMs: { info: null, warning: null, critical: null } };
const types = (events: AlertEvent[]) => events.map((e) => e.type);
const quiet = finding({ active: false, severity: 'info', level: 0 });

function act(p: ReturnType<typeof policy>, action: 'acknowledge' | 'resolve', at: number) {
  const e = applyAlertAction(p.openAlerts()[0], { alertId: p.openAlerts()[0].id, action }, 'operator', at);
  if (!('type' in e)) throw new Error(e.detail);
  p.applyExternal(e);
  return e;
}

describe('alert policy', () => {
  it('raises after the minimum active duration (60 s), with id sensor:rule:raisedAt', () => {
    const p = policy();
    expect(p.onFinding(ROAD, finding(), T0)).toEqual([]);
    expect(p.onFinding(ROAD, finding(), T0 + 59 * S)).toEqual([]);
    const [e] = p.onFinding(ROAD, finding(), T0 + 60 * S);
    expect(e.type).toBe('raised');
    expect(e.by).toBe('pantau');
    expect(e.alert).toMatchObject({ id: `road-1:congestion:${T0 + 60 * S}`, sensorName: 'Jl. Slamet Riyadi', district: 'Samarinda Seberang', state: 'raised', level: 2 });
  });

  it('an inactive finding before the minimum duration restarts the wait', () => {
    const p = policy();
    p.onFinding(ROAD, finding(), T0);
    p.onFinding(ROAD, quiet, T0 + 30 * S);
    expect(p.onFinding(ROAD, finding(), T0 + 60 * S)).toEqual([]);
    expect(types(p.onFinding(ROAD, finding(), T0 + 120 * S))).toEqual(['raised']);
  });

  it('raises flood_level at Siaga 2 at once but waits at Siaga 3', () => {
    const p = policy();
    expect(p.onFinding(GUNUNG_LINGAI, finding({ rule: 'flood_level', level: 1 }), T0)).toEqual([]);
    expect(types(p.onFinding(GUNUNG_LINGAI, finding({ rule: 'flood_level', level: 2, severity: 'critical' }), T0 + S))).toEqual(['raised']);
  });

  it('the clock raises a pending finding once the next reading is overdue by half an interval', () => {
    const p = policy();
    p.onFinding(ROAD, finding(), T0);
    expect(p.tick(T0 + 60 * S)).toEqual([]);
    expect(p.tick(T0 + 89 * S)).toEqual([]);
    expect(types(p.tick(T0 + 90 * S))).toEqual(['raised']);
  });

  it('dedupes: one open alert per sensor+rule; worse is `escalated`, better `updated`, with the new severity', () => {
    const p = policy({ minActiveMs: 0 });
    p.onFinding(ROAD, finding(), T0);
    expect(p.onFinding(ROAD, finding({ value: 18 }), T0 + S)).toEqual([]);
    const [u] = p.onFinding(ROAD, finding({ level: 3, severity: 'critical' }), T0 + 2 * S);
    expect([u.type, u.alert.severity, u.alert.level, u.alert.raisedAt, u.alert.worsenedAt]).toEqual(['escalated', 'critical', 3, T0, T0 + 2 * S]);
    const [d] = p.onFinding(ROAD, finding({ level: 2, severity: 'warning' }), T0 + 3 * S);
    expect([d.type, d.alert.severity, d.alert.level]).toEqual(['updated', 'warning', 2]);
    // back to a level it already had: no second page for a wobble
    const [b] = p.onFinding(ROAD, finding({ level: 3, severity: 'critical' }), T0 + 4 * S);
    expect([b.type, b.alert.level]).toEqual(['updated', 3]);
    expect(p.openAlerts()).toHaveLength(1);
  });

  it('names the field of the value on raise and drops it when the value is the usual measure again', () => {
    const p = policy({ minActiveMs: 0 });
    const [r] = p.onFinding(ROAD, finding({ value: 45, valueField: 'occupancy' }), T0);
    expect([r.type, r.alert.value, r.alert.valueField]).toEqual(['raised', 45, 'occupancy']);
    const [u] = p.onFinding(ROAD, finding({ value: 12, level: 3, severity: 'critical' }), T0 + S);
    expect([u.type, u.alert.value, 'valueField' in u.alert]).toEqual(['escalated', 12, false]);
  });

  it('resolves only after 5.5 intervals (here 5.5 min) without an active finding (hysteresis)', () => {
    const p = policy({ minActiveMs: 0 });
    p.onFinding(ROAD, finding(), T0);
    expect(p.onFinding(ROAD, quiet, T0 + MIN)).toEqual([]);
    expect(p.tick(T0 + 5.5 * MIN - 1)).toEqual([]);
    const [r] = p.tick(T0 + 5.5 * MIN);
    expect([r.type, r.alert.state, r.alert.resolvedBy]).toEqual(['resolved', 'resolved', 'pantau']);
    expect(p.openAlerts()).toEqual([]);
  });

  it('an active finding within the quiet period keeps the alert open', () => {
    const p = policy({ minActiveMs: 0 });
    p.onFinding(ROAD, finding(), T0);
    p.onFinding(ROAD, quiet, T0 + MIN);
    p.onFinding(ROAD, finding(), T0 + 4 * MIN);
    expect(p.tick(T0 + 9 * MIN)).toEqual([]);
    expect(types(p.tick(T0 + 9.5 * MIN))).toEqual(['resolved']);
  });

  it('keeps a flapping alert open: the 3rd raise within an hour no longer auto-resolves', () => {
    const p = policy({ minActiveMs: 0, ...NO_ESCALATION });
    const cycle = (start: number) => {
      const raised = p.onFinding(ROAD, finding(), start);
      return [...raised, ...p.tick(start + 5.5 * MIN)];
    };
    expect(types(cycle(T0))).toEqual(['raised', 'resolved']);
    expect(types(cycle(T0 + 10 * MIN))).toEqual(['raised', 'resolved']);
    expect(types(cycle(T0 + 20 * MIN))).toEqual(['raised']);
    expect(p.tick(T0 + 60.5 * MIN - 1)).toEqual([]);
    expect(types(p.tick(T0 + 60.5 * MIN))).toEqual(['resolved']); // the first raise left the window (to the next half interval)
  });

  it('escalates an unacknowledged critical alert after 10 min, a warning after 30 min one step up', () => {
    const p = policy({ minActiveMs: 0 });
    p.onFinding(ROAD, finding({ severity: 'critical', level: 3 }), T0);
    p.onFinding(GUNUNG_LINGAI, finding({ rule: 'rate_of_rise', severity: 'warning', level: 2 }), T0);
    const keep = (t: number) => {
      p.onFinding(ROAD, finding({ severity: 'critical', level: 3 }), t);
      p.onFinding(GUNUNG_LINGAI, finding({ rule: 'rate_of_rise', severity: 'warning', level: 2 }), t);
    };
    keep(T0 + 9 * MIN);
    expect(p.tick(T0 + 10 * MIN - 1)).toEqual([]);
    const [c] = p.tick(T0 + 10 * MIN);
    expect([c.type, c.alert.escalated, c.alert.severity, c.alert.sensorId]).toEqual(['escalated', true, 'critical', 'road-1']);
    for (let m = 12; m <= 30; m += 3) keep(T0 + m * MIN);
    const [w] = p.tick(T0 + 30 * MIN);
    expect([w.type, w.alert.severity, w.alert.sensorId]).toEqual(['escalated', 'critical', 'gunung-lingai']);
    expect(p.tick(T0 + 31 * MIN)).toEqual([]); // once only
  });

  it('a change after an acknowledgement is stamped after it, even from readings stamped earlier', () => {
    // the web keeps the newest copy by updatedAt: a sensor running 7 min behind the web's clock
    // escalated after an acknowledgement with an older stamp, and the console kept "acknowledged"
    const p = policy({ minActiveMs: 0 });
    p.onFinding(ROAD, finding(), T0);
    const ack = act(p, 'acknowledge', T0 + 10 * MIN);
    const [u] = p.onFinding(ROAD, finding({ level: 3, severity: 'critical' }), T0 + 3 * MIN);
    expect(u.type).toBe('escalated');
    expect(u.alert.updatedAt).toBeGreaterThan(ack.alert.updatedAt);
    const [d] = p.onFinding(ROAD, finding({ level: 2, severity: 'warning' }), T0 + 4 * MIN);
    expect(d.alert.updatedAt).toBeGreaterThan(u.alert.updatedAt);
    // events are stored at their time: each after the one before, so the last by time is the newest
    expect(d.at).toBe(d.alert.updatedAt);
    // the time-based escalation too (a comment within the sensor's lag is stamped later than its reading)
    const late = policy({ minActiveMs: 0 });
    late.onFinding(ROAD, finding({ severity: 'critical', level: 3 }), T0);
    const comment = applyAlertAction(late.openAlerts()[0], { action: 'comment', alertId: late.openAlerts()[0].id, text: 'on my way' }, 'sari', T0 + 20 * MIN);
    if ('ok' in comment) throw new Error(comment.detail);
    late.applyExternal(comment);
    for (let m = 1; m <= 10; m++) late.onFinding(ROAD, finding({ severity: 'critical', level: 3 }), T0 + m * MIN);
    const [esc] = late.tick(T0 + 11 * MIN).filter((e) => e.type === 'escalated');
    expect(esc.at).toBe(esc.alert.updatedAt);
    expect(esc.at).toBeGreaterThan(comment.alert.updatedAt);
    const [r] = p.tick(T0 + 40 * MIN).filter((e) => e.alert.sensorId === ROAD.id);
    expect([r.type, r.at >= d.at]).toEqual(['resolved', true]);
  });

  it('a sensor behind the clock: its resolution is stored after the worsening stamped on the clock (a restart read it open)', () => {
    let clock = T0;
    const p = createAlertPolicy(sensors, { minActiveMs: 0, ...NO_ESCALATION }, undefined, undefined, () => clock);
    const events: AlertEvent[] = [];
    clock = T0 + 30 * MIN;
    events.push(...p.onFinding(ROAD, finding(), T0));
    events.push(...p.onFinding(ROAD, finding({ level: 3, severity: 'critical' }), T0 + MIN));
    for (let m = 2; m <= 15; m++) events.push(...p.onFinding(ROAD, quiet, T0 + m * MIN));
    expect(types(events)).toEqual(['raised', 'escalated', 'resolved']);
    const byTime = [...events].sort((a, b) => a.at - b.at);
    expect(byTime.at(-1)?.type).toBe('resolved');
  });

  it('an acknowledged alert neither escalates nor loses its acknowledgement when it gets better', () => {
    const p = policy({ minActiveMs: 0 });
    p.onFinding(ROAD, finding({ level: 3, severity: 'critical' }), T0);
    act(p, 'acknowledge', T0 + MIN);
    const [u] = p.onFinding(ROAD, finding({ level: 2, severity: 'warning' }), T0 + 2 * MIN);
    expect([u.type, u.alert.state, u.alert.acknowledgedBy]).toEqual(['updated', 'acknowledged', 'operator']);
    p.onFinding(ROAD, finding({ level: 2, severity: 'warning' }), T0 + 4 * MIN);
    expect(p.tick(T0 + 40 * MIN).map((e) => e.type)).toEqual(['resolved']);
  });

  it('an acknowledged alert that gets worse asks to be acknowledged again, and escalates from then if nobody does', () => {
    // Siaga 3 acknowledged, then Siaga 2: as an update it paged nobody (the ack was for the milder one)
    const p = policy({ minActiveMs: 0 });
    p.onFinding(ROAD, finding(), T0);
    const ack = act(p, 'acknowledge', T0 + MIN);
    const [u] = p.onFinding(ROAD, finding({ level: 3, severity: 'critical' }), T0 + 2 * MIN);
    expect([u.type, u.alert.state, u.alert.acknowledgedBy, u.alert.worsenedAt]).toEqual(['escalated', 'raised', undefined, T0 + 2 * MIN]);
    // a late echo of the old acknowledgement does not acknowledge the worse condition
    p.applyExternal(ack);
    expect(p.openAlerts()[0].state).toBe('raised');
    // the escalation timer runs from the worsening, not from the first raise
    for (let m = 3; m < 30; m++) p.onFinding(ROAD, finding({ level: 3, severity: 'critical' }), T0 + m * MIN);
    const escalated = (at: number) => p.tick(at).filter((e) => e.type === 'escalated');
    const first = Array.from({ length: 23 }, (_, i) => i + 3).find((m) => escalated(T0 + m * MIN).length > 0);
    expect(first).toBeDefined();
    expect(first! * MIN).toBeGreaterThanOrEqual(2 * MIN + ALERT_POLICY_DEFAULTS.escalateAfterMs.critical!);
    // a new acknowledgement holds
    act(p, 'acknowledge', T0 + 30 * MIN);
    expect(p.openAlerts()[0].state).toBe('acknowledged');
  });

  it('an acknowledgement made on a stale copy keeps our newer level, unless the alert got worse since that copy', () => {
    const p = policy({ minActiveMs: 0 });
    p.onFinding(ROAD, finding({ level: 3, severity: 'critical' }), T0);
    const stale = p.openAlerts()[0];
    p.onFinding(ROAD, finding({ level: 2, severity: 'warning' }), T0 + MIN);
    const ack = applyAlertAction(stale, { alertId: stale.id, action: 'acknowledge' }, 'operator', T0 + 2 * MIN);
    if (!('type' in ack)) throw new Error(ack.detail);
    p.applyExternal(ack);
    expect(p.openAlerts()[0]).toMatchObject({ state: 'acknowledged', level: 2, severity: 'warning', acknowledgedAt: T0 + 2 * MIN });
    // a copy from before a worsening: its acknowledgement was for the milder state (a version, not a time)
    const q = policy({ minActiveMs: 0 });
    q.onFinding(ROAD, finding(), T0);
    const before = q.openAlerts()[0];
    q.onFinding(ROAD, finding({ level: 3, severity: 'critical' }), T0 + MIN);
    const late = applyAlertAction(before, { alertId: before.id, action: 'acknowledge' }, 'operator', T0 + 5 * MIN);
    if (!('type' in late)) throw new Error(late.detail);
    q.applyExternal(late);
    expect(q.openAlerts()[0].state).toBe('raised');
    const current = q.openAlerts()[0];
    const seen = applyAlertAction(current, { alertId: current.id, action: 'acknowledge' }, 'operator', T0 + 6 * MIN);
    if (!('type' in seen)) throw new Error(seen.detail);
    q.applyExternal(seen);
    expect(q.openAlerts()[0].state).toBe('acknowledged');
  });

  it('the worst level so far survives a restart: back to it after a dip pages nobody', () => {
    const p = policy({ minActiveMs: 0 });
    p.onFinding(ROAD, finding({ level: 3, severity: 'critical' }), T0);
    act(p, 'acknowledge', T0 + MIN);
    p.onFinding(ROAD, finding({ level: 2, severity: 'warning' }), T0 + 2 * MIN);
    const stored = p.openAlerts()[0];
    expect([stored.peakLevel, stored.peakSeverity]).toEqual([3, 'critical']);
    const q = policy({ minActiveMs: 0 });
    q.applyExternal({ type: 'updated', at: stored.updatedAt, by: 'pantau', alert: stored });
    const [u] = q.onFinding(ROAD, finding({ level: 3, severity: 'critical' }), T0 + 4 * MIN);
    expect([u.type, u.alert.state]).toEqual(['updated', 'acknowledged']);
  });

  it('a person resolving a still-active condition: re-raise only after the quiet period, with a new id', () => {
    const p = policy({ minActiveMs: 0 });
    p.onFinding(ROAD, finding(), T0);
    act(p, 'resolve', T0 + MIN);
    expect(p.openAlerts()).toEqual([]);
    expect(p.onFinding(ROAD, finding(), T0 + 2 * MIN)).toEqual([]);
    expect(p.onFinding(ROAD, finding(), T0 + 6.5 * MIN - 1)).toEqual([]);
    const [e] = p.onFinding(ROAD, finding(), T0 + 6.5 * MIN);
    expect([e.type, e.alert.id]).toEqual(['raised', `road-1:congestion:${T0 + 6.5 * MIN}`]);
  });

  it('a person resolving a still-active condition: worse than what they resolved raises at once', () => {
    const p = policy({ ...NO_ESCALATION });
    const siaga = (level: number) => finding({ rule: 'flood_level', level, severity: 'warning' });
    const feed = (level: number, from: number, to: number) => {
      const out: AlertEvent[] = [];
      for (let t = from; t <= to; t += MIN) out.push(...p.onFinding(GUNUNG_LINGAI, siaga(level), t));
      return out;
    };
    expect(types(feed(1, T0, T0 + 3 * MIN))).toEqual(['raised']);
    act(p, 'resolve', T0 + 4 * MIN);
    const quietEnds = T0 + 4 * MIN + autoResolveQuietMs(ALERT_POLICY_DEFAULTS, 'flood_level', MIN);
    // the same Siaga 3 waits out the quiet period (as above) ...
    expect(feed(1, T0 + 5 * MIN, T0 + 6 * MIN)).toEqual([]);
    // ... Siaga 2 is worse than what was resolved: only the usual minimum duration, well before the quiet period ends
    const raised = feed(2, T0 + 7 * MIN, T0 + 9 * MIN);
    expect(raised.map((e) => [e.type, e.alert.level])).toEqual([['raised', 2]]);
    expect(raised[0].at).toBeLessThan(quietEnds);
  });

  it('adopts open alerts rebuilt from storage and resolves them a quiet period after the first look', () => {
    const p = policy({ minActiveMs: 0, ...NO_ESCALATION });
    const [raised] = createAlertPolicy(sensors, { minActiveMs: 0 }).onFinding(ROAD, finding(), T0);
    p.applyExternal(raised);
    expect(p.openAlerts().map((a) => a.id)).toEqual([raised.alert.id]);
    expect(p.tick(T0 + 60 * MIN)).toEqual([]); // first look after restart: starts the quiet period
    expect(p.onFinding(ROAD, finding(), T0 + 61 * MIN)).toEqual([]); // same alert, no duplicate
    expect(p.tick(T0 + 66 * MIN)).toEqual([]);
    expect(types(p.tick(T0 + 66.5 * MIN))).toEqual(['resolved']);
    p.applyExternal(raised); // a late echo of the closed alert is not adopted again
    expect(p.openAlerts()).toEqual([]);
  });

  it('ignores events for sensors outside the catalog and stays at one entry per sensor+rule', () => {
    const p = policy({ minActiveMs: 0 });
    const [e] = p.onFinding(ROAD, finding(), T0);
    p.applyExternal({ ...e, alert: { ...e.alert, sensorId: 'elsewhere' } });
    for (let i = 0; i < 100_000; i++) p.onFinding(ROAD, finding({ active: i % 7 !== 0 }), T0 + i * S);
    expect(p.size()).toBe(1);
    expect(p.openAlerts()).toHaveLength(1);
  });

  it('raises sensor_stuck on its second active finding in a row (a lone 0 is a spike), congestion only after a minute', () => {
    const p = policy();
    const stuck = finding({ rule: 'sensor_stuck', category: 'maintenance' });
    expect(p.onFinding(ROAD, stuck, T0)).toHaveLength(0);
    p.onFinding(ROAD, finding({ rule: 'sensor_stuck', active: false }), T0 + 60_000);
    expect(p.onFinding(ROAD, stuck, T0 + 2 * 60_000)).toHaveLength(0);
    expect(p.onFinding(ROAD, stuck, T0 + 3 * 60_000)).toHaveLength(1);
    expect(p.onFinding(ROAD, finding(), T0)).toHaveLength(0);
  });

  it('raises statistical only after 5 min of active findings in a row', () => {
    const p = policy();
    const stat = finding({ rule: 'statistical', severity: 'info', level: 1 });
    expect(p.onFinding(ROAD, stat, T0)).toHaveLength(0);
    expect(p.onFinding(ROAD, stat, T0 + 4 * 60_000)).toHaveLength(0);
    p.onFinding(ROAD, finding({ rule: 'statistical', active: false }), T0 + 4.5 * 60_000); // one normal reading: starts over
    expect(p.onFinding(ROAD, stat, T0 + 5 * 60_000)).toHaveLength(0);
    expect(p.onFinding(ROAD, stat, T0 + 10 * 60_000)).toHaveLength(1);
  });

  it('forces sensor fault rules into maintenance', () => {
    const p = policy({ minActiveMs: 0, minActiveByRule: { sensor_stuck: 0 } });
    const [e] = p.onFinding(ROAD, finding({ rule: 'sensor_stuck', category: 'emergency' }), T0);
    expect(e.alert.category).toBe('maintenance');
  });
});

describe('alert policy timings follow the reporting interval', () => {
  const GAUGE_10 = { ...GUNUNG_LINGAI, id: 'gauge-10', intervalS: 600 };
  const sensors10 = indexSensors({ city: 'x', districts: [], sensors: [GAUGE_10, ROAD] });
  const policy10 = (o: Partial<AlertPolicyOptions> = {}) => createAlertPolicy(sensors10, o);
  const siaga3 = finding({ rule: 'flood_level', level: 1, severity: 'warning' });
  const upstream = finding({ rule: 'upstream_warning', level: 1 });

  it('one alert per episode at a 10-minute gauge: readings every 10 min keep it open, it resolves 5.5 intervals after the last', () => {
    const p = policy10(NO_ESCALATION);
    const events: AlertEvent[] = [];
    for (let m = 0; m <= 24 * 60; m += 10) {
      events.push(...p.tick(T0 + m * MIN), ...p.onFinding(GAUGE_10, siaga3, T0 + m * MIN));
    }
    expect(types(events)).toEqual(['raised']);
    const last = T0 + 24 * 60 * MIN;
    p.onFinding(GAUGE_10, { ...siaga3, active: false }, last + 10 * MIN);
    expect(p.tick(last + 55 * MIN - 1)).toEqual([]);
    expect(types(p.tick(last + 55 * MIN))).toEqual(['resolved']);
  });

  it('the fixed 5-minute floor still holds at a sensor reporting every 30 s (to the next half interval: its 10th reading is due at 5 min)', () => {
    const fast = { ...ROAD, id: 'road-30s', intervalS: 30 };
    const p = createAlertPolicy(indexSensors({ city: 'x', districts: [], sensors: [fast] }), { minActiveMs: 0, ...NO_ESCALATION });
    p.onFinding(fast, finding(), T0);
    expect(p.tick(T0 + 5 * MIN + 15 * S - 1)).toEqual([]);
    expect(types(p.tick(T0 + 5 * MIN + 15 * S))).toEqual(['resolved']);
  });

  it('a warning back with the reading due as its quiet period ends is still the same alert, whichever comes first', () => {
    // Quiet readings at 10–40 min, active again with the 5th reading at 50 min (the clock ticks at 50 min first).
    const p = policy10({ minActiveMs: 0, ...NO_ESCALATION });
    p.onFinding(GAUGE_10, upstream, T0);
    p.onFinding(GAUGE_10, { ...upstream, active: false }, T0 + 10 * MIN);
    expect(p.tick(T0 + 50 * MIN)).toEqual([]);
    expect(p.onFinding(GAUGE_10, upstream, T0 + 50 * MIN)).toEqual([]);
    expect(p.openAlerts()).toHaveLength(1);
  });

  it('a finding back with the reading due as a quiet period or hold ends: the same alerts whichever comes first, at 30 s to 1 h', () => {
    // A hold of whole intervals ended as a reading was due: the clock first resolved the alert and
    // the reading raised a new one, the reading first kept it open (bench:rivers: L'Orbieu à
    // Lagrasse, 22 Jan 2020, a statistical hold of 20 intervals closed at 07:20, raised at 07:30).
    const rules = [finding({ rule: 'upstream_warning', level: 1 }), finding({ rule: 'sensor_spike', severity: 'info', level: 1 }), finding({ rule: 'statistical', severity: 'info', level: 1 })];
    for (const intervalS of [30, 60, 600, 3600]) {
      const gauge = { ...GAUGE_10, id: `gauge-${intervalS}`, intervalS };
      const gauges = indexSensors({ city: 'x', districts: [], sensors: [gauge] });
      const step = intervalS * S;
      for (const f of rules) {
        const o = { ...NO_ESCALATION, minActiveMs: 0, minActiveByRule: { [f.rule]: 0 } };
        const last = Math.ceil(autoResolveQuietMs({ ...ALERT_POLICY_DEFAULTS, ...o }, f.rule, step) / step) + 1;
        // Active, one quiet reading (the engine passes on changes only), back with reading `back`;
        // the clock ticks every quarter interval, and with each reading first or after it.
        const run = (back: number, clockFirst: boolean) => {
          const p = createAlertPolicy(gauges, o);
          const events = p.onFinding(gauge, f, T0);
          for (let j = 1; j <= back; j++) {
            const t = T0 + j * step;
            for (const q of [3, 2, 1]) events.push(...p.tick(t - (q * step) / 4));
            const reading = () => (j === back ? p.onFinding(gauge, f, t) : j === 1 ? p.onFinding(gauge, { ...f, active: false, level: 0 }, t) : []);
            if (clockFirst) events.push(...p.tick(t), ...reading());
            else events.push(...reading(), ...p.tick(t));
          }
          return types(events);
        };
        for (let back = 1; back <= last; back++) expect(run(back, true), `${f.rule} at ${intervalS} s, back with reading ${back}`).toEqual(run(back, false));
      }
    }
  });

  it('a flapping alert back with the reading due as its flap window ends: one alert whichever comes first', () => {
    // Three raises 7 intervals apart hold the third open until the first leaves the window (20
    // intervals at 10 min, the hour at 1 min). A window ending on a reading time let the clock first
    // resolve it and that reading raise, and page, a new alert.
    for (const [intervalS, windowIntervals] of [[600, 20], [60, 60]]) {
      const gauge = { ...GAUGE_10, id: `gauge-${intervalS}`, intervalS };
      const gauges = indexSensors({ city: 'x', districts: [], sensors: [gauge] });
      const step = intervalS * S;
      const f = finding({ rule: 'upstream_warning', level: 1 });
      const active = new Set([0, 7, 14, windowIntervals]);
      const run = (clockFirst: boolean) => {
        const p = createAlertPolicy(gauges, { ...NO_ESCALATION, minActiveMs: 0, minActiveByRule: { upstream_warning: 0 } });
        const events: AlertEvent[] = [];
        for (let j = 0; j <= windowIntervals; j++) {
          const t = T0 + j * step;
          for (const q of [3, 2, 1]) events.push(...p.tick(t - (q * step) / 4));
          const reading = () => p.onFinding(gauge, active.has(j) ? f : { ...f, active: false, level: 0 }, t);
          if (clockFirst) events.push(...p.tick(t), ...reading());
          else events.push(...reading(), ...p.tick(t));
        }
        return types(events);
      };
      const flapping = ['raised', 'resolved', 'raised', 'resolved', 'raised'];
      expect(run(true), `at ${intervalS} s, clock first`).toEqual(flapping);
      expect(run(false), `at ${intervalS} s, reading first`).toEqual(flapping);
    }
  });

  it('a sensor fault holds its maintenance alert for 12½ intervals: a gauge spiking twice in two hours is one fault', () => {
    const p = policy10({ minActiveMs: 0, ...NO_ESCALATION });
    const spike = finding({ rule: 'sensor_spike', severity: 'info', level: 1 });
    expect(types(p.onFinding(GAUGE_10, spike, T0))).toEqual(['raised']);
    p.onFinding(GAUGE_10, { ...spike, active: false }, T0 + 10 * MIN);
    expect(p.tick(T0 + 100 * MIN)).toEqual([]);
    expect(p.onFinding(GAUGE_10, spike, T0 + 100 * MIN)).toEqual([]); // the second spike: same alert
    p.onFinding(GAUGE_10, { ...spike, active: false }, T0 + 110 * MIN);
    expect(p.tick(T0 + 225 * MIN - 1)).toEqual([]);
    expect(types(p.tick(T0 + 225 * MIN))).toEqual(['resolved']);
  });

  it('a sensor faulting a third time within a day keeps its maintenance alert open while the faults keep coming', () => {
    const p = policy10({ minActiveMs: 0, ...NO_ESCALATION });
    const spike = finding({ rule: 'sensor_spike', severity: 'info', level: 1 });
    const events: AlertEvent[] = [];
    // spikes 4 h apart (Marseillette, January 2020): each alert closes 12 intervals after its spike
    for (const h of [0, 4, 8]) {
      events.push(...p.onFinding(GAUGE_10, spike, T0 + h * 60 * MIN), ...p.onFinding(GAUGE_10, { ...spike, active: false }, T0 + (h * 60 + 10) * MIN));
      events.push(...p.tick(T0 + (h * 60 + 130) * MIN));
    }
    expect(types(events)).toEqual(['raised', 'resolved', 'raised', 'resolved', 'raised']);
    // the third stays open: three raises within a day
    expect(p.tick(T0 + 23 * 60 * MIN)).toEqual([]);
    // a day (to the next half interval) after the first of them, quiet since: it closes itself
    expect(p.tick(T0 + (24 * 60 + 5) * MIN - 1)).toEqual([]);
    expect(types(p.tick(T0 + (24 * 60 + 5) * MIN))).toEqual(['resolved']);
  });

  it('minimum duration: at 10 min the second active reading raises; a quiet one in between restarts', () => {
    const p = policy10(NO_ESCALATION);
    expect(p.onFinding(GAUGE_10, upstream, T0)).toEqual([]);
    expect(p.tick(T0 + 10 * MIN - 1)).toEqual([]);
    expect(types(p.onFinding(GAUGE_10, upstream, T0 + 10 * MIN))).toEqual(['raised']);
    const q = policy10(NO_ESCALATION);
    q.onFinding(GAUGE_10, upstream, T0);
    q.onFinding(GAUGE_10, { ...upstream, active: false }, T0 + 10 * MIN);
    expect(q.onFinding(GAUGE_10, upstream, T0 + 20 * MIN)).toEqual([]);
  });

  it('the statistical hint (5 min minimum) raises at a 10-minute interval: its pending finding outlives the gap', () => {
    const p = policy10(NO_ESCALATION);
    const stat = finding({ rule: 'statistical', severity: 'info', level: 1 });
    expect(p.onFinding(GAUGE_10, stat, T0)).toEqual([]);
    expect(p.tick(T0 + 9 * MIN)).toEqual([]);
    expect(types(p.onFinding(GAUGE_10, stat, T0 + 10 * MIN))).toEqual(['raised']);
  });

  it('a late reading: the clock raises a pending finding only when the next one is overdue by half an interval', () => {
    const p = policy10(NO_ESCALATION);
    p.onFinding(GAUGE_10, upstream, T0);
    expect(p.tick(T0 + 14 * MIN)).toEqual([]);
    expect(types(p.tick(T0 + 15 * MIN))).toEqual(['raised']);
  });

  it('a statistical alert resolves only after a whole flap window (20½ intervals) without a finding: a pattern back an hour later is the same alert', () => {
    const p = policy10(NO_ESCALATION);
    const pattern = finding({ rule: 'statistical', severity: 'info', level: 1 });
    const normal = finding({ rule: 'statistical', active: false, severity: 'info', level: 0 });
    const events: AlertEvent[] = [];
    // Active for one block (3 readings), normal for 5 readings, active again: L'Aude à Alet-les-Bains, 21 Jan.
    for (let m = 0; m <= 120; m += 10) events.push(...p.tick(T0 + m * MIN), ...p.onFinding(GAUGE_10, m <= 20 || m >= 80 ? pattern : normal, T0 + m * MIN));
    // One alert; held open while quiet, it says since when and until when (then the pattern is back)
    expect(types(events)).toEqual(['raised', 'updated', 'updated']);
    expect(events[1].alert).toMatchObject({ state: 'raised', quietSince: T0 + 20 * MIN, closesAt: T0 + 225 * MIN });
    expect(events[2].alert.quietSince).toBeUndefined();
    expect(events[2].alert.closesAt).toBeUndefined();
    // Never active again: resolves 205 min after the last active reading (120), not 55 min.
    expect(p.onFinding(GAUGE_10, normal, T0 + 130 * MIN)[0].alert).toMatchObject({ quietSince: T0 + 120 * MIN, closesAt: T0 + 325 * MIN });
    expect(p.tick(T0 + 324 * MIN)).toEqual([]);
    expect(types(p.tick(T0 + 325 * MIN))).toEqual(['resolved']);
    // A level rule keeps its own 5.5 intervals, and closes as its condition ends: nothing held to explain.
    const q = policy10(NO_ESCALATION);
    q.onFinding(GAUGE_10, upstream, T0);
    q.onFinding(GAUGE_10, upstream, T0 + 10 * MIN);
    expect(q.onFinding(GAUGE_10, { ...upstream, active: false }, T0 + 20 * MIN)).toEqual([]);
    expect(types(q.tick(T0 + 65 * MIN))).toEqual(['resolved']);
  });

  it('escalation waits at least two intervals, flapping counts over twenty', () => {
    const p = policy10({ minActiveMs: 0 });
    p.onFinding(GAUGE_10, finding({ rule: 'rate_of_rise', severity: 'critical', level: 3 }), T0);
    expect(p.tick(T0 + 19 * MIN).map((e) => e.type)).toEqual([]);
    expect(types(p.tick(T0 + 20 * MIN))).toEqual(['escalated']);
    const f = policy10({ minActiveMs: 0, ...NO_ESCALATION });
    // Three raises within 200 min (20 intervals, more than the 60-min floor): the third stays open.
    for (const start of [0, 51, 102]) {
      f.onFinding(GAUGE_10, upstream, T0 + start * MIN);
      f.tick(T0 + (start + 50) * MIN);
    }
    expect(f.openAlerts()).toHaveLength(1);
  });

  it('a renamed gauge: another gauge\'s open alert that names it (its upstream warning) takes the new name, and nothing else changes', () => {
    const named = new Map(sensors);
    const p = createAlertPolicy(named, { minActiveMs: 0, minActiveReadings: 1 });
    const warning = finding({ rule: 'upstream_warning', title: { id: 'Peringatan hulu · Gunung Lingai', en: 'Upstream warning · Gunung Lingai' }, explanation: { id: 'Benanga naik 35 cm', en: 'Benanga rose 35 cm' } });
    const [raised] = p.onFinding(GUNUNG_LINGAI, warning, T0);
    const road = p.onFinding(ROAD, finding({ explanation: { id: 'macet', en: 'jammed' } }), T0)[0].alert;
    const renamed = { ...BENANGA, name: 'Bendungan Benanga (Lempake)' };
    named.set(BENANGA.id, renamed);
    const events = p.relabel(renamed, T0 + MIN, 'Benanga');
    expect(events.map((e) => [e.type, e.alert.id, e.alert.sensorName, e.alert.explanation.en])).toEqual([
      ['updated', raised.alert.id, 'Gunung Lingai', 'Bendungan Benanga (Lempake) rose 35 cm']
    ]);
    expect(p.openAlerts().find((a) => a.id === road.id)).toEqual(road);
    // the same name again: nothing to say
    expect(p.relabel(renamed, T0 + 2 * MIN, renamed.name)).toEqual([]);
  });
});
