import { describe, expect, it } from 'vitest';
import { createProcessBoard } from './process-board';
import { statusTopic } from '../core/process-status';

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
