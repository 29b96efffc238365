import { describe, expect, it } from 'vitest';
import { MAX_PROCESSES_PER_ROLE, createProcessBoard } from './process-board';
import { parseStatusPayload, roleAlarmText, statusTopic } from '../core/process-status';
import { statusMessage, statusWill } from '../../../ingest/status-topic';
import { loadIngestConfig } from '../../../ingest/config';

const T0 = 1_800_000_000_000;
const msg = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));

describe('process board', () => {
  it('holds the latest status per process and derives its state and the role alarm', () => {
    const board = createProcessBoard({ expected: ['notify'], startedAt: T0, graceMs: 60_000 });
    expect(board.take(statusTopic('notify', 'n1'), msg({ state: 'online', at: T0, intervalMs: 60_000 }), false, T0)).toBe(true);
    expect(board.health(T0 + 1_000).processes).toEqual([{ role: 'notify', id: 'n1', state: 'up', since: T0, ageMs: 1_000, intervalMs: 60_000 }]);
    board.take(statusTopic('notify', 'n1'), msg({ state: 'offline', intervalMs: 60_000 }), false, T0 + 5_000);
    const h = board.health(T0 + 6_000);
    expect(h.processes[0]).toMatchObject({ state: 'offline', since: T0 + 5_000 });
    expect(h.roles.find((r) => r.role === 'notify')).toMatchObject({ state: 'down', alarm: true, since: T0 + 5_000 });
    expect(h.roles.find((r) => r.role === 'ingest')).toMatchObject({ state: 'not_seen', alarm: false });
  });

  it('refuses malformed payloads as data and clears a process on an empty retained payload', () => {
    const dropped: string[] = [];
    const board = createProcessBoard({ expected: [], startedAt: T0, graceMs: 0, onDropped: (r) => dropped.push(r) });
    expect(board.take(statusTopic('ingest', 'w0'), new TextEncoder().encode('{'), false, T0)).toBe(false);
    expect(board.take('pantau/v1/status/other/x', msg({}), false, T0)).toBe(false);
    expect(dropped).toEqual(['not_json', 'bad_topic']);
    board.take(statusTopic('ingest', 'w0'), msg({ state: 'offline', intervalMs: 10_000 }), true, T0);
    expect(board.health(T0).processes).toHaveLength(1);
    board.take(statusTopic('ingest', 'w0'), new Uint8Array(0), true, T0);
    expect(board.health(T0).processes).toHaveLength(0);
  });

  it('is bounded: a new process replaces the oldest one not up, or is refused when all are up', () => {
    const dropped: string[] = [];
    const board = createProcessBoard({ expected: [], startedAt: T0, graceMs: 0, max: 2, onDropped: (r) => dropped.push(r) });
    board.take(statusTopic('notify', 'a'), msg({ state: 'offline', intervalMs: 60_000 }), false, T0);
    board.take(statusTopic('notify', 'b'), msg({ state: 'online', intervalMs: 60_000 }), false, T0 + 1);
    expect(board.take(statusTopic('notify', 'c'), msg({ state: 'online', intervalMs: 60_000 }), false, T0 + 2)).toBe(true);
    expect(board.health(T0 + 3).processes.map((p) => p.id)).toEqual(['b', 'c']);
    expect(board.take(statusTopic('notify', 'd'), msg({ state: 'online', intervalMs: 60_000 }), false, T0 + 4)).toBe(false);
    expect(dropped).toEqual(['too_many_processes']);
  });
});

describe('the cap is per role (security review)', () => {
  it('a board full of live ingest workers still takes the notifier', () => {
    const board = createProcessBoard({ expected: ['notify'], startedAt: T0, graceMs: 0 });
    let taken = 0;
    for (let i = 0; i < MAX_PROCESSES_PER_ROLE.ingest + 100; i++) {
      if (board.take(statusTopic('ingest', `w${i}`), msg({ state: 'online', intervalMs: 60_000 }), false, T0)) taken++;
    }
    expect(taken).toBe(MAX_PROCESSES_PER_ROLE.ingest);
    // was: refused (one cap for both roles), and the wall said paging was down
    expect(board.take(statusTopic('notify', 'n'), msg({ state: 'online', intervalMs: 60_000 }), false, T0)).toBe(true);
    expect(board.health(T0 + 1).roles.find((r) => r.role === 'notify')).toMatchObject({ state: 'up', alarm: false });
    // the banner's per-role answer is the same without building the sorted list of 1,000 processes
    expect(board.roles(T0 + 1)).toEqual(board.health(T0 + 1).roles);
  });
});

