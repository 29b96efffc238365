import { describe, expect, it } from 'vitest';
import type { Directory, Person } from '../core/people';
import { onCall, teamsFor } from './rota';

const person = (id: string, active = true): Person => ({ id, name: id, language: 'id', active, channels: [], subscriptions: [] });
const directory: Directory = {
  version: 1,
  people: [person('ani'), person('budi'), person('citra'), person('dedi', false)],
  teams: [
    { id: 'bpbd', name: { id: 'BPBD', en: 'BPBD' }, kinds: ['flood'], districts: [], leadPersonId: 'citra', backupAfterMin: 10, leadAfterMin: 20 },
    { id: 'dlh', name: { id: 'DLH', en: 'DLH' }, kinds: ['air'], districts: ['Sungai Pinang'], backupAfterMin: 10, leadAfterMin: 20 }
  ],
  shifts: [
    { id: 1, teamId: 'bpbd', personId: 'ani', role: 'primary', start: 0, end: 1_000 },
    { id: 2, teamId: 'bpbd', personId: 'budi', role: 'backup', start: 0, end: 1_000 },
    { id: 3, teamId: 'bpbd', personId: 'budi', role: 'primary', start: 500, end: 2_000 },
    { id: 4, teamId: 'bpbd', personId: 'dedi', role: 'primary', start: 600, end: 2_000 }
  ]
};

describe('rota', () => {
  it('finds primary, backup and lead at a moment; the latest-starting active shift wins an overlap', () => {
    const a = onCall(directory, 'bpbd', 100);
    expect([a.primary?.id, a.backup?.id, a.lead?.id]).toEqual(['ani', 'budi', 'citra']);
    // dedi starts later but is inactive: budi's shift wins over ani's.
    expect(onCall(directory, 'bpbd', 700).primary?.id).toBe('budi');
    expect(onCall(directory, 'bpbd', 1_500).backup).toBeUndefined();
    expect(onCall(directory, 'nobody', 100)).toEqual({});
  });
  it('teams cover an alert by kind and district, empty lists covering all', () => {
    expect(teamsFor(directory, { kind: 'flood', district: 'Samarinda Ulu' }).map((t) => t.id)).toEqual(['bpbd']);
    expect(teamsFor(directory, { kind: 'air', district: 'Samarinda Ulu' })).toEqual([]);
    expect(teamsFor(directory, { kind: 'air', district: 'Sungai Pinang' }).map((t) => t.id)).toEqual(['dlh']);
  });
});
