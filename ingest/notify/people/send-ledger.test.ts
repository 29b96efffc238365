import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildTimeline } from '../../../src/lib/components/delivery-timeline';
import { translate } from '../../../src/lib/i18n/translate';
import { createSendLedger, ledgerVerdict, messageKey } from './send-ledger';

const dirs: string[] = [];
function file(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'pantau-ledger-'));
  dirs.push(dir);
  return path.join(dir, 'people.sends');
}
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('send ledger', () => {
  it('keys are stable and tell events, people and reasons apart', () => {
    expect(messageKey(['a', 'raised', 1, 2, 'ani', 'oncall', 'bpbd'])).toBe(messageKey(['a', 'raised', 1, 2, 'ani', 'oncall', 'bpbd']));
    expect(messageKey(['a', 'raised', 1, 2, 'ani', 'oncall', 'bpbd'])).not.toBe(messageKey(['a', 'raised', 1, 2, 'budi', 'oncall', 'bpbd']));
    expect(messageKey(['a', 'raised'])).not.toBe(messageKey(['a', 'escalated']));
  });

  it('creates its folder: a first start on an empty data folder (the ledger opens before the journal makes it)', () => {
    const f = path.join(path.dirname(file()), 'not-yet', 'deeper', 'people.sends');
    const ledger = createSendLedger({ file: f, now: () => 5_000 });
    ledger.tried('k', 'email', 1_000);
    ledger.done('k');
    expect(readFileSync(f, 'utf8')).toContain('"k":"k"');
  });

  it('survives a reopen: done and reached are not sent again, a cut attempt is unknown, failures are sent again', () => {
    const f = file();
    const one = createSendLedger({ file: f, now: () => 5_000 });
    one.tried('done', 'email', 1_000);
    one.result('done', 'email', true);
    one.done('done');
    one.tried('reached', 'email', 1_000);
    one.result('reached', 'email', true); // crash before done
    one.tried('cut', 'whatsapp', 2_000); // crash mid-send
    one.tried('failed', 'telegram', 1_000);
    one.result('failed', 'telegram', false);
    one.tried('push', 'webpush', 1_000);
    one.result('push', 'webpush', true);
    one.tried('push', 'email', 3_000);
    one.close();
    appendFileSync(f, '{"k":"half","s":"tr'); // the crash cut the last line

    const two = createSendLedger({ file: f });
    expect(two.lookup('done', false)).toEqual({ kind: 'done' });
    expect(two.lookup('reached', true)).toEqual({ kind: 'reached', channel: 'email' });
    expect(two.lookup('cut', true)).toEqual({ kind: 'unknown', channel: 'whatsapp', at: 2_000 });
    expect(two.lookup('failed', true)).toEqual({ kind: 'failed' });
    expect(two.lookup('half', true)).toEqual({ kind: 'new' });
    // A push accepted says nothing about the phone: for a critical message the next channel's cut attempt still counts.
    expect(two.lookup('push', true)).toEqual({ kind: 'unknown', channel: 'email', at: 3_000 });
    expect(two.lookup('push', false)).toEqual({ kind: 'reached', channel: 'webpush' });
    // Compacted at open: one line per key (the cut line is gone).
    expect(readFileSync(f, 'utf8').trim().split('\n')).toHaveLength(5);
    two.close();
  });

  it('is bounded: the oldest keys go, and the file is compacted as it grows', () => {
    const f = file();
    const l = createSendLedger({ file: f, maxKeys: 10 });
    for (let i = 0; i < 100; i++) {
      l.tried(`k${i}`, 'email', i);
      l.done(`k${i}`);
    }
    expect(l.size()).toBe(10);
    expect(l.lookup('k0', false)).toEqual({ kind: 'new' });
    expect(l.lookup('k99', false)).toEqual({ kind: 'done' });
    expect(readFileSync(f, 'utf8').trim().split('\n').length).toBeLessThanOrEqual(40);
    l.close();
  });

  it('a compaction that cannot write leaves the ledger in memory, never writing to its closed file descriptor', () => {
    const f = file();
    const l = createSendLedger({ file: f, maxKeys: 2 });
    rmSync(path.dirname(f), { recursive: true, force: true }); // the rewrite beside it will fail
    let threw = 0;
    for (let i = 0; i < 20; i++) {
      try {
        l.tried(`k${i}`, 'email', i);
      } catch {
        threw++;
      }
    }
    expect(threw).toBe(1);
    expect(l.lookup('k19', true)).toEqual({ kind: 'unknown', channel: 'email', at: 19 });
    l.close();
  });

  it('verdicts: skip what went out; an unknown outcome is resent only when critical, after the channel timeout', () => {
    expect(ledgerVerdict({ kind: 'done' }, true, 0, 10_000)).toEqual({ act: 'skip' });
    expect(ledgerVerdict({ kind: 'reached', channel: 'email' }, true, 0, 10_000)).toEqual({ act: 'skip' });
    expect(ledgerVerdict({ kind: 'failed' }, false, 0, 10_000)).toEqual({ act: 'send' });
    expect(ledgerVerdict({ kind: 'unknown', channel: 'email', at: 1_000 }, true, 5_000, 10_000)).toEqual({ act: 'unknown', channel: 'email', resend: true, waitMs: 6_000 });
    expect(ledgerVerdict({ kind: 'unknown', channel: 'email', at: 1_000 }, false, 50_000, 10_000)).toEqual({ act: 'unknown', channel: 'email', resend: false, waitMs: 0 });
  });

  it('an unknown outcome reads plainly on the alert (ID/EN)', () => {
    const r = { at: 1, alertIds: ['a'], personId: 'eko', personName: 'Eko', reason: 'subscription' as const, channel: 'email' as const, status: 'unknown' as const, attempt: 0 };
    const [line] = buildTimeline([r], {});
    expect(line.tone).toBe('bad');
    const params = { ...line.params, channel: 'email' };
    expect(translate('en', line.key, params)).toBe('email to Eko: outcome unknown (the notifier stopped while sending)');
    expect(translate('id', line.key, params)).toBe('email ke Eko: hasil tidak diketahui (notifier berhenti saat mengirim)');
  });
});
