import { describe, it, expect } from 'vitest';
import type { LiveReading } from '../../src/lib/core/reading';
import { stateAtSeverity } from '../../src/lib/core/state-fixtures';
import { createLiveCoalescer } from './live';

function reading(sensorId: string, ts: number, level: number): LiveReading {
  return { sensorId, kind: 'flood', ts, values: { water_level: level }, district: 'Samarinda Ulu', severity: 0, state: stateAtSeverity('flood', 0) };
}

describe('createLiveCoalescer', () => {
  it('publishes the newest reading of each sensor once per drain, and nothing when idle', () => {
    const batches: LiveReading[][] = [];
    const live = createLiveCoalescer<LiveReading>((b) => batches.push(b));
    live.offer(reading('a', 1, 100));
    live.offer(reading('a', 3, 130));
    live.offer(reading('a', 2, 120)); // delivered late: must not replace the newer one
    live.offer(reading('b', 1, 90));
    expect(live.drain()).toBe(2);
    expect(batches).toEqual([[reading('a', 3, 130), reading('b', 1, 90)]]);
    expect(live.drain()).toBe(0);
    expect(batches).toHaveLength(1);
  });
});
