import { describe, expect, it } from 'vitest';
import type { Alert } from '../core/alert';
import { rungMark, shouldRing } from './alarm';

const base = {
  id: 'g7:flood_level:1', sensorId: 'g7', sensorName: 'G7', kind: 'flood', district: 'd', rule: 'flood_level', category: 'emergency',
  severity: 'critical', level: 2, title: { id: 't', en: 't' }, explanation: { id: 'e', en: 'e' }, action: { id: 'a', en: 'a' },
  value: 1, state: 'raised', raisedAt: 1000, updatedAt: 1000, comments: []
} satisfies Alert;

describe('shouldRing', () => {
  it('rings a new alert once, not again for an update or an acknowledgement', () => {
    expect(shouldRing(undefined, base)).toBe(true);
    const mark = rungMark(base);
    expect(shouldRing(mark, { ...base, value: 2, updatedAt: 2000 })).toBe(false);
    expect(shouldRing(mark, { ...base, state: 'acknowledged', updatedAt: 3000 })).toBe(false);
  });

  it('rings again when the alert gets worse: a higher level, or re-opened by a later worsening', () => {
    const mark = rungMark(base);
    expect(shouldRing(mark, { ...base, level: 3 })).toBe(true);
    const reopened = { ...base, worsenedAt: 5000, updatedAt: 5000 };
    expect(shouldRing(mark, reopened)).toBe(true);
    expect(shouldRing(rungMark(reopened), { ...reopened, updatedAt: 6000 })).toBe(false);
  });

  it('rings when the severity rises', () => {
    expect(shouldRing(rungMark({ ...base, severity: 'warning' }), base)).toBe(true);
    expect(shouldRing(rungMark(base), { ...base, severity: 'warning' })).toBe(false);
  });
});
