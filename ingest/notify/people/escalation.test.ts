import { describe, expect, it } from 'vitest';
import { createEscalations } from './escalation';

const team = { teamId: 'bpbd', backupAfterMin: 10, leadAfterMin: 20 };
const MIN = 60_000;

describe('escalation', () => {
  it('steps to the backup, then the lead, each once, then forgets the alert', () => {
    const e = createEscalations();
    e.open('a', [team], 0);
    expect(e.tick(10 * MIN - 1)).toEqual([]);
    expect(e.tick(10 * MIN)).toEqual([{ alertId: 'a', teamId: 'bpbd', step: 'backup', openedAt: 0 }]);
    expect(e.tick(15 * MIN)).toEqual([]);
    expect(e.tick(20 * MIN).map((d) => d.step)).toEqual(['lead']);
    expect(e.isOpen('a')).toBe(false);
    expect(e.stats()).toMatchObject({ open: 0, steps: { backup: 1, lead: 1 } });
  });

  it('stops on acknowledge or resolve; opening again keeps the first clock', () => {
    const e = createEscalations();
    e.open('a', [team], 0);
    e.open('a', [team], 5 * MIN);
    expect(e.tick(10 * MIN).map((d) => d.step)).toEqual(['backup']);
    expect(e.stop('a')).toBe(true);
    expect(e.tick(60 * MIN)).toEqual([]);
    expect(e.stop('a')).toBe(false);
  });

  it('a late tick (the notifier was down) sends both due steps in order; restore skips steps done', () => {
    const e = createEscalations({ minuteMs: 1_000 });
    e.open('a', [team], 0);
    expect(e.tick(30_000).map((d) => d.step)).toEqual(['backup', 'lead']);
    e.restore('b', team, 0, ['backup']);
    e.restore('c', team, 0, ['backup', 'lead']);
    expect(e.tick(30_000).map((d) => `${d.alertId}:${d.step}`)).toEqual(['b:lead']);
  });

  it('remembers finished and stopped chains: an event no newer than theirs is stale, a newer one is not', () => {
    const e = createEscalations({ minuteMs: 1_000 });
    e.open('a', [team], 0, 500);
    e.seen('a', 700);
    e.tick(30_000);
    expect(e.isOpen('a')).toBe(false);
    expect([e.isStale('a', 500), e.isStale('a', 700), e.isStale('a', 701)]).toEqual([true, true, false]);
    e.open('b', [team], 0, 100);
    e.stop('b');
    expect([e.isStale('b', 100), e.isStale('b', 101)]).toEqual([true, false]);
    e.restore('c', team, 0, ['backup', 'lead'], 900);
    expect([e.isOpen('c'), e.isStale('c', 900)]).toEqual([false, true]);
  });

  it('a restore arriving after a replay reopened the chain merges its done steps and its earlier clock', () => {
    const e = createEscalations({ minuteMs: 1_000 });
    e.open('a', [team], 50_000, 1);
    e.restore('a', team, 0, ['backup']);
    expect(e.tick(20_000).map((d) => `${d.step}@${d.openedAt}`)).toEqual(['lead@0']);
    expect(e.isOpen('a')).toBe(false);
    e.open('b', [team], 50_000, 1);
    e.restore('b', team, 0, ['backup', 'lead']);
    expect([e.isOpen('b'), e.tick(100_000)]).toEqual([false, []]);
  });

  it('lists the steps an open chain has done, per team', () => {
    const e = createEscalations({ minuteMs: 1_000 });
    e.open('a', [team, { ...team, teamId: 'pmk', backupAfterMin: 30, leadAfterMin: 40 }], 0);
    expect(e.stepsDone('a')).toEqual([]);
    e.tick(10_000);
    expect(e.stepsDone('a')).toEqual([{ teamId: 'bpbd', step: 'backup' }]);
    e.tick(30_000);
    expect(e.stepsDone('a').map((s) => `${s.teamId}:${s.step}`)).toEqual(['bpbd:backup', 'bpbd:lead', 'pmk:backup']);
    e.stop('a');
    expect(e.stepsDone('a')).toEqual([]);
  });

  it('remembers the steps a finished round reached (a worsening pages them again); an acknowledgement forgets them', () => {
    const e = createEscalations({ minuteMs: 1_000 });
    e.open('a', [team], 0, 1);
    e.tick(30_000);
    expect(e.isOpen('a')).toBe(false);
    expect(e.stepsDone('a').map((s) => s.step)).toEqual(['backup', 'lead']);
    e.restore('b', team, 0, ['backup', 'lead'], 1);
    e.restore('b', { ...team, teamId: 'pmk' }, 0, ['backup', 'lead'], 1);
    expect(e.stepsDone('b').map((s) => `${s.teamId}:${s.step}`)).toEqual(['bpbd:backup', 'bpbd:lead', 'pmk:backup', 'pmk:lead']);
    expect(e.stop('a')).toBe(false);
    expect([e.stepsDone('a'), e.isStale('a', 1)]).toEqual([[], true]);
  });

  it('keeps at most maxOpen alerts, evicting the oldest', () => {
    const e = createEscalations({ maxOpen: 2 });
    e.open('a', [team], 0);
    e.open('b', [team], 0);
    e.open('c', [team], 0);
    expect([e.isOpen('a'), e.isOpen('b'), e.isOpen('c')]).toEqual([false, true, true]);
    expect(e.stats().evicted).toBe(1);
  });
  it('advance brings the next step forward once (marked done, counted); not a step that is not next, nor after a stop', () => {
    const e = createEscalations();
    e.open('a', [team], 0);
    expect(e.advance('a', 'bpbd', 'lead')).toBeNull();
    expect(e.advance('a', 'bpbd', 'backup')).toEqual({ alertId: 'a', teamId: 'bpbd', step: 'backup', openedAt: 0 });
    expect(e.advance('a', 'bpbd', 'backup')).toBeNull();
    expect(e.tick(19 * MIN)).toEqual([]);
    expect(e.tick(20 * MIN).map((d) => d.step)).toEqual(['lead']);
    expect(e.stats().steps).toEqual({ backup: 1, lead: 1 });
    e.open('b', [team], 0);
    e.stop('b');
    expect(e.advance('b', 'bpbd', 'backup')).toBeNull();
    expect(e.advance('c', 'bpbd', 'backup')).toBeNull();
  });
});