describe('partitioned ingest and Wills read back after a web restart (review of the first version)', () => {
  const enc = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));
  // T0 from the file above
  const topic = (id: string) => `pantau/v1/status/ingest/${id}`;
  const ingestOf = (board: ReturnType<typeof createProcessBoard>, now: number) => board.health(now).roles.find((r) => r.role === 'ingest')!;

  it('INGEST_WORKERS=2: one worker lost is half the sensors not taken in, though the other is up', () => {
    const board = createProcessBoard({ expected: ['ingest'], startedAt: T0, graceMs: 120_000 });
    for (const i of [0, 1]) board.take(topic(`pantau-ingest-w${i}`), enc({ state: 'online', at: T0, intervalMs: 10_000, workers: 2, workerIndex: i }), false, T0);
    expect(ingestOf(board, T0 + 1_000)).toMatchObject({ state: 'up', alarm: false });
    board.take(topic('pantau-ingest-w1'), enc({ state: 'offline', intervalMs: 10_000, workers: 2, workerIndex: 1 }), false, T0 + 5_000);
    const health = ingestOf(board, T0 + 10_000);
    expect(health).toMatchObject({ state: 'down', alarm: true, partsDown: 1, parts: 2, since: T0 + 5_000 });
    expect(roleAlarmText('ingest', health.since, health).en).toMatch(/^Data intake is partly down since \d\d:\d\d WITA \(1\/2 workers\)/);
  });

  it('a worker not heard of yet counts only after the grace period; unpartitioned instances stand in for each other', () => {
    const board = createProcessBoard({ expected: ['ingest'], startedAt: T0, graceMs: 120_000 });
    board.take(topic('pantau-ingest-w0'), enc({ state: 'online', at: T0, intervalMs: 10_000, workers: 2, workerIndex: 0 }), false, T0);
    expect(ingestOf(board, T0 + 5_000).alarm).toBe(false);
    for (let t = T0 + 10_000; t <= T0 + 130_000; t += 10_000) board.take(topic('pantau-ingest-w0'), enc({ state: 'online', at: t, intervalMs: 10_000, workers: 2, workerIndex: 0 }), false, t);
    expect(ingestOf(board, T0 + 130_000)).toMatchObject({ alarm: true, partsDown: 1 });
    const shared = createProcessBoard({ expected: ['ingest'], startedAt: T0, graceMs: 120_000 });
    for (const id of ['a', 'b']) shared.take(topic(id), enc({ state: 'online', at: T0, intervalMs: 10_000 }), false, T0);
    shared.take(topic('b'), enc({ state: 'offline', intervalMs: 10_000 }), false, T0 + 1_000);
    expect(ingestOf(shared, T0 + 2_000).alarm).toBe(false);
  });

  it('a Will read back at subscribe is said as noticed then, not as when the process went', () => {
    const webStart = T0 + 3_600_000;
    const board = createProcessBoard({ expected: ['notify'], startedAt: webStart, graceMs: 120_000 });
    board.take('pantau/v1/status/notify/pantau-notify', enc({ state: 'offline', intervalMs: 60_000 }), true, webStart);
    const notify = board.health(webStart + 1_000).roles.find((r) => r.role === 'notify')!;
    expect(notify).toMatchObject({ alarm: true, noticed: true });
    expect(roleAlarmText('notify', notify.since, notify)).toEqual({
      id: expect.stringMatching(/tidak berjalan \(diketahui \d\d[.:]\d\d WITA\)/),
      en: expect.stringMatching(/^Paging is down \(noticed at \d\d[.:]\d\d WITA\)/)
    });
    // heard live, the Will's arrival is when it went
    board.take('pantau/v1/status/notify/pantau-notify', enc({ state: 'online', at: webStart + 2_000, intervalMs: 60_000 }), false, webStart + 2_000);
    board.take('pantau/v1/status/notify/pantau-notify', enc({ state: 'offline', intervalMs: 60_000 }), false, webStart + 9_000);
    expect(board.health(webStart + 10_000).roles.find((r) => r.role === 'notify')).toMatchObject({ since: webStart + 9_000, alarm: true });
    expect(board.health(webStart + 10_000).roles.find((r) => r.role === 'notify')!.noticed).toBeUndefined();
  });
});

