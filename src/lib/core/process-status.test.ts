import { describe, expect, it } from 'vitest';
import { MAX_STATUS_PAYLOAD_BYTES, parseStatusMessage, processState, roleAlarmText, roleHealth, statusTopic, type ProcessReport } from './process-status';

const enc = (v: unknown) => new TextEncoder().encode(typeof v === 'string' ? v : JSON.stringify(v));
const T0 = Date.UTC(2026, 0, 5, 2, 32); // 10:32 WITA
const report = (over: Partial<ProcessReport> = {}): ProcessReport => ({ role: 'notify', id: 'n1', state: 'online', intervalMs: 60_000, seenAt: T0, ...over });

describe('parseStatusMessage', () => {
  it('reads state and interval, and older counters-only payloads as online', () => {
    const r = parseStatusMessage(statusTopic('notify', 'pantau-notify'), enc({ state: 'offline', intervalMs: 60_000 }), T0, false);
    expect(r).toEqual({ ok: true, report: { role: 'notify', id: 'pantau-notify', state: 'offline', intervalMs: 60_000, seenAt: T0 } });
    const old = parseStatusMessage(statusTopic('ingest', 'w0'), enc({ at: T0 - 5_000, received: 3 }), T0, true);
    expect(old).toEqual({ ok: true, report: { role: 'ingest', id: 'w0', state: 'online', intervalMs: 60_000, seenAt: T0 - 5_000 } });
  });

  it('dates a live message by its arrival, a retained one by its own time but never ahead of arrival', () => {
    const live = parseStatusMessage(statusTopic('notify', 'n'), enc({ state: 'online', at: T0 - 99_000, intervalMs: 60_000 }), T0, false);
    expect(live.ok && 'report' in live && live.report.seenAt).toBe(T0);
    const ahead = parseStatusMessage(statusTopic('notify', 'n'), enc({ state: 'online', at: T0 + 99_000, intervalMs: 60_000 }), T0, true);
    expect(ahead.ok && 'report' in ahead && ahead.report.seenAt).toBe(T0);
  });

  it('refuses bad topics and malformed or oversized payloads as data; an empty one clears', () => {
    const topic = statusTopic('notify', 'n');
    expect(parseStatusMessage('pantau/v1/status/web/x', enc({}), T0, false)).toEqual({ ok: false, reason: 'bad_topic' });
    expect(parseStatusMessage('pantau/v1/status/notify/a/b', enc({}), T0, false)).toEqual({ ok: false, reason: 'bad_topic' });
    expect(parseStatusMessage('pantau/v1/status/notify/bad id', enc({}), T0, false)).toEqual({ ok: false, reason: 'bad_topic' });
    expect(parseStatusMessage(topic, enc('{nope'), T0, false)).toEqual({ ok: false, reason: 'not_json' });
    expect(parseStatusMessage(topic, enc([1]), T0, false)).toEqual({ ok: false, reason: 'bad_shape' });
    expect(parseStatusMessage(topic, enc({ state: 'dancing' }), T0, false)).toEqual({ ok: false, reason: 'bad_shape' });
    expect(parseStatusMessage(topic, enc({ intervalMs: 5 }), T0, false)).toEqual({ ok: false, reason: 'bad_shape' });
    expect(parseStatusMessage(topic, enc({ at: 'x' }), T0, false)).toEqual({ ok: false, reason: 'bad_shape' });
    expect(parseStatusMessage(topic, new Uint8Array(MAX_STATUS_PAYLOAD_BYTES + 1), T0, false)).toEqual({ ok: false, reason: 'too_large' });
    expect(parseStatusMessage(topic, new Uint8Array(0), T0, false)).toEqual({ ok: true, cleared: true });
  });
});

