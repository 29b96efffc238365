import { describe, it, expect } from 'vitest';
import { createScenarioPlan, firstCrossings, FLOOD_GLITCH, SLOT_STEP_MS, windowOfTruth } from './plan';
import { ALERT_POLICY_DEFAULTS, resolveQuietMs } from '../../ingest/detect/alert-policy-options';
import type { TruthEvent } from '../../simulators/scenario-player';
import { appendToSection } from '../lib/results-file';

describe('createScenarioPlan', () => {
  it('gives every scenario its own slot, on 6 h steps, the slowed flood with a wider window, the glitched flood last', () => {
    const slots = createScenarioPlan({ firstStartMs: 0, intervalMs: 60_000, floodStretch: 20 });
    expect(slots.map((s) => s.name)).toEqual(['flood-rise', 'haze', 'traffic-incident', 'fault-stuck', 'fault-spike', 'fault-silent', 'fault-range', 'flood-rise-x20', 'flood-rise-glitch']);
    for (let i = 1; i < slots.length; i++) expect(slots[i].startMs).toBe(slots[i - 1].slotEndMs);
    for (const s of slots) {
      expect((s.slotEndMs - s.startMs) % SLOT_STEP_MS).toBe(0);
      expect(s.effectsEndMs + Math.max(s.window.lateMs, s.floodWindow.lateMs)).toBeLessThanOrEqual(s.slotEndMs);
    }
    const slowed = slots[slots.length - 2];
    expect(slowed.window.earlyMs).toBe(20 * 10 * 60_000);
    expect(createScenarioPlan({ firstStartMs: 0, intervalMs: 60_000, floodStretch: 1 })).toHaveLength(8);
  });

  it('gives flood truth in any storm slot, glitches or not, a window of hours; other truth keeps 10 minutes', () => {
    const slots = createScenarioPlan({ firstStartMs: 0, intervalMs: 60_000, floodStretch: 1 });
    const byName = (n: string) => slots.find((s) => s.name === n)!;
    const storm = { earlyMs: 3 * 3_600_000, lateMs: 3 * 3_600_000 };
    expect(byName('flood-rise').floodWindow).toMatchObject(storm);
    const glitch = byName('flood-rise-glitch');
    expect(glitch.floodWindow).toMatchObject(storm);
    expect(glitch.window.earlyMs).toBe(10 * 60_000);
    const of = windowOfTruth(glitch);
    expect(of({ type: 'level-rise' } as TruthEvent)).toBe(glitch.floodWindow);
    expect(of({ type: 'spike' } as TruthEvent)).toBe(glitch.window);
    expect(byName('haze').window.earlyMs).toBe(10 * 60_000);
  });

  it('keeps the glitched flood\'s two spikes further apart than a maintenance alert stays open at 10-minute readings', () => {
    const [first, second] = FLOOD_GLITCH.effects.filter((e) => e.type === 'spike').map((e) => (e as { atS: number }).atS);
    const heldS = resolveQuietMs(ALERT_POLICY_DEFAULTS, 'sensor_spike', 600_000) / 1000;
    expect(second - first).toBeGreaterThan(heldS + 600);
  });

  it('finds the first Siaga 2 crossing inside a slot', () => {
    const crossings = new Map([['a', [5, 50, 500]], ['b', [1]]]);
    expect(firstCrossings(crossings, 10, 600)).toEqual(new Map([['a', 50]]));
  });
});

describe('appendToSection', () => {
  it('adds to the end of its own section and keeps the others', () => {
    const text = '# R\n\n## a\n\none\n\n## b\n\ntwo\n';
    expect(appendToSection(text, '## a', 'three')).toBe('# R\n\n## a\n\none\n\nthree\n\n## b\n\ntwo\n');
    expect(appendToSection(text, '## c', 'new')).toBe('# R\n\n## a\n\none\n\n## b\n\ntwo\n\n## c\n\nnew\n');
  });
});
