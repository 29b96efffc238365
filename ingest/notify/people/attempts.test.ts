import { describe, expect, it } from 'vitest';
import type { DeliveryRecord } from '../../../src/lib/core/people';
import type { Channel, SendResult } from '../channels/types';
import { deliver, type AttemptDeps, type DeliveryJob } from './attempts';
import { channel, person } from './test-fixtures';

/** A scripted channel plugin: answers in turn, then ok. */
function scripted(kind: Channel['kind'], answers: SendResult[]): Channel & { calls: number } {
  const c = {
    kind,
    calls: 0,
    checkAddress: () => null,
    async send(): Promise<SendResult> {
      return answers[c.calls++] ?? { ok: true };
    }
  };
  return c;
}

function setup(plugins: Channel[]) {
  const records: DeliveryRecord[] = [];
  const disabled: number[] = [];
  const sleeps: number[] = [];
  const deps: AttemptDeps = {
    channels: new Map(plugins.map((p) => [p.kind, p])),
    now: () => 1,
    sleep: async (ms) => void sleeps.push(ms),
    record: (r) => records.push(r),
    disable: (_p, c) => disabled.push(c.id),
    random: () => 0.5
  };
  return { deps, records, disabled, sleeps };
}

const ani = person('ani', { channels: [channel(2, 'email', 2), channel(1, 'whatsapp', 1), channel(3, 'telegram', 0, 'x')] });
ani.channels[2].enabled = false;
const job = (critical: boolean): DeliveryJob => ({
  person: ani, reason: 'oncall', teamId: 'bpbd', alertIds: ['a'], critical,
  message: (c) => ({ personId: 'ani', language: 'id', severity: 'critical', alertIds: ['a'], title: c.kind, body: '', url: '', tag: 'a' })
});
const flat = (rs: DeliveryRecord[]) => rs.map((r) => `${r.channel}:${r.status}:${r.attempt}`);

describe('attempts', () => {
  it('retries a retryable failure with backoff, then falls back to the next channel by rank', async () => {
    const wa = scripted('whatsapp', [{ ok: false, retryable: true, error: '503' }, { ok: false, retryable: true, error: '503' }, { ok: false, retryable: true, error: '503' }]);
    const mail = scripted('email', []);
    const { deps, records, sleeps } = setup([wa, mail]);
    const out = await deliver(job(false), deps);
    expect(out).toMatchObject({ ok: true, channel: { kind: 'email' } });
    expect(flat(records)).toEqual(['whatsapp:failed:1', 'whatsapp:failed:2', 'whatsapp:fallback:3', 'email:sent:1']);
    expect(sleeps).toHaveLength(2);
    expect(sleeps[1]).toBeGreaterThan(sleeps[0]);
    expect(records[0]).toMatchObject({ personId: 'ani', personName: 'ANI', teamId: 'bpbd', reason: 'oncall', error: '503' });
  });

  it('a critical message retries fewer times; a permanent failure falls back at once; gone disables the address', async () => {
    const wa = scripted('whatsapp', [{ ok: false, retryable: true, error: 'timeout' }, { ok: false, retryable: true, error: 'timeout' }]);
    const mail = scripted('email', []);
    const a = setup([wa, mail]);
    await deliver(job(true), a.deps);
    expect(flat(a.records)).toEqual(['whatsapp:failed:1', 'whatsapp:fallback:2', 'email:sent:1']);

    const b = setup([scripted('whatsapp', [{ ok: false, retryable: false, error: '400 bad template' }]), scripted('email', [{ ok: false, retryable: false, error: '550' }])]);
    expect(await deliver(job(false), b.deps)).toEqual({ ok: false });
    expect(flat(b.records)).toEqual(['whatsapp:fallback:1', 'email:given_up:1']);

    const c = setup([scripted('whatsapp', [{ ok: false, retryable: false, gone: true, error: '410' }]), scripted('email', [])]);
    await deliver(job(false), c.deps);
    expect(c.disabled).toEqual([1]);
    expect(flat(c.records)).toEqual(['whatsapp:fallback:1', 'email:sent:1']);
  });

  it('skips disabled channels and kinds with no plugin; a throwing plugin counts as a retryable failure', async () => {
    const mail = scripted('email', []);
    mail.send = async () => {
      if (mail.calls++ === 0) throw new Error('socket hang up');
      return { ok: true };
    };
    const { deps, records } = setup([mail]);
    await deliver(job(false), deps);
    expect(flat(records)).toEqual(['email:failed:1', 'email:sent:2']);
  });

  it('a critical message sent by push also goes by the next channel; a non-critical one stops at push', async () => {
    const bob = person('bob', { channels: [channel(1, 'webpush', 0), channel(2, 'email', 1)] });
    const a = setup([scripted('webpush', []), scripted('email', [])]);
    expect(await deliver({ ...job(true), person: bob }, a.deps)).toMatchObject({ ok: true, channel: { kind: 'webpush' } });
    expect(flat(a.records)).toEqual(['webpush:sent:1', 'email:sent:1']);
    const b = setup([scripted('webpush', []), scripted('email', [{ ok: false, retryable: false, error: '550' }])]);
    expect(await deliver({ ...job(true), person: bob }, b.deps)).toMatchObject({ ok: true });
    expect(flat(b.records)).toEqual(['webpush:sent:1', 'email:fallback:1']);
    const c = setup([scripted('webpush', []), scripted('email', [])]);
    await deliver({ ...job(false), person: bob }, c.deps);
    expect(flat(c.records)).toEqual(['webpush:sent:1']);
  });
});
