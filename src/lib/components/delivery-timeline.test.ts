import { describe, expect, it } from 'vitest';
import type { DeliveryRecord } from '../core/people';
import { translate } from '../i18n/translate';
import { buildTimeline, displayActor, GROUP_WINDOW_MS, MAX_TIMELINE_ENTRIES, timelineParams } from './delivery-timeline';

const rec = (at: number, over: Partial<DeliveryRecord>): DeliveryRecord => ({
  at, alertIds: ['a1'], personId: 'sari', personName: 'Sari', teamId: 'bpbd', reason: 'oncall', channel: 'email', status: 'sent', attempt: 1, ...over
});
const text = (lang: 'id' | 'en', records: DeliveryRecord[], alert = {}) =>
  buildTimeline(records, alert).map((e) => translate(lang, e.key, timelineParams(e, (k, p) => translate(lang, k, p))));

describe('buildTimeline', () => {
  it('says that no team covers an alert nobody on call was paged for, in both languages', () => {
    const records = [rec(1, { personId: '', personName: '', teamId: undefined, channel: 'webpush', status: 'uncovered', attempt: 0, error: 'covered by no team' })];
    expect(text('en', records)).toEqual(['Covered by no team: nobody on call was paged (add its kind or district to a team)']);
    expect(text('id', records)).toEqual(['Tidak ditanggung tim mana pun: tidak ada petugas piket yang dihubungi (tambahkan jenis atau kecamatannya ke sebuah tim)']);
    expect(buildTimeline(records, {})[0]).toMatchObject({ tone: 'bad', error: 'covered by no team' });
  });

  it('says who was reached, why and how, in both languages', () => {
    const records = [rec(1, {})];
    expect(text('id', records)).toEqual(['Dikirim ke Sari (petugas piket BPBD) via email']);
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
    expect(lines).toEqual(['Dikirim ke Sari (petugas piket BPBD) via email', 'Dieskalasi ke cadangan (Budi) via email', 'Ditangani oleh Budi lewat tautan email']);
    expect(text('en', records, { acknowledgedAt: 900_000, acknowledgedBy: 'sari', acknowledgedVia: 'console' }).at(-1)).toBe('Acknowledged by sari via the console');
  });

  it('keeps the newest lines when there are many', () => {
    const records = Array.from({ length: 100 }, (_, i) => rec(i, { attempt: i }));
    const lines = buildTimeline(records, {});
    expect(lines).toHaveLength(MAX_TIMELINE_ENTRIES);
    expect(lines.at(-1)?.at).toBe(99);
  });
});

