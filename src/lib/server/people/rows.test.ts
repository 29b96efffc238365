import { describe, expect, it } from 'vitest';
import { describeChannel, redactChannel, redactPerson, rowToPerson, withoutMeta } from './rows';

const push = { endpoint: 'https://fcm.googleapis.com/fcm/send/abc', keys: { p256dh: 'secret-p256dh', auth: 'secret-auth' } };

describe('people rows', () => {
  it('turns rows into the core shapes, quiet hours and login only when set', () => {
    const row = { id: 'sari', name: 'Sari', language: 'id', login_user: null, active: true, quiet_start: null, quiet_end: null, revision: 3, updated_at: new Date(1_000), updated_by: 'admin' };
    const channel = { id: '7', person_id: 'sari', kind: 'webpush', address: push, rank: 0, enabled: true };
    const person = rowToPerson(row, [channel], []);
    expect(person).toEqual({ id: 'sari', name: 'Sari', language: 'id', active: true, channels: [{ id: 7, kind: 'webpush', address: push, rank: 0, enabled: true }], subscriptions: [], revision: 3, updatedAt: 1_000, updatedBy: 'admin' });
    expect(withoutMeta(person)).not.toHaveProperty('revision');
    expect(rowToPerson({ ...row, login_user: 'sari', quiet_start: 1320, quiet_end: 360 })).toMatchObject({ user: 'sari', quietHours: { startMin: 1320, endMin: 360 } });
  });

  it('keeps a push subscription’s keys and path out of lists and audit lines', () => {
    const c = { id: 1, kind: 'webpush' as const, address: push, rank: 2, enabled: true };
    expect(redactChannel(c).address).toBe('fcm.googleapis.com');
    const text = JSON.stringify(redactPerson({ id: 's', name: 'S', language: 'id', active: true, channels: [c], subscriptions: [] }));
    expect(text).not.toMatch(/secret|fcm\/send/);
    expect(describeChannel(c)).toBe('webpush fcm.googleapis.com (rank 2)');
    expect(describeChannel({ kind: 'email', address: 'a@b.example.invalid' })).toBe('email a@b.example.invalid');
  });
});
