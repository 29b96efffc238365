import { describe, it, expect } from 'vitest';
import { ProceduresFileSchema } from './procedures';
import { check } from './issues';
import shipped from '../catalog/procedures.json';

type Loose = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const file = (): Loose => ({ procedures: [{ rule: 'flood_level', minLevel: 1, steps: [{ id: 'flood.notify-bpbd', text: { id: 'Hubungi BPBD', en: 'Call BPBD' } }] }] });
const problems = (mutate: (f: Loose) => void) => {
  const f = file();
  mutate(f);
  const r = check(ProceduresFileSchema, f);
  return r.ok ? [] : r.errors;
};

describe('ProceduresFileSchema', () => {
  it('accepts the shipped procedures.json and a minimal file', () => {
    expect(check(ProceduresFileSchema, shipped).ok).toBe(true);
    expect(check(ProceduresFileSchema, file()).ok).toBe(true);
  });

  const refused: Array<[string, (f: Loose) => void, string]> = [
    ['no list', (f) => delete f.procedures, 'procedures is required'],
    ['a list that is not one', (f) => (f.procedures = {}), 'procedures must be an array'],
    ['an entry that is not an object', (f) => (f.procedures[0] = 'flood'), 'procedures[0]: must be an object'],
    ['no rule', (f) => delete f.procedures[0].rule, 'procedures[0]: rule is required'],
    ['a negative level', (f) => (f.procedures[0].minLevel = -1), 'procedures[0]: minLevel must be an integer ≥ 0'],
    ['a fractional level', (f) => (f.procedures[0].minLevel = 1.5), 'procedures[0]: minLevel must be an integer ≥ 0'],
    ['no steps', (f) => (f.procedures[0].steps = []), 'procedures[0]: steps must have 1–20 steps'],
    ['too many steps', (f) => (f.procedures[0].steps = Array(21).fill(f.procedures[0].steps[0])), 'procedures[0]: steps must hold at most 20 entries'],
    ['a bad step id', (f) => (f.procedures[0].steps[0].id = 'Bad Id'), 'procedures[0].steps[0]: id must match /^[a-z0-9][a-z0-9_.-]{0,63}$/'],
    ['a missing translation', (f) => (f.procedures[0].steps[0].text.en = ' '), 'procedures[0].steps[0].text: en must be a non-empty string'],
    ['text as a plain string', (f) => (f.procedures[0].steps[0].text = 'Call BPBD'), 'procedures[0].steps[0]: text must be {id, en}']
  ];

  it.each(refused)('refuses %s, saying where', (_name, mutate, expected) => {
    expect(problems(mutate)).toEqual([expected]);
  });
});
