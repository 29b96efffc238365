import { describe, expect, it } from 'vitest';
import { auditDetail, formatAuditDetail, isAuditCode } from './audit-detail';
import { auditMessagesEn } from './messages-audit-en';
import { auditMessagesId } from './messages-audit-id';
import { placeholdersOf } from './translate';
import { ACTION_REFUSALS } from '../core/alert-lifecycle';
import { logoutDetail } from '../server/auth/revocation-sync';

/** 2026-12-07 10:00 WITA. */
const T = Date.UTC(2026, 11, 7, 2);

describe('audit details in the reader language', () => {
  it('says a refused login in Indonesian and English, storing the English sentence the log always had', () => {
    const said = auditDetail('login.refused', { reason: 'rate_limited', address: '203.0.113.7' });
    expect(said.detail).toBe('rate_limited from 203.0.113.7');
    expect(formatAuditDetail('id', said)).toBe('terlalu banyak percobaan dari 203.0.113.7');
    expect(formatAuditDetail('en', said)).toBe('too many attempts from 203.0.113.7');
    expect(formatAuditDetail('id', auditDetail('login.ok', { address: '10.1.2.3' }))).toBe('dari 10.1.2.3');
  });

  it("says an alert action's refusal through the live connection's error texts", () => {
    const said = auditDetail('alert.refused', { error: ACTION_REFUSALS.alreadyResolved });
    expect(said.detail).toBe(ACTION_REFUSALS.alreadyResolved);
    expect(formatAuditDetail('id', said)).toMatch(/sudah diselesaikan/i);
    expect(formatAuditDetail('en', said)).toMatch(/already resolved/i);
    expect(formatAuditDetail('id', auditDetail('alert.forbidden'))).toBe('ditolak: peran ini tidak boleh');
    expect(auditDetail('alert.forbidden').detail).toBe('forbidden');
  });

  it('frames an acknowledge link refused at viewing, for a merged alert, as the English sentence did', () => {
    const said = auditDetail('ack.acknowledged', { by: 'sari', mergedFrom: 'a-7', view: 1 });
    expect(said.detail).toBe('view: alert already acknowledged by sari, link for alert a-7, merged into this one');
    expect(formatAuditDetail('id', said)).toBe('lihat: peringatan sudah ditangani oleh sari, tautan untuk peringatan a-7 yang digabung ke peringatan ini');
    expect(formatAuditDetail('id', auditDetail('ack.token', { error: 'expired' }))).toBe('tautan kedaluwarsa');
    expect(formatAuditDetail('id', auditDetail('ack.notChecked', { verb: 'confirm', error: 'db down' }))).toBe('tangani: tidak diperiksa, db down');
  });

  it('says a summary of refusals with its count and its first time in WITA', () => {
    const entry = { detail: 'rate_limited: 3 more …', detailCode: 'summary.reason', detailArgs: { reason: 'rate_limited', more: 3, windowS: 60, sinceAt: T } };
    expect(formatAuditDetail('id', entry)).toMatch(/^terlalu banyak percobaan: 3 lagi dalam 60 detik setelah 07\/12\/(20)?26,? 10[.:]00[.:]00$/);
    expect(formatAuditDetail('en', entry)).toMatch(/^too many attempts: 3 more in 60 s after 07\/12\/(20)?26,? 10:00:00$/);
  });

  it("keeps a logout's sentence exactly as other command centers read the session from it", () => {
    const said = auditDetail('logout', { address: '10.0.0.5', sid: 'abcdefgh1234', untilAt: T });
    expect(said.detail).toBe(logoutDetail('10.0.0.5', 'abcdefgh1234', T));
    expect(formatAuditDetail('id', said)).toMatch(/^dari 10\.0\.0\.5; sesi abcdefgh1234 berlaku sampai 07\/12\/(20)?26/);
  });

  it("says a device's push subscription with its optional parts, the English as the route wrote it", () => {
    const said = auditDetail('push.refreshed', { channelId: 'c-2', service: 'fcm.googleapis.com', movedFrom: 'budi', dropped: 1 });
    expect(said.detail).toBe('refreshed Web Push channel c-2 at fcm.googleapis.com; moved from budi; 1 oldest device(s) dropped');
    expect(formatAuditDetail('id', said)).toBe('saluran Web Push c-2 di fcm.googleapis.com diperbarui; dipindah dari budi; 1 perangkat terlama dilepas');
    expect(formatAuditDetail('id', auditDetail('push.subscribed', { channelId: 'c-3', service: 'push.example' }))).toBe('saluran Web Push baru c-3 di push.example');
  });

  it('shows an entry without a code, or with one it does not know, as it was stored', () => {
    expect(formatAuditDetail('id', { detail: 'invalid from 203.0.113.7' })).toBe('invalid from 203.0.113.7');
    expect(formatAuditDetail('id', { detail: 'old text', detailCode: 'no.such', detailArgs: {} })).toBe('old text');
    expect(formatAuditDetail('id', { detail: 'x', detailCode: 'part.view', detailArgs: {} })).toBe('x');
    expect(isAuditCode('reason.busy')).toBe(false);
  });

  it('shows by its sentence an entry whose values do not fit its code (another version), never a bare placeholder or an error', () => {
    // A logout coded without its time, a summary without its window: was 'dari 10.0.0.5; sesi s-1 berlaku sampai {untilAt}'.
    expect(formatAuditDetail('id', { detail: 'from 10.0.0.5; session s-1 until 5', detailCode: 'logout', detailArgs: { address: '10.0.0.5', sid: 's-1' } })).toBe('from 10.0.0.5; session s-1 until 5');
    expect(formatAuditDetail('en', { detail: 'busy: 3 more', detailCode: 'summary.reason', detailArgs: { reason: 'busy', more: 3 } })).toBe('busy: 3 more');
    // A time past Date's range threw a RangeError out of the whole audit page.
    expect(formatAuditDetail('id', { detail: 'x', detailCode: 'logout', detailArgs: { address: 'a', sid: 's', untilAt: 1e300 } })).toBe('dari a; sesi s berlaku sampai 1e+300');
  });

  it("says an uncovered delivery stored with its English sentence only in Indonesian, without the English inside", () => {
    const stored = (error: string) => auditDetail('delivery.uncovered', { error });
    const sentence = 'covered by no team (kind "flood", district "Sungai \\"Kunjang\\""): nobody on call is paged';
    expect(stored(sentence).detail).toBe(sentence);
    expect(formatAuditDetail('id', stored(sentence))).toBe('tidak ditanggung tim mana pun (jenis "flood", kecamatan "Sungai "Kunjang""): tidak ada petugas piket yang dipanggil');
    expect(formatAuditDetail('en', stored('covered by no team: nobody on call is paged'))).toBe('covered by no team: nobody on call is paged');
    expect(formatAuditDetail('id', stored('covered by no team: nobody on call is paged'))).toBe('tidak ditanggung tim mana pun: tidak ada petugas piket yang dipanggil');
    // a sentence not Pantau's (another version's) is shown alone, not wrapped in an Indonesian frame
    expect(formatAuditDetail('id', stored('nobody covers it'))).toBe('nobody covers it');
  });

  it('cuts long values, and has the same keys and placeholders in both languages', () => {
    expect(auditDetail('refused', { errors: 'e'.repeat(1000) }).detailArgs.errors).toHaveLength(300);
    expect(Object.keys(auditMessagesEn).sort()).toEqual(Object.keys(auditMessagesId).sort());
    for (const [key, text] of Object.entries(auditMessagesId)) expect(placeholdersOf(auditMessagesEn[key as keyof typeof auditMessagesId]), key).toEqual(placeholdersOf(text));
  });
});
