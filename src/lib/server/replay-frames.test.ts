import { describe, it, expect } from 'vitest';
import { bucketFrames, buildFramesQuery, decodeFrame, encodeEntry, FRAME_PART_CHARS, frameLines, joinEntries, parseFrames, type FrameEntry } from './replay-frames';
import { framedStep, framesCut, planFramed } from './replay-framed';
import type { InfluxSeries } from './influx';

const H = 3_600_000;

/** What InfluxDB answers for lines of one kind: the `s` field of each line, GROUP BY kind. */
function answer(kind: string, lines: string[]): InfluxSeries {
  const values = lines.map((l) => {
    const s = /s="(.*)" (\d+)$/.exec(l)!;
    return [Number(s[2]), s[1].replace(/\\(["\\])/g, '$1')];
  });
  return { name: 'replay_frame', tags: { kind }, columns: ['time', 's'], values };
}

describe('replay frames: packing', () => {
  it('round-trips values in FIELDS order, a missing field left out', () => {
    const e: FrameEntry = ['tr-1', { flow: 1200.5, occupancy: 0.25 }];
    expect(encodeEntry('traffic', e)).toBe('tr-1:1200.5,,0.25');
    expect(decodeFrame('traffic', 'tr-1:1200.5,,0.25;tr-2:,5,')).toEqual([e, ['tr-2', { speed: 5 }]]);
    expect(decodeFrame('flood', '')).toEqual([]);
  });

  it('splits a big hour into parts under the 64 KB string limit, always writes part 0, drops ids unsafe to pack', () => {
    const entries: FrameEntry[] = Array.from({ length: 5000 }, (_, i) => [`fl-${i}`, { water_level: 1000 + i / 10, rainfall: 2 }]);
    const lines = frameLines('flood', 3600, 7 * H, [...entries, ['bad;id', { water_level: 1 }]]);
    expect(lines.length).toBeGreaterThan(1);
    for (const [i, l] of lines.entries()) {
      expect(l.startsWith(`replay_frame,kind=flood,part=${i},width=3600 n=`)).toBe(true);
      expect(l.endsWith(` ${7 * H}`)).toBe(true);
      expect(l.length).toBeLessThan(FRAME_PART_CHARS + 100);
    }
    const frames = parseFrames([answer('flood', lines)]);
    const back = bucketFrames('flood', frames.flood, 3600);
    expect(back.size).toBe(5000);
    expect(back.get('fl-4999')).toEqual([[7 * H, { water_level: 1499.9, rainfall: 2 }]]);
    expect(back.has('bad;id')).toBe(false);
    expect(frameLines('air', 21600, 6 * H, [])).toEqual([`replay_frame,kind=air,part=0,width=21600 n=0i,s="" ${6 * H}`]);
  });

  it('queries one width with quoted names and integer times', () => {
    expect(buildFramesQuery(21600, 1000.7, 2000)).toBe(
      `SELECT "s" FROM "rollup_1h"."replay_frame" WHERE "width" = '21600' AND time >= 1000ms AND time <= 2000ms GROUP BY "kind"`
    );
  });
});

describe('replay frames: joining', () => {
  const hours = new Map<number, FrameEntry[]>([
    [0, [['fl-1', { water_level: 5, rainfall: 1 }], ['tr-1', { speed: 40 }]]],
    [H, [['fl-1', { water_level: 9 }]]],
    [2 * H, [['fl-1', { water_level: 7, rainfall: 3 }]]],
    [3 * H, [['fl-1', { water_level: 1, rainfall: 0 }]]]
  ]);
  it('joins as the raw replay does: the worst value, the newest for traffic', () => {
    const flood = joinEntries('flood', hours, 3 * 3600);
    expect([...flood]).toEqual([
      [0, [['fl-1', { water_level: 9, rainfall: 3 }], ['tr-1', { speed: 40 }]]],
      [3 * H, [['fl-1', { water_level: 1, rainfall: 0 }]]]
    ]);
    const traffic = joinEntries('traffic', new Map([[0, [['tr-1', { speed: 40, flow: 9 }] as FrameEntry]], [H, [['tr-1', { speed: 10 }] as FrameEntry]]]), 3 * 3600);
    expect(traffic.get(0)).toEqual([['tr-1', { speed: 10, flow: 9 }]]);
  });

  it('reads stored frames into the same buckets the job joins, up to the cut', () => {
    const lines = [...hours].flatMap(([at, e]) => frameLines('flood', 3600, at, e.filter(([id]) => id.startsWith('fl'))));
    const frames = parseFrames([answer('flood', lines)]);
    expect(bucketFrames('flood', frames.flood, 3 * 3600).get('fl-1')).toEqual([...joinEntries('flood', hours, 3 * 3600)].map(([at, e]) => [at, e[0][1]]));
    expect(bucketFrames('flood', frames.flood, 3600, 2 * H).get('fl-1')).toEqual([[0, { water_level: 5, rainfall: 1 }], [H, { water_level: 9 }]]);
  });
});

describe('replay frames: which replays read them', () => {
  const hourly = { resolution: '1h' as const, startMs: 0, endMs: 24 * H, includeEnd: true };
  it('only replays whose per-sensor plan is hourly or wider, their step rounded up to a stored width', () => {
    expect(planFramed({ window: { from: 0, to: 24 * H, stepS: 180 }, parts: [{ ...hourly, resolution: '1m' }] })).toBeNull();
    expect(planFramed({ window: { from: 0, to: 24 * H, stepS: 3600 }, parts: [{ ...hourly, resolution: 'raw' }] })).toBeNull();
    expect(planFramed({ window: { from: 0, to: 24 * H, stepS: 18000 }, parts: [hourly] })).toEqual({ window: { from: 0, to: 24 * H, stepS: 21600 }, widthS: 21600 });
    expect([3600, 7200, 10800, 36000, 86400, 100000].map(framedStep)).toEqual([3600, 10800, 10800, 86400, 86400, 172800]);
    expect(planFramed({ window: { from: 0, to: 24 * H, stepS: 100000 }, parts: [hourly] })?.widthS).toBe(86400);
  });

  it('stops at the first replay bucket missing a frame of a kind the city has', () => {
    const lines = (kind: string, n: number) => answer(kind, Array.from({ length: n }, (_, i) => frameLines(kind as 'flood', 3600, i * H, [])[0]));
    const p = { window: { from: 0, to: 6 * H, stepS: 10800 }, widthS: 3600 };
    const frames = parseFrames([lines('flood', 6), lines('air', 4)]);
    expect(framesCut(frames, new Set(['flood']), p)).toBe(6 * H);
    expect(framesCut(frames, new Set(['flood', 'air'] as const), p)).toBe(3 * H);
    expect(framesCut(frames, new Set(['traffic'] as const), p)).toBe(0);
  });
});
