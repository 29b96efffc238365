import { describe, expect, it } from 'vitest';
import type { Alert } from '$lib/core/alert';
import { testAlert } from '$lib/server/alert-fixtures';
import { closeness, orderForResponder, type Me } from './order';

function alert(id: string, over: Partial<Alert>): Alert {
  return { ...testAlert(id, 10), ...over };
}

const me: Me = { user: 'sari', name: 'Sari Wulandari', teams: [{ kinds: ['flood'], districts: ['Sungai Pinang'] }] };

describe('the responder app order', () => {
  it('puts alerts assigned to me first (login or directory name, any case), then my teams’, then the rest', () => {
    const alerts = [
      alert('other-critical', { severity: 'critical', kind: 'air', district: 'Samarinda Kota' }),
      alert('team-warning', { kind: 'flood', district: 'Sungai Pinang' }),
      alert('mine-by-name', { assignee: 'sari wulandari', kind: 'traffic', raisedAt: 5 }),
      alert('mine-by-login', { assignee: 'Sari', kind: 'air', raisedAt: 9 }),
      alert('resolved-mine', { assignee: 'sari', state: 'resolved' })
    ];
    const ordered = orderForResponder(alerts, me);
    expect(ordered.map((o) => o.alert.id)).toEqual(['mine-by-login', 'mine-by-name', 'team-warning', 'other-critical']);
    expect(ordered.map((o) => o.closeness)).toEqual(['mine', 'mine', 'team', 'other']);
  });

  it('keeps the console’s order inside a group: critical before warning, then newest', () => {
    const ordered = orderForResponder(
      [alert('w-new', { raisedAt: 30 }), alert('c-old', { severity: 'critical', raisedAt: 1 }), alert('w-old', { raisedAt: 2 })],
      { user: 'x', teams: [] }
    );
    expect(ordered.map((o) => o.alert.id)).toEqual(['c-old', 'w-new', 'w-old']);
  });

  it('reads a team’s empty kinds or districts as all, and a person without a team sees nothing as theirs', () => {
    const everywhere: Me = { user: 'budi', teams: [{ kinds: ['flood'], districts: [] }] };
    expect(closeness(alert('a', { kind: 'flood', district: 'Palaran' }), everywhere)).toBe('team');
    expect(closeness(alert('b', { kind: 'air', district: 'Palaran' }), everywhere)).toBe('other');
    expect(closeness(alert('c', { kind: 'flood', district: 'Palaran' }), { user: 'budi', teams: [] })).toBe('other');
  });
});
