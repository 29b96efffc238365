import { describe, expect, it } from 'vitest';
import { isUnchecked, uncheckedSince } from './alert-unchecked';

const HOUR = 3_600_000;
const T = Date.UTC(2026, 11, 5, 6, 20);
const said = { id: 'Prakiraan tak terperiksa: Pos Gunung Lingai …', en: 'Forecast unchecked: Gunung Lingai …' };

describe('an unchecked forecast warning', () => {
  it('is known by its field, whatever its wording', () => {
    expect(uncheckedSince({ heldSince: T, uncheckedSince: T + 2 * HOUR, explanation: { id: 'x', en: 'y' } })).toBe(T + 2 * HOUR);
  });

  it('stored before the field: known while held by how its English explanation began, unchecked from its forecast reach', () => {
    expect(uncheckedSince({ heldSince: T, explanation: said })).toBe(T + 2 * HOUR);
    // released (no hold), or another alert: not unchecked
    expect(isUnchecked({ explanation: said })).toBe(false);
    expect(isUnchecked({ heldSince: T, explanation: { id: said.id, en: 'Level 2 ≈ 08:20' } })).toBe(false);
  });
});
