import { describe, expect, it } from 'vitest';
import { parseChannel, parsePerson, parseShift, parseSubscription, parseTeam } from './people';

const p256dh = 'B' + 'A'.repeat(86); // 87 base64url characters = 65 bytes
const auth = 'A'.repeat(22); // 16 bytes

describe('people schemas', () => {
  it('fills a person’s defaults and lists every problem with its path', () => {
    expect(parsePerson({ id: 'sari-bpbd', name: 'Sari Wulandari' })).toEqual({ ok: true, value: { id: 'sari-bpbd', name: 'Sari Wulandari', language: 'id', active: true } });
    const bad = parsePerson({ id: 'Sari Bpbd', name: '', language: 'fr', quietHours: { startMin: 1440, endMin: -1 } });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.errors).toEqual([
      expect.stringMatching(/^id must be 1–64 lower-case/),
      'name must be a non-empty string',
      'language must be id or en',
      'quietHours: startMin must be a whole minute in [0, 1439]',
      'quietHours: endMin must be a whole minute in [0, 1439]'
    ]);
  });

  it('checks each channel’s address by its kind', () => {
    expect(parseChannel({ kind: 'email', address: 'sari@bpbd.example.invalid' })).toMatchObject({ ok: true, value: { rank: 0, enabled: true } });
    expect(parseChannel({ kind: 'email', address: 'not an email' })).toEqual({ ok: false, errors: ['address must be an email address'] });
    expect(parseChannel({ kind: 'telegram', address: -1001234567890 })).toMatchObject({ ok: true, value: { address: '-1001234567890' } });
    expect(parseChannel({ kind: 'telegram', address: '@bpbd_smd' })).toMatchObject({ ok: true });
    expect(parseChannel({ kind: 'telegram', address: '@ab' }).ok).toBe(false);
    expect(parseChannel({ kind: 'whatsapp', address: '6281234567890' })).toMatchObject({ ok: true });
    expect(parseChannel({ kind: 'whatsapp', address: '+6281234567890' })).toEqual({ ok: false, errors: [expect.stringContaining('without the plus')] });
    expect(parseChannel({ kind: 'whatsapp', address: '1234567' }).ok).toBe(false);
    expect(parseChannel({ kind: 'webpush', address: { endpoint: 'https://push.example.invalid/x', keys: { p256dh, auth } } })).toMatchObject({ ok: true });
    const push = parseChannel({ kind: 'webpush', address: { endpoint: 'http://push.example.invalid/x', keys: { p256dh: 'short', auth } }, rank: -1 });
    expect(!push.ok && push.errors).toEqual([
      'address: endpoint must be an https URL',
      expect.stringMatching(/^address\.keys: p256dh must be the subscription's P-256 public key/),
      'rank must be a whole number in [0, 99]'
    ]);
    expect(parseChannel({ kind: 'sms', address: '0812' })).toEqual({ ok: false, errors: [expect.stringContaining('kind must be one of webpush, whatsapp, telegram, email')] });
  });

  it('checks subscriptions and teams against the city’s districts', () => {
    const districts = ['Samarinda Ulu', 'Sungai Pinang'];
    expect(parseSubscription({}, districts)).toEqual({ ok: true, value: { districts: [], kinds: [], categories: ['emergency'], minSeverity: 'warning' } });
    expect(parseSubscription({ districts: ['Atlantis'], kinds: ['noise'], minSeverity: 'huge' }, districts)).toMatchObject({
      ok: false,
      errors: ['districts[0]: must name districts of the city', 'kinds[0]: must list only traffic, flood, air', 'minSeverity must be one of info, warning, critical']
    });
    const team = { id: 'bpbd', name: { id: 'BPBD Kota Samarinda', en: 'Samarinda disaster agency' }, kinds: ['flood'], districts };
    expect(parseTeam(team, districts)).toMatchObject({ ok: true, value: { backupAfterMin: 10, leadAfterMin: 20 } });
    expect(parseTeam({ ...team, backupAfterMin: 30, leadAfterMin: 15 }, districts)).toEqual({ ok: false, errors: [expect.stringContaining('leadAfterMin must be later')] });
    expect(parseTeam({ ...team, name: { id: 'BPBD' } })).toEqual({ ok: false, errors: ['name: en is required'] });
  });

  it('reads shift times as epoch ms or zoned ISO, end after start, at most 31 days', () => {
    expect(parseShift({ personId: 'sari', role: 'primary', start: '2026-12-06T08:00:00+08:00', end: '2026-12-06T16:00:00+08:00' })).toEqual({
      ok: true,
      value: { personId: 'sari', role: 'primary', start: Date.parse('2026-12-06T00:00:00Z'), end: Date.parse('2026-12-06T08:00:00Z') }
    });
    expect(parseShift({ personId: 'sari', role: 'primary', start: '2026-12-06T08:00:00', end: 1 }).ok).toBe(false);
    expect(parseShift({ personId: 'sari', role: 'lead', start: 2_000, end: 1_000 })).toEqual({ ok: false, errors: ['role must be primary or backup'] });
    expect(parseShift({ personId: 'sari', role: 'backup', start: 2_000, end: 1_000 })).toEqual({ ok: false, errors: ['end must be after start'] });
    expect(parseShift({ personId: 'sari', role: 'backup', start: 1, end: 40 * 86_400_000 })).toEqual({ ok: false, errors: ['a shift must last at most 31 days'] });
  });
});
