import { describe, it, expect } from 'vitest';
import procedureFile from './procedures.json';
import { parseProcedures, stepsFor } from './procedures';
import type { AlertRule } from '../core/alert';

const RULES: AlertRule[] = ['flood_level', 'rate_of_rise', 'upstream_warning', 'air_quality', 'congestion', 'statistical', 'sensor_silent', 'sensor_stuck', 'sensor_spike', 'sensor_step', 'sensor_range'];

describe('procedures.json', () => {
  const parsed = parseProcedures(procedureFile);
  const book = parsed.ok ? parsed.procedures : [];

  it('parses, and every alert rule has at least one step', () => {
    expect(parsed.ok).toBe(true);
    for (const rule of RULES) expect(stepsFor(book, { rule, level: 3 }).length, rule).toBeGreaterThan(0);
  });

  it('adds flood steps as the Siaga level worsens (Siaga 3 → 1)', () => {
    const ids = (level: number) => stepsFor(book, { rule: 'flood_level', level }).map((s) => s.id);
    expect(ids(1)).toContain('flood.notify-bpbd');
    expect(ids(1)).not.toContain('flood.open-pumps');
    expect(ids(2)).toContain('flood.open-pumps');
    expect(ids(2)).toContain('flood.warn-residents');
    expect(ids(3)).toContain('flood.prepare-evacuation');
    expect(ids(3).slice(0, ids(1).length)).toEqual(ids(1));
  });

  it('refuses a file with a bad step id or a missing translation', () => {
    expect(parseProcedures({ procedures: [{ rule: 'flood_level', minLevel: 1, steps: [{ id: 'Bad Id', text: { id: 'a', en: 'b' } }] }] }).ok).toBe(false);
    expect(parseProcedures({ procedures: [{ rule: 'flood_level', minLevel: 1, steps: [{ id: 'ok', text: { id: 'a', en: '' } }] }] }).ok).toBe(false);
    expect(parseProcedures({}).ok).toBe(false);
  });
});
