import { describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../src/lib/core/alert';
import { indexSensors } from '../../src/lib/core/sensor';
import { createAlertPolicy } from './alert-policy';
import { holdEntry, holdNote, releaseEntry, type Distrust } from './alert-hold';
import { NONE, newEntry } from './alert-entry';
import { CATALOG, GUNUNG_LINGAI, MIN, ROAD, T0, finding } from './test-support';

const sensors = indexSensors(CATALOG);
const noLag = () => 0;
const noClock = () => NaN;
/** A policy whose sensors' readings are distrusted while `state.d` is set (as the engine says through distrustOf). */
function policy(state: { d: Distrust | null }) {
  return createAlertPolicy(sensors, { escalateAfterMs: { info: null, warning: null, critical: null } }, (s) => s.intervalS * 1000, noLag, noClock, () => state.d);
}
const warning = finding({ rule: 'rate_of_rise', category: 'emergency', severity: 'warning', level: 2, explanation: { id: 'diperkirakan Siaga 2', en: 'expected at Siaga 2' } });
const quiet = finding({ rule: 'rate_of_rise', active: false, severity: 'info', level: 0 });
const closed = (events: AlertEvent[]) => events.filter((e) => e.type === 'resolved');

describe('alerts held while their readings are distrusted (faultHoldRules)', () => {
  it("a forecast warning is not closed by quiet findings or its quiet period while held, and closes on trusted readings' quiet", () => {
    const state: { d: Distrust | null } = { d: null };
    const p = policy(state);
    p.onFinding(GUNUNG_LINGAI, warning, T0);
    p.onFinding(GUNUNG_LINGAI, warning, T0 + MIN);
    expect(p.openAlerts().map((a) => a.rule)).toEqual(['rate_of_rise']);
    state.d = { since: T0 + 2 * MIN, rule: 'sensor_stuck' };
    const during: AlertEvent[] = [];
    for (let m = 2; m < 600; m++) during.push(...p.onFinding(GUNUNG_LINGAI, quiet, T0 + m * MIN), ...p.tick(T0 + m * MIN + 30_000));
    expect(closed(during)).toEqual([]);
    // told as held, the explanation kept with the note after it; then, its forecast run out 2 h on, as unchecked (alert-unchecked.test.ts)
    expect(during.map((e) => [e.type, e.at])).toEqual([['updated', T0 + 2 * MIN], ['updated', T0 + 122 * MIN]]);
    expect(during[0].alert.explanation.en).toMatch(/^expected at Siaga 2 Held: Gunung Lingai has sent a frozen value or a dropout to 0 since 4 Mar 08:02 WITA/);
    state.d = null;
    const [released] = p.tick(T0 + 600 * MIN);
    expect(released.type).toBe('updated');
    expect(released.alert.heldSince).toBeUndefined();
    expect(released.alert.explanation).toEqual(warning.explanation);
    // its quiet period starts with the trusted readings: 5.5 intervals of quiet
    const after: AlertEvent[] = [];
    for (let m = 600; m < 610; m++) after.push(...p.onFinding(GUNUNG_LINGAI, quiet, T0 + m * MIN), ...p.tick(T0 + m * MIN + 30_000));
    expect(closed(after).map((e) => e.at)).toEqual([T0 + 605 * MIN + 30_000]);
  });

  it('raises nothing while held (a pending finding is dropped), and leaves rules outside faultHoldRules alone', () => {
    const state: { d: Distrust | null } = { d: { since: T0, rule: 'sensor_silent' } };
    const p = policy(state);
    for (let m = 0; m < 30; m++) p.onFinding(GUNUNG_LINGAI, warning, T0 + m * MIN), p.tick(T0 + m * MIN + 30_000);
    expect(p.openAlerts()).toEqual([]);
    // congestion is no flood alert: raised as ever
    p.onFinding(ROAD, finding(), T0);
    expect(p.onFinding(ROAD, finding(), T0 + MIN).map((e) => e.type)).toEqual(['raised']);
  });

  it('a held alert restored after a restart is released once its readings count again, its note gone', () => {
    const state: { d: Distrust | null } = { d: { since: T0, rule: 'sensor_range' } };
    const p = policy({ d: null });
    p.onFinding(GUNUNG_LINGAI, warning, T0);
    p.onFinding(GUNUNG_LINGAI, warning, T0 + MIN);
    const before = policy(state);
    before.applyExternal({ type: 'raised', at: T0, by: 'pantau', alert: p.openAlerts()[0] });
    const [held] = before.tick(T0 + 2 * MIN);
    expect(held.alert.heldSince).toBe(T0);
    // a restart: the held alert is restored as stored; its readings are trusted now
    const after = policy({ d: null });
    after.applyExternal({ type: 'raised', at: held.at, by: 'pantau', alert: held.alert });
    const [released] = after.onFinding(GUNUNG_LINGAI, warning, T0 + 3 * MIN);
    expect(released.alert.heldSince).toBeUndefined();
    expect(released.alert.explanation).toEqual(warning.explanation);
  });
});

describe('an escalation of a held alert', () => {
  it('keeps the hold note when it takes its last finding\'s texts (a forecast time passed)', () => {
    const state: { d: Distrust | null } = { d: null };
    const p = createAlertPolicy(sensors, {}, (s) => s.intervalS * 1000, noLag, noClock, () => state.d);
    // a rise warning expecting Siaga 2 at 08:20; the gauge falls silent at 08:02, the warning unacknowledged
    const expecting = finding({ ...warning, expectedAt: T0 + 20 * MIN, explanation: { id: 'diperkirakan Siaga 2 ≈ 08.20', en: 'expected at Siaga 2 ≈ 08:20' } });
    p.onFinding(GUNUNG_LINGAI, expecting, T0);
    p.onFinding(GUNUNG_LINGAI, expecting, T0 + MIN);
    state.d = { since: T0 + 2 * MIN, rule: 'sensor_silent' };
    const events: AlertEvent[] = [];
    for (let m = 2; m < 40; m++) events.push(...p.tick(T0 + m * MIN));
    const escalated = events.find((e) => e.type === 'escalated')!;
    // the page to the backup (30 min after the raise, its time passed) says the readings are held, as the alert does
    expect(escalated.alert.heldSince).toBe(T0 + 2 * MIN);
    expect(escalated.alert.explanation.en).toMatch(/^expected at Siaga 2 ≈ 08:20 Held: Gunung Lingai has sent no readings since 4 Mar 08:02 WITA/);
    expect(escalated.alert.explanation.id).toMatch(/^diperkirakan Siaga 2 ≈ 08\.20 Ditahan: Gunung Lingai tidak mengirim pembacaan sejak 4 Mar 08:02 WITA/);
    // released by a trusted reading: the note goes, once
    state.d = null;
    const [released] = p.onFinding(GUNUNG_LINGAI, expecting, T0 + 40 * MIN);
    expect(released.alert.explanation.en).toBe('expected at Siaga 2 ≈ 08:20');
  });
});

describe('alert-hold answers', () => {
  it("answers no events with alert-entry's shared NONE, which the engine's hot path returns as is", () => {
    const e = newEntry(GUNUNG_LINGAI, 'rate_of_rise');
    expect(releaseEntry(undefined, T0, 'test')).toBe(NONE);
    expect(releaseEntry(e, T0, 'test')).toBe(NONE);
    expect(holdEntry(e, { since: T0, rule: 'sensor_stuck' }, T0, 'test')).toBe(NONE);
  });
});

describe('the hold note', () => {
  it('gives its start with its WITA day in both languages: a hold lasts days, and a bare clock time named none', () => {
    // 16:30 UTC on 4 Dec is 00:30 WITA on 5 Dec: the day is WITA's, not the process's
    const note = holdNote('Gunung Lingai', { since: Date.UTC(2024, 11, 4, 16, 30), rule: 'sensor_silent' });
    expect(note.en).toContain(' Held: Gunung Lingai has sent no readings since 5 Dec 00:30 WITA; ');
    expect(note.id).toContain(' Ditahan: Gunung Lingai tidak mengirim pembacaan sejak 5 Des 00:30 WITA; ');
  });

  it('a note written before the day was given (a stored alert read back after a restart) still goes on release', () => {
    const p = policy({ d: null });
    p.onFinding(GUNUNG_LINGAI, warning, T0);
    p.onFinding(GUNUNG_LINGAI, warning, T0 + MIN);
    const [raised] = p.openAlerts();
    const e = newEntry(GUNUNG_LINGAI, 'rate_of_rise');
    const old = {
      id: 'diperkirakan Siaga 2 Ditahan: Gunung Lingai tidak mengirim pembacaan sejak 08:02 WITA; Pantau tidak menurunkan atau menutup peringatan ini berdasarkan pembacaan tersebut. Periksa muka air dengan cara lain (papan duga, laporan petugas).',
      en: 'expected at Siaga 2 Held: Gunung Lingai has sent no readings since 08:02 WITA; Pantau does not lower or close this alert on those readings. Check the water by other means (staff gauge, field report).'
    };
    e.alert = { ...raised, explanation: old, heldSince: T0 + 2 * MIN };
    const [released] = releaseEntry(e, T0 + 10 * MIN, 'test');
    expect(released.alert.explanation).toEqual(warning.explanation);
  });
});
