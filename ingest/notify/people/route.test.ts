import { describe, expect, it } from 'vitest';
import { inQuietHours, recipientsFor, witaMinuteOfDay } from './route';
import { alert, directory, event, person } from './test-fixtures';

const sub = (extra = {}) => ({ id: 1, districts: [], kinds: [], categories: ['emergency' as const], minSeverity: 'warning' as const, ...extra });
// 2026-12-06 23:30 WITA = 15:30 UTC.
const NIGHT = Date.UTC(2026, 11, 6, 15, 30);
const DAY = Date.UTC(2026, 11, 6, 2, 0);

describe('route', () => {
  it('reads WITA minutes and quiet hours across midnight', () => {
    expect(witaMinuteOfDay(NIGHT)).toBe(23 * 60 + 30);
    expect(inQuietHours({ startMin: 22 * 60, endMin: 6 * 60 }, NIGHT)).toBe(true);
    expect(inQuietHours({ startMin: 22 * 60, endMin: 6 * 60 }, DAY)).toBe(false);
    expect(inQuietHours({ startMin: 9 * 60, endMin: 17 * 60 }, DAY)).toBe(true);
    expect(inQuietHours(undefined, NIGHT)).toBe(false);
  });

  it('matches subscriptions by district, kind, category and minimum severity', () => {
    const d = directory([
      person('flood', { subscriptions: [sub({ kinds: ['flood'] })] }),
      person('air', { subscriptions: [sub({ kinds: ['air'] })] }),
      person('other-district', { subscriptions: [sub({ districts: ['Palaran'] })] }),
      person('critical-only', { subscriptions: [sub({ minSeverity: 'critical' })] }),
      person('maintenance', { subscriptions: [sub({ categories: ['maintenance'] })] }),
      person('inactive', { active: false, subscriptions: [sub()] })
    ]);
    const warning = alert({ severity: 'warning' });
    expect(recipientsFor(d, event('raised', warning), DAY).map((r) => r.person.id)).toEqual(['flood']);
    expect(recipientsFor(d, event('raised'), DAY).map((r) => r.person.id)).toEqual(['flood', 'critical-only']);
    // Comments and updates are not messages.
    expect(recipientsFor(d, event('commented'), DAY)).toEqual([]);
  });

  it('quiet hours hold back all but critical alerts', () => {
    const d = directory([person('sleepy', { quietHours: { startMin: 22 * 60, endMin: 6 * 60 }, subscriptions: [sub()] })]);
    expect(recipientsFor(d, event('raised', alert({ severity: 'warning' })), NIGHT)).toEqual([]);
    expect(recipientsFor(d, event('raised', alert({ severity: 'warning' })), DAY)).toHaveLength(1);
    expect(recipientsFor(d, event('raised'), NIGHT)).toHaveLength(1);
  });

  it('pages the on-call primary of every covering team for a critical emergency, once per person', () => {
    const d = directory([person('ani', { subscriptions: [sub()] }), person('budi'), person('citra')], {
      teams: [
        { id: 'bpbd', name: { id: 'BPBD', en: 'BPBD' }, kinds: ['flood'], districts: [], backupAfterMin: 10, leadAfterMin: 20 },
        { id: 'pupr', name: { id: 'PUPR', en: 'PUPR' }, kinds: [], districts: [], backupAfterMin: 10, leadAfterMin: 20 }
      ],
      shifts: [
        { id: 1, teamId: 'bpbd', personId: 'ani', role: 'primary', start: 0, end: Number.MAX_SAFE_INTEGER },
        { id: 2, teamId: 'pupr', personId: 'ani', role: 'primary', start: 0, end: Number.MAX_SAFE_INTEGER },
        { id: 3, teamId: 'bpbd', personId: 'budi', role: 'backup', start: 0, end: Number.MAX_SAFE_INTEGER }
      ]
    });
    const got = recipientsFor(d, event('raised'), DAY);
    expect(got.map((r) => [r.person.id, r.reason, r.teamId])).toEqual([['ani', 'oncall', 'bpbd']]);
    // Not critical, or a resolution: no paging.
    expect(recipientsFor(d, event('raised', alert({ severity: 'warning' })), DAY).map((r) => r.reason)).toEqual(['subscription']);
    expect(recipientsFor(d, event('resolved', alert({ state: 'resolved' })), DAY).map((r) => r.reason)).toEqual(['subscription']);
    expect(recipientsFor(d, event('raised', alert({ category: 'maintenance' })), DAY)).toEqual([]);
  });
});