describe('processState', () => {
  it('is up until silent for three of its intervals, then stale; offline and stopped as reported', () => {
    expect(processState(report(), T0 + 180_000)).toBe('up');
    expect(processState(report(), T0 + 180_001)).toBe('stale');
    expect(processState(report({ intervalMs: 10_000 }), T0 + 30_001)).toBe('stale');
    expect(processState(report({ state: 'offline' }), T0)).toBe('offline');
    expect(processState(report({ state: 'stopped' }), T0)).toBe('stopped');
  });
});

describe('roleHealth', () => {
  const opts = { expected: [] as ('notify' | 'ingest')[], startedAt: T0, graceMs: 120_000 };
  const notify = (reports: ProcessReport[], now: number, o = opts) => roleHealth(reports, o, now).find((r) => r.role === 'notify')!;

  it('alarms for a lost instance (offline or stale) even when not configured', () => {
    expect(notify([report({ state: 'offline' })], T0 + 1_000)).toEqual({ role: 'notify', state: 'down', expected: true, alarm: true, since: T0 });
    expect(notify([report()], T0 + 200_000)).toMatchObject({ state: 'down', alarm: true, since: T0 });
  });

  it('one instance up is enough; a clean stop alone raises nothing unless the deployment runs the role', () => {
    expect(notify([report({ state: 'offline' }), report({ id: 'n2', seenAt: T0 + 5_000 })], T0 + 10_000)).toMatchObject({ state: 'up', alarm: false });
    expect(notify([report({ state: 'stopped' })], T0 + 1_000)).toMatchObject({ state: 'down', expected: false, alarm: false });
    expect(notify([report({ state: 'stopped' })], T0 + 1_000, { ...opts, expected: ['notify'] })).toMatchObject({ state: 'down', alarm: true });
  });

  it('never seen: no alarm unless configured, then only after the grace period, dated from the web start', () => {
    expect(notify([], T0 + 999_999)).toEqual({ role: 'notify', state: 'not_seen', expected: false, alarm: false, since: 0 });
    const configured = { ...opts, expected: ['notify' as const] };
    expect(notify([], T0 + 119_999, configured).alarm).toBe(false);
    expect(notify([], T0 + 120_000, configured)).toEqual({ role: 'notify', state: 'not_seen', expected: true, alarm: true, since: T0 });
  });

  it('dates a role down from the last of its instances to go', () => {
    const h = notify([report({ state: 'offline', seenAt: T0 }), report({ id: 'n2', state: 'offline', seenAt: T0 + 60_000 })], T0 + 70_000);
    expect(h.since).toBe(T0 + 60_000);
  });
});

describe('roleAlarmText', () => {
  it('says it in Indonesian and English with the WITA time', () => {
    expect(roleAlarmText('notify', T0)).toEqual({
      id: 'Pengiriman peringatan ke petugas tidak berjalan sejak 10:32 WITA — tidak ada yang dihubungi',
      en: 'Paging is down since 10:32 WITA: nobody is being paged'
    });
    expect(roleAlarmText('ingest', T0).en).toContain('Data intake is down since 10:32 WITA');
  });

  it('dates a time from before today or over 12 h ago, with how long ago', () => {
    const now = Date.UTC(2026, 11, 7, 2); // Monday 10:00 WITA
    const weekend = roleAlarmText('ingest', now - 50 * 3_600_000, {}, now);
    expect(weekend.id).toContain('sejak 5 Des 08:00 WITA (2 hari lalu)');
    expect(weekend.en).toContain('Data intake is down since 5 Dec 08:00 WITA (2 days ago)');
    expect(roleAlarmText('notify', now - 3_600_000, {}, now).en).toBe('Paging is down since 09:00 WITA: nobody is being paged');
    // 23:30 yesterday is yesterday, though only 10.5 h ago; noticed times too
    expect(roleAlarmText('notify', Date.UTC(2026, 11, 6, 15, 30), { noticed: true }, now).id).toContain('(diketahui 6 Des 23:30 WITA, 10 jam lalu)');
    expect(roleAlarmText('notify', now - 13 * 3_600_000, {}, now).en).toContain('since 6 Dec 21:00 WITA (13 hours ago)');
  });
});
