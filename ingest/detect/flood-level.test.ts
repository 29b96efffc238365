import { describe, expect, it } from 'vitest';
import { floodLevelDetector } from './flood-level';
import { AIR, GUNUNG_LINGAI, MIN, T0, reading } from './test-support';

function levels(values: number[]) {
  const d = floodLevelDetector.create(GUNUNG_LINGAI)!;
  return values.map((wl, i) => d.observe(reading(GUNUNG_LINGAI.id, 'flood', T0 + i * MIN, { water_level: wl }))!);
}

describe('flood_level', () => {
  it('maps water level to Siaga 3/2/1 with warning, critical, critical', () => {
    const [normal, s3, s2, s1] = levels([199.9, 200, 218, 240]);
    expect(normal.active).toBe(false);
    expect([s3.level, s3.severity, s3.active]).toEqual([1, 'warning', true]);
    expect([s2.level, s2.severity]).toEqual([2, 'critical']);
    expect([s1.level, s1.severity]).toEqual([3, 'critical']);
    expect(s2.title).toEqual({ id: 'Siaga 2 · Gunung Lingai 218 cm', en: 'Level 2 · Gunung Lingai 218 cm' });
    expect(s2.explanation.id).toContain('218 cm');
    expect(s2.action.id).not.toBe('');
    expect(s2.category).toBe('emergency');
  });

  it('leaves a level only 2 cm below its threshold (deadband)', () => {
    // 220 → Siaga 2; 217 is raw Siaga 3 but within 2 cm of 218; 215.9 is 2.1 cm below.
    const out = levels([220, 217, 216.1, 215.9, 199, 198.5, 197.9]);
    expect(out.map((f) => f.level)).toEqual([2, 2, 2, 1, 1, 1, 0]);
  });

  it('goes worse at once, with no deadband upwards', () => {
    expect(levels([199, 200]).map((f) => f.level)).toEqual([0, 1]);
  });

  it('has nothing to say without water_level or without thresholds', () => {
    const d = floodLevelDetector.create(GUNUNG_LINGAI)!;
    expect(d.observe(reading(GUNUNG_LINGAI.id, 'flood', T0, { rainfall: 3 }))).toBeNull();
    expect(floodLevelDetector.create({ ...AIR, kind: 'flood' })).toBeNull();
  });
});
