import { describe, expect, it } from 'vitest';
import type { Alert, AlertStep } from '../../src/lib/core/alert';
import { applyAlertAction, MAX_ALERT_STEPS, mergeAlertCopies } from '../../src/lib/core/alert-lifecycle';
import { indexSensors } from '../../src/lib/core/sensor';
import { testAlert } from '../../src/lib/server/alert-fixtures';
import { mergeHumanFields } from './alert-merge';
import { createAlertPolicy } from './alert-policy';
import { BENANGA, CATALOG, MIN, T0, finding } from './test-support';

const step = (id: string, at: number, done = true): AlertStep => ({ id, done, by: 'ops', at });
const withSteps = (a: Alert, steps?: AlertStep[]): Alert => ({ ...a, ...(steps ? { steps } : {}) });

describe('mergeHumanFields: procedure steps', () => {
  it('keeps the steps the operator ticked on the web copy when the detector copy has none (they vanished at its next event)', () => {
    const ours = testAlert('a1', 100);
    const theirs = withSteps(testAlert('a1', 90), [step('evacuate', 95)]);
    expect(mergeHumanFields(ours, theirs).steps).toEqual([step('evacuate', 95)]);
  });

  it('takes each step’s newest tick from either copy', () => {
    const ours = withSteps(testAlert('a1', 100), [step('evacuate', 50), step('sandbags', 60)]);
    const theirs = withSteps(testAlert('a1', 90), [step('evacuate', 80, false), step('close-road', 70)]);
    expect(mergeHumanFields(ours, theirs).steps).toEqual([step('sandbags', 60), step('close-road', 70), step('evacuate', 80, false)]);
    // an older web copy does not undo a newer tick held already
    expect(mergeHumanFields(withSteps(ours, [step('evacuate', 85)]), theirs).steps).toEqual([step('close-road', 70), step('evacuate', 85)]);
  });

  it('stays bounded: at most MAX_ALERT_STEPS, the newest kept', () => {
    const many = (from: number) => Array.from({ length: MAX_ALERT_STEPS }, (_, i) => step(`s${from + i}`, from + i));
    const merged = mergeHumanFields(withSteps(testAlert('a1', 1000), many(0)), withSteps(testAlert('a1', 900), many(MAX_ALERT_STEPS))).steps ?? [];
    expect(merged).toHaveLength(MAX_ALERT_STEPS);
    expect(merged[0].id).toBe(`s${MAX_ALERT_STEPS}`);
  });

  it('leaves an alert without steps without the field', () => {
    expect('steps' in mergeHumanFields(testAlert('a1', 100), testAlert('a1', 90))).toBe(false);
  });
});

describe('an acknowledgement that crosses a silent update of ours (a forecast refresh published before we merged it)', () => {
  const T = 1_000_000;
  const acked = (a: Alert, at: number): Alert => ({ ...a, state: 'acknowledged', acknowledgedAt: at, acknowledgedBy: 'person:sari', acknowledgedVia: 'console', updatedAt: at });
  const v = { ...testAlert('a1', T), worsenedAt: T };

  it('is taken onto our newer copy of its version, as the web merges the two (mergeAlertCopies)', () => {
    const ours = { ...v, title: { id: 't2', en: 'refreshed' }, updatedAt: T + 200 };
    const theirs = acked(v, T + 100);
    const fields = (a: Alert) => [a.state, a.acknowledgedAt, a.acknowledgedBy, a.acknowledgedVia, a.title.en];
    expect(fields(mergeHumanFields(ours, theirs))).toEqual(['acknowledged', T + 100, 'person:sari', 'console', 'refreshed']);
    expect(fields(mergeAlertCopies(ours, theirs))).toEqual(fields(mergeHumanFields(ours, theirs)));
  });

  it('not onto a worsening of ours: both sides keep it unacknowledged', () => {
    const ours = { ...v, level: 2, worsenedAt: T + 50, updatedAt: T + 50 };
    const theirs = acked(v, T + 100);
    for (const m of [mergeHumanFields(ours, theirs), mergeAlertCopies(ours, theirs)]) expect([m.state, m.acknowledgedAt, m.level]).toEqual(['raised', undefined, 2]);
  });

  it('our next event carries it, and the alert no longer escalates', () => {
    const run = (withAck: boolean) => {
      const p = createAlertPolicy(indexSensors(CATALOG), { minActiveMs: 0 });
      const ask = (at: number, expectedAt: number) => p.onFinding(BENANGA, finding({ rule: 'flood_level', severity: 'warning', level: 1, expectedAt }), at);
      const [raised] = ask(T0, T0 + 10 * MIN);
      // the web acknowledges the raised copy at +11 min; we, not holding it yet, re-tell the passed time at +12
      const ack = applyAlertAction(raised.alert, { alertId: raised.alert.id, action: 'acknowledge', version: 0 }, 'person:sari', T0 + 11 * MIN);
      if (!('type' in ack)) throw new Error(ack.detail);
      const [refresh] = ask(T0 + 12 * MIN, T0 + 20 * MIN);
      expect([refresh.type, refresh.alert.state, refresh.alert.updatedAt > ack.at]).toEqual(['updated', 'raised', true]);
      if (withAck) p.applyExternal(ack);
      // still active, its time as told: no event of ours until the escalation is due (30 min for a warning)
      for (let m = 15; m <= 40; m += 5) expect(ask(T0 + m * MIN, T0 + 20 * MIN)).toEqual([]);
      const ticked = p.tick(T0 + 42 * MIN);
      const [next] = ask(T0 + 45 * MIN, T0 + 60 * MIN);
      return { ticked: ticked.map((e) => e.type), next: next.alert };
    };
    expect(run(false).ticked).toEqual(['escalated']);
    const { ticked, next } = run(true);
    expect(ticked).toEqual([]);
    expect(next).toMatchObject({ state: 'acknowledged', acknowledgedAt: T0 + 11 * MIN, acknowledgedBy: 'person:sari' });
  });
});
