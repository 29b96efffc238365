import { describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../auth/demo-users';
import { parseChannel, parsePerson } from '../../schemas/people';
import { demoPeople, demoShifts, runsOnDemoUsers, SHIFT_MS } from './demo-seed';

describe('demo people directory', () => {
  it('is only for the generated demo users', () => {
    const demo = new Map(DEMO_USERS.map((u) => [u.user, { role: u.role }]));
    expect(runsOnDemoUsers(demo)).toBe(true);
    expect(runsOnDemoUsers(new Map([...demo, ['wati', { role: 'admin' as const }]]))).toBe(false);
    expect(runsOnDemoUsers(new Map([...demo, ['sari', { role: 'admin' as const }]]))).toBe(false);
    expect(runsOnDemoUsers(new Map())).toBe(false);
  });

  it('has valid people whose addresses can never be delivered to', () => {
    const people = demoPeople();
    expect(new Set(people.map((p) => p.id)).size).toBe(people.length);
    for (const p of people) {
      expect(parsePerson({ id: p.id, name: p.name, language: p.language, user: p.user }).ok).toBe(true);
      expect(parseChannel({ kind: 'email', address: p.email }).ok).toBe(true);
      expect(p.email).toMatch(/\.example\.invalid$/);
    }
    expect(people.find((p) => p.user === 'sari')?.name).toBe('Sari Wulandari');
  });

  it('covers now ± 7 days with 8-hour shifts starting at 00, 08 or 16 WITA, a primary and a backup each', () => {
    const now = Date.parse('2026-12-06T05:10:00Z');
    const shifts = demoShifts(now);
    for (const team of ['bpbd', 'dishub', 'dlh', 'pupr']) {
      for (const role of ['primary', 'backup']) {
        const mine = shifts.filter((s) => s.team_id === team && s.role === role).map((s) => [Date.parse(s.starts_at), Date.parse(s.ends_at)]);
        expect(mine[0][0]).toBeLessThanOrEqual(now - 7 * 86_400_000);
        expect(mine.at(-1)![1]).toBeGreaterThanOrEqual(now + 7 * 86_400_000);
        mine.forEach(([s, e], i) => {
          expect(e - s).toBe(SHIFT_MS);
          expect(new Date(s + 8 * 3_600_000).getUTCHours() % 8).toBe(0);
          if (i > 0) expect(s).toBe(mine[i - 1][1]);
        });
      }
    }
    const first = shifts.filter((s) => s.starts_at === shifts[0].starts_at && s.team_id === 'bpbd');
    expect(first.map((s) => s.role).sort()).toEqual(['backup', 'primary']);
    expect(first[0].person_id).not.toBe(first[1].person_id);
  });
});
