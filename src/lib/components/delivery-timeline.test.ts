import { describe, expect, it } from 'vitest';
import type { DeliveryRecord } from '../core/people';
import { translate } from '../i18n/translate';
import { buildTimeline, displayActor, MAX_TIMELINE_ENTRIES, timelineParams } from './delivery-timeline';

const rec = (at: number, over: Partial<DeliveryRecord>): DeliveryRecord => ({
  at, alertIds: ['a1'], personId: 'sari', personName: 'Sari', teamId: 'bpbd', reason: 'oncall', channel: 'email', status: 'sent', attempt: 1, ...over
});
const text = (lang: 'id' | 'en', records: DeliveryRecord[], alert = {}) =>
  buildTimeline(records, alert).map((e) => translate(lang, e.key, timelineParams(e, (k, p) => translate(lang, k, p))));

describe('buildTimeline', () => {
  it('says that no team covers an alert nobody on call was paged for, in both languages', () => {
    const records = [rec(1, { personId: '', personName: '', teamId: undefined, channel: 'webpush', status: 'uncovered', attempt: 0, error: 'covered by no team' })];
    expect(text('en', records)).toEqual(['Covered by no team: nobody on call was paged (add its kind or district to a team)']);
    expect(text('id', records)).toEqual(['Tidak ditangani tim mana pun: tidak ada petugas siaga yang dihubungi (tambahkan jenis atau kecamatannya ke sebuah tim)']);
    expect(buildTimeline(records, {})[0]).toMatchObject({ tone: 'bad', error: 'covered by no team' });
  });

  it('says who was reached, why and how, in both languages', () => {
    const records = [rec(1, {})];
    expect(text('id', records)).toEqual(['Dikirim ke Sari (petugas siaga BPBD) via email']);
    expect(text('en', records)).toEqual(['Sent to Sari (on call, BPBD) by email']);
  });

  it('joins a failed channel and the one that then worked into one line', () => {
    const records = [rec(2, { channel: 'email' }), rec(1, { channel: 'whatsapp', status: 'fallback', error: '503' })];
    expect(text('id', records)).toEqual(['WhatsApp ke Sari gagal, dikirim lewat email']);
    expect(buildTimeline(records, {})[0]).toMatchObject({ at: 2, tone: 'ok' });
  });

  it('keeps a fallback that nothing followed, and a failure, as their own lines', () => {
    const records = [rec(1, { channel: 'whatsapp', status: 'fallback' }), rec(2, { channel: 'telegram', status: 'given_up', error: 'chat not found' })];
    const lines = buildTimeline(records, {});
    expect(lines.map((e) => e.key)).toEqual(['delivery.fallback', 'delivery.givenUp']);
    expect(lines[1].error).toBe('chat not found');
  });

  it('shows escalation to the backup and the acknowledgement by link, with the person’s name', () => {
    const records = [rec(1, {}), rec(600_000, { personId: 'budi', personName: 'Budi', reason: 'backup' })];
    const lines = text('id', records, { acknowledgedAt: 900_000, acknowledgedBy: 'person:budi', acknowledgedVia: 'email' });
    expect(lines).toEqual(['Dikirim ke Sari (petugas siaga BPBD) via email', 'Dieskalasi ke cadangan (Budi) via email', 'Diterima oleh Budi lewat tautan email']);
    expect(text('en', records, { acknowledgedAt: 900_000, acknowledgedBy: 'sari', acknowledgedVia: 'console' }).at(-1)).toBe('Acknowledged by sari via the console');
  });

  it('keeps the newest lines when there are many', () => {
    const records = Array.from({ length: 100 }, (_, i) => rec(i, { attempt: i }));
    const lines = buildTimeline(records, {});
    expect(lines).toHaveLength(MAX_TIMELINE_ENTRIES);
    expect(lines.at(-1)?.at).toBe(99);
  });
});

describe('displayActor', () => {
  it('names a person acknowledging by link from the records, else by id; logins stay as they are', () => {
    expect(displayActor('person:budi', [rec(1, { personId: 'budi', personName: 'Budi Santoso' })])).toBe('Budi Santoso');
    expect(displayActor('person:ani', [])).toBe('ani');
    expect(displayActor('sari', [])).toBe('sari');
  });
});