describe('buildTimeline groups the same news about several people', () => {
  const SIX = ['Sari Wulandari', 'Indah Permata', 'Bambang Wijaya', 'Hendra Saputra', 'Joko Susilo', 'Rizky Pratama'];
  const person = (name: string) => ({ personId: name.split(' ')[0].toLowerCase(), personName: name });
  const givenUp = (at: number, name: string, over: Partial<DeliveryRecord> = {}) =>
    rec(at, { ...person(name), status: 'given_up', error: 'email: connect ECONNREFUSED', ...over });

  it('makes one line naming everyone an outage failed by email within the same minute, in both languages', () => {
    const records = SIX.map((n, i) => givenUp(1_000 + i * 5_000, n));
    const lines = buildTimeline(records, {});
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ at: 1_000, key: 'delivery.givenUpMany', tone: 'bad', names: SIX, error: 'email: connect ECONNREFUSED' });
    expect(text('en', records)).toEqual([`Could not reach 6 people by email: ${SIX.join(', ')}`]);
    expect(text('id', records)).toEqual([`Tidak berhasil menjangkau 6 orang via email: ${SIX.join(', ')}`]);
  });

  it('names the first few of a long list and counts the rest', () => {
    const names = [...SIX, 'Ani Rahmawati', 'Budi Santoso', 'Citra Dewi'];
    const records = names.map((n, i) => givenUp(i, n));
    expect(text('en', records)).toEqual([`Could not reach 9 people by email: ${names.slice(0, 5).join(', ')} … and 4 more`]);
    expect(text('id', records)).toEqual([`Tidak berhasil menjangkau 9 orang via email: ${names.slice(0, 5).join(', ')} … dan 4 lainnya`]);
  });

  it('keeps different channels, reasons and teams apart', () => {
    const records = [givenUp(1, SIX[0]), givenUp(2, SIX[1], { channel: 'telegram' }), givenUp(3, SIX[2], { channel: 'telegram' }), givenUp(4, SIX[3], { channel: 'telegram', teamId: 'pdam' }), givenUp(5, SIX[4], { channel: 'telegram', teamId: 'pdam', reason: 'subscription' })];
    expect(text('en', records)).toEqual([`Could not reach ${SIX[0]} by email`, `Could not reach 2 people by Telegram: ${SIX[1]}, ${SIX[2]}`, `Could not reach ${SIX[3]} by Telegram`, `Could not reach ${SIX[4]} by Telegram`]);
  });

  it('keeps two failures apart when a message that went out lies between them (the order tells what happened)', () => {
    const records = [givenUp(1, SIX[0]), rec(2, person(SIX[1])), givenUp(3, SIX[2])];
    expect(buildTimeline(records, {}).map((e) => e.key)).toEqual(['delivery.givenUp', 'delivery.sent', 'delivery.givenUp']);
  });

  it('keeps failures more than a minute after the line’s first one apart, so its one time is true for every name', () => {
    const records = [givenUp(0, SIX[0]), givenUp(GROUP_WINDOW_MS, SIX[1]), givenUp(GROUP_WINDOW_MS + 1, SIX[2])];
    expect(buildTimeline(records, {}).map((e) => e.names ?? e.params.name)).toEqual([[SIX[0], SIX[1]], SIX[2]]);
  });

  it('leaves a single failure exactly as it was', () => {
    const records = [givenUp(1, SIX[0])];
    expect(buildTimeline(records, {})).toEqual([{ at: 1, key: 'delivery.givenUp', tone: 'bad', error: 'email: connect ECONNREFUSED', params: { name: SIX[0], channel: 'channel.email', reason: 'delivery.reason.oncall', team: 'BPBD' } }]);
    expect(text('en', records)).toEqual([`Could not reach ${SIX[0]} by email`]);
  });

  it('shows the error only when every grouped failure had the same one', () => {
    const lines = buildTimeline([givenUp(1, SIX[0]), givenUp(2, SIX[1], { error: 'email: timeout' })], {});
    expect(lines).toHaveLength(1);
    expect(lines[0].error).toBeUndefined();
  });

  it('starts a new line when the same person comes again (a retry is news of its own)', () => {
    const failed = (at: number, name: string, attempt: number) => rec(at, { ...person(name), status: 'failed', attempt, error: '503' });
    const records = [failed(1, SIX[0], 1), failed(2, SIX[1], 1), failed(3, SIX[0], 2), failed(4, SIX[1], 2)];
    expect(text('en', records)).toEqual([`email to 2 people failed: ${SIX[0]}, ${SIX[1]}`, `email to 2 people failed: ${SIX[0]}, ${SIX[1]}`]);
  });

  it('groups messages that went out, with the reason, and fallbacks that then worked', () => {
    const sent = [rec(1, person(SIX[0])), rec(2, person(SIX[1])), rec(3, person(SIX[2]))];
    expect(text('en', sent)).toEqual([`Sent to 3 people (on call, BPBD) by email: ${SIX.slice(0, 3).join(', ')}`]);
    expect(text('id', sent)).toEqual([`Dikirim ke 3 orang (petugas piket BPBD) via email: ${SIX.slice(0, 3).join(', ')}`]);
    const fellBack = [0, 1].flatMap((i) => [rec(i, { ...person(SIX[i]), channel: 'whatsapp', status: 'fallback' }), rec(10 + i, person(SIX[i]))]);
    expect(text('en', fellBack)).toEqual([`WhatsApp to 2 people failed, sent by email: ${SIX[0]}, ${SIX[1]}`]);
    expect(text('id', fellBack)).toEqual([`WhatsApp ke 2 orang gagal, dikirim lewat email: ${SIX[0]}, ${SIX[1]}`]);
  });

  it('keeps each escalation its own line: who was paged after whom is the point', () => {
    const records = [rec(1, { ...person('Budi Santoso'), reason: 'backup' }), rec(2, { ...person('Citra Dewi'), reason: 'backup' })];
    expect(text('en', records)).toEqual(['Escalated to backup (Budi Santoso) by email', 'Escalated to backup (Citra Dewi) by email']);
  });

  it('has a grouped text in both languages for every key it groups', () => {
    const statuses = ['sent', 'failed', 'fallback', 'held', 'given_up', 'quiet', 'unknown'] as const;
    for (const status of statuses) {
      const records = [rec(1, { ...person(SIX[0]), status, until: 5 }), rec(2, { ...person(SIX[1]), status, until: 5 })];
      for (const lang of ['en', 'id'] as const) {
        const [line] = text(lang, records);
        expect(line, `${status} ${lang}`).toContain(`2 ${lang === 'en' ? 'people' : 'orang'}`);
        expect(line, `${status} ${lang}`).toContain(`${SIX[0]}, ${SIX[1]}`);
        expect(line, `${status} ${lang}`).not.toMatch(/[{}]/);
      }
    }
  });
});

describe('displayActor', () => {
  it('names a person acknowledging by link from the records, else by id; logins stay as they are', () => {
    expect(displayActor('person:budi', [rec(1, { personId: 'budi', personName: 'Budi Santoso' })])).toBe('Budi Santoso');
    expect(displayActor('person:ani', [])).toBe('ani');
    expect(displayActor('sari', [])).toBe('sari');
  });
});