describe('status of many workers, a Will read again, a share never heard of (second review)', () => {
  it('a status from worker 5 of INGEST_WORKERS=100 (the ingest config allows up to 1024) is accepted', () => {
    const payload = JSON.parse(statusMessage('online', 10_000, T0, {}, { workers: 100, index: 5 }));
    expect(parseStatusPayload(payload)).not.toBeNull();
  });

  it('a live Will heard at 10:32 keeps its time when the web re-subscribes and reads it back retained', () => {
    const board = createProcessBoard({ expected: ['notify'], startedAt: T0 - 3_600_000, graceMs: 60_000 });
    const topic = statusTopic('notify', 'n1');
    board.take(topic, msg({ state: 'online', at: T0 - 60_000, intervalMs: 60_000 }), false, T0 - 60_000);
    const will = statusWill('notify', 'n1', 60_000).payload as Buffer;
    board.take(topic, new Uint8Array(will), false, T0); // live Will: since T0
    const before = board.health(T0 + 1_000).roles.find((r) => r.role === 'notify')!;
    expect(before).toMatchObject({ since: T0 });
    // the web's MQTT link drops and comes back 30 min later: the broker re-sends the retained Will
    board.take(topic, new Uint8Array(will), true, T0 + 1_800_000);
    const after = board.health(T0 + 1_800_001).roles.find((r) => r.role === 'notify')!;
    expect(after.since).toBe(T0);
  });

  it('a share never heard of, past the grace: since stays put (not the current time)', () => {
    const board = createProcessBoard({ expected: ['ingest'], startedAt: T0, graceMs: 60_000 });
    board.take(statusTopic('ingest', 'pantau-ingest-w0'), msg({ state: 'online', at: T0, intervalMs: 10_000, workers: 2, workerIndex: 0 }), false, T0);
    for (let t = T0 + 120_000; t < T0 + 150_000; t += 10_000) board.take(statusTopic('ingest', 'pantau-ingest-w0'), msg({ state: 'online', at: t, intervalMs: 10_000, workers: 2, workerIndex: 0 }), false, t);
    const a = board.health(T0 + 130_000).roles.find((r) => r.role === 'ingest')!;
    const b = board.health(T0 + 145_000).roles.find((r) => r.role === 'ingest')!;
    expect(a.alarm).toBe(true);
    expect(b.since).toBe(a.since);
  });

  it('the ingest config accepts 100 workers', () => {
    const c = loadIngestConfig({ INGEST_WORKERS: '100', INGEST_WORKER_INDEX: '5' });
    expect(c.workers).toBe(100);
  });
});

describe('partly down, dated by the current deployment only (second review)', () => {
  it('an old run\'s Will (3 workers) read back at web start does not date the current share\'s outage', () => {
    const board = createProcessBoard({ expected: ['ingest'], startedAt: T0, graceMs: 60_000 });
    const yesterday = T0 - 86_400_000;
    // current run, 2 workers: w1 stopped cleanly yesterday; w0 up
    board.take(statusTopic('ingest', 'pantau-ingest-w1'), msg({ state: 'stopped', at: yesterday, intervalMs: 10_000, workers: 2, workerIndex: 1 }), true, T0);
    // an instance of an older 3-worker run under another client id, killed long ago: its Will has no time
    board.take(statusTopic('ingest', 'old-w1'), msg({ state: 'offline', intervalMs: 10_000, workers: 3, workerIndex: 1 }), true, T0);
    board.take(statusTopic('ingest', 'pantau-ingest-w0'), msg({ state: 'online', at: T0, intervalMs: 10_000, workers: 2, workerIndex: 0 }), true, T0);
    const h = board.health(T0 + 1_000).roles.find((r) => r.role === 'ingest')!;
    expect(h.since).toBe(yesterday);
  });
});
