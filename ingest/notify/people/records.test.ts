import { describe, expect, it } from 'vitest';
import type { DeliveryRecord } from '../../../src/lib/core/people';
import { formatAuditDetail } from '../../../src/lib/i18n/audit-detail';
import { auditMessagesEn } from '../../../src/lib/i18n/messages-audit-en';
import { OWN_FAILURES } from './own-failures';
import { channelDisabledDetail, deliveryAuditDetail, recordLines } from './records';
import { uncoveredRecord } from './uncovered';

/** 2026-12-07 06:00 WITA. */
const SIX = Date.UTC(2026, 11, 6, 22);
const base: DeliveryRecord = { at: 1, alertIds: ['a1'], personId: 'ani', personName: 'Ani', reason: 'oncall', teamId: 'bpbd', channel: 'whatsapp', status: 'fallback', attempt: 2, error: '503' };
/** An entry as the audit page reads it, in `lang`. */
const said = (lang: 'id' | 'en', r: DeliveryRecord) => formatAuditDetail(lang, deliveryAuditDetail(r));

describe("the notifier's audit entries in the reader's language", () => {
  it('a delivery: its reason in words, a failure as the channel gave it; the English sentence stored as before', () => {
    expect(deliveryAuditDetail(base).detail).toBe('whatsapp to Ani (on call, bpbd), attempt 2: 503');
    expect(said('en', base)).toBe('whatsapp to Ani (on call, bpbd), attempt 2: 503');
    expect(said('id', base)).toBe('whatsapp ke Ani (petugas piket, bpbd), percobaan 2: 503');
    const sent: DeliveryRecord = { ...base, reason: 'subscription', status: 'sent', attempt: 1, teamId: undefined, error: undefined };
    expect(said('id', sent)).toBe('whatsapp ke Ani (pelanggan), percobaan 1');
    expect(said('en', sent)).toBe(deliveryAuditDetail(sent).detail);
  });

  it("a failure Pantau words itself is said in the reader's language; its English is the record's text word for word", () => {
    const givenUp: DeliveryRecord = { ...base, status: 'given_up', attempt: 0, error: OWN_FAILURES.unreachedBackup };
    expect(deliveryAuditDetail(givenUp).detail).toBe('whatsapp to Ani (on call, bpbd), attempt 0: no channel reached them; paging the backup at once');
    expect(said('en', givenUp)).toBe(deliveryAuditDetail(givenUp).detail);
    expect(said('id', givenUp)).toBe('whatsapp ke Ani (petugas piket, bpbd), percobaan 0: tidak ada saluran yang menjangkaunya; cadangan segera dipanggil');
    // a channel's own text is never taken for one of Pantau's
    expect(said('id', { ...base, error: 'undeliverable' })).toBe('whatsapp ke Ani (petugas piket, bpbd), percobaan 2: undeliverable');
    for (const [code, text] of Object.entries(OWN_FAILURES)) expect(auditMessagesEn[`failure.pantau:${code}` as keyof typeof auditMessagesEn]).toBe(text);
  });

  it('a channel the notifier disabled as gone: done, refused, failed', () => {
    const done = channelDisabledDetail('webpush', 'webpush 410', { ok: true });
    expect(done.detail).toBe('webpush channel answered as gone (webpush 410): disabled');
    expect(formatAuditDetail('en', done)).toBe(done.detail);
    expect(formatAuditDetail('id', done)).toBe('saluran webpush dilaporkan sudah tidak ada (webpush 410): dimatikan');
    const refused = channelDisabledDetail('email', '550', { ok: false, errors: ['x', 'y'] });
    expect(refused.detail).toBe('email channel answered as gone (550) — refused: x; y');
    expect(formatAuditDetail('id', refused)).toBe('saluran email dilaporkan sudah tidak ada (550) — ditolak: x; y');
    const failed = channelDisabledDetail('email', '550', { fault: 'connection refused' });
    expect(failed.detail).toBe('email channel answered as gone (550) — failed: connection refused');
    expect(formatAuditDetail('id', failed)).toBe('saluran email dilaporkan sudah tidak ada (550) — gagal: connection refused');
  });

  it('one held back for quiet hours, and an alert no team covers', () => {
    const quiet: DeliveryRecord = { ...base, reason: 'subscription', teamId: undefined, status: 'quiet', attempt: 0, error: undefined, until: SIX };
    expect(deliveryAuditDetail(quiet).detail).toBe('not sent to Ani (subscriber): quiet hours until 06:00 WITA');
    expect(said('id', quiet)).toBe('tidak dikirim ke Ani (pelanggan): jam tenang sampai 06:00 WITA');
    const uncovered = uncoveredRecord({ id: 'a2', kind: 'flood', district: 'Palaran' }, 1);
    expect(said('en', uncovered)).toBe('covered by no team (kind "flood", district "Palaran"): nobody on call is paged');
    expect(said('id', uncovered)).toBe('tidak ditanggung tim mana pun (jenis "flood", kecamatan "Palaran"): tidak ada petugas piket yang dipanggil');
    // one read back (no place beside it): said from its own sentence, no English inside the Indonesian
    expect(said('id', { ...uncovered })).toBe('tidak ditanggung tim mana pun (jenis "flood", kecamatan "Palaran"): tidak ada petugas piket yang dipanggil');
    expect(said('en', { ...uncovered })).toBe('covered by no team (kind "flood", district "Palaran"): nobody on call is paged');
  });

  it('stored with its code and values beside the sentence', () => {
    const line = recordLines(base, 5_000).at(-1)!;
    expect(line).toContain('detail_code="delivery.attemptTeam"');
    expect(line).toContain('detail="whatsapp to Ani (on call, bpbd), attempt 2: 503"');
  });
});
