import { describe, expect, it } from 'vitest';
import type { DeliveryRecord } from '../../../src/lib/core/people';
import { createSendLedger, type SendLedger } from './send-ledger';
import { alert, channel, directory, event, person } from './test-fixtures';
import { testNotifier } from './test-notifier';

/**
 * A person who leads two teams covering one alert: one page per alert event, live and after a restart (the restore's
 * re-pages go per team's chain, and their send-ledger keys must not tell the two teams apart).
 */

const FOREVER = Number.MAX_SAFE_INTEGER;
const team = (id: string) => ({ id, name: { id, en: id }, kinds: [], districts: [], leadPersonId: 'citra', backupAfterMin: 5, leadAfterMin: 30 });
const shift = (id: number, teamId: string, personId: string, role: 'primary' | 'backup') => ({ id, teamId, personId, role, start: 0, end: FOREVER });
const dir = directory(
  ['ani', 'budi', 'citra', 'dedi', 'eka'].map((id, i) => person(id, { channels: [channel(i, 'email', 0)] })),
  { teams: [team('bpbd'), team('damkar')], shifts: [shift(1, 'bpbd', 'ani', 'primary'), shift(2, 'bpbd', 'budi', 'backup'), shift(3, 'damkar', 'dedi', 'primary'), shift(4, 'damkar', 'eka', 'backup')] }
);

const notifier = (mail: string[], records: DeliveryRecord[], start: number, sends?: SendLedger) => testNotifier({ dir, mail, records, start, sends });

const a = alert({ raisedAt: 0, updatedAt: 0 });
const worsening = event('escalated', { ...a, level: 3, worsenedAt: 40_000, updatedAt: 40_000 }, 40_000);
const pagesOf = (mail: readonly string[], who: string) => mail.filter((m) => m.startsWith(`${who}:`));

describe('dispatcher: a person who leads two teams', () => {
  it('the two teams\' lead steps, due together, page the lead once; a restart after them pages nobody again', async () => {
    const mail: string[] = [];
    const records: DeliveryRecord[] = [];
    const live = notifier(mail, records, 0);
    live.d.handle(event('raised', a, 0));
    await live.runTo(31_000);
    expect(mail).toEqual(['ani:oncall', 'dedi:oncall', 'budi:backup', 'eka:backup', 'citra:lead']);
    mail.length = 0;
    const restarted = notifier(mail, records, 32_000);
    restarted.restoreFrom([event('raised', a, 0)]);
    await restarted.runTo(120_000);
    expect(mail).toEqual([]);
  });

  it('a worsening handled live pages the lead once', async () => {
    const mail: string[] = [];
    const live = notifier(mail, [], 0);
    live.d.handle(event('raised', a, 0));
    await live.runTo(31_000);
    mail.length = 0;
    live.d.handle(worsening);
    await live.d.idle();
    expect(pagesOf(mail, 'citra')).toEqual(['citra:lead']);
  });

  it('a worsening arriving after a restart: the restore pages the lead once, not once per team', async () => {
    const mail: string[] = [];
    const records: DeliveryRecord[] = [];
    const first = notifier(mail, records, 0);
    first.d.handle(event('raised', a, 0));
    await first.runTo(31_000);
    mail.length = 0;
    const restarted = notifier(mail, records, 40_500, createSendLedger());
    restarted.restoreFrom([event('raised', a, 0), worsening]);
    restarted.d.handle(worsening);
    await restarted.runTo(120_000);
    expect(pagesOf(mail, 'citra')).toEqual(['citra:lead']);
    expect(pagesOf(mail, 'budi')).toEqual(['budi:backup']);
    expect(pagesOf(mail, 'eka')).toEqual(['eka:backup']);
  });

  it('the worsening paged before the stop, its records not yet written: the ledger file keeps the restore from paging the lead again', async () => {
    const dirPath = await import('node:fs/promises').then((fs) => fs.mkdtemp(`${(process.env.TMPDIR ?? '/tmp').replace(/\/$/, '')}/pantau-ledger-`));
    const file = `${dirPath}/sends.jsonl`;
    const mail: string[] = [];
    const records: DeliveryRecord[] = [];
    const before = createSendLedger({ file });
    const first = notifier(mail, records, 0, before);
    first.d.handle(event('raised', a, 0));
    await first.runTo(31_000);
    const written = records.length;
    first.d.handle(worsening);
    await first.runTo(41_000);
    expect(pagesOf(mail.slice(-5), 'citra')).toEqual(['citra:lead']);
    before.close();
    records.length = written;
    mail.length = 0;
    const restarted = notifier(mail, records, 42_000, createSendLedger({ file }));
    restarted.restoreFrom([event('raised', a, 0), worsening]);
    restarted.d.handle(worsening);
    await restarted.runTo(120_000);
    expect(mail).toEqual([]);
  });
});
