import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDeliveryJournal } from '../journal';
import { createEventJournal } from './event-journal';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('people event journal', () => {
  it('commits only the finished prefix: an event finished late keeps the ones after it for replay', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pantau-people-journal-'));
    dirs.push(dir);
    const j = createEventJournal(openDeliveryJournal(dir));
    expect(j.replay()).toEqual([]);
    const [a, b, c] = ['a', 'b', 'c'].map((x) => j.append(x));
    c();
    a();
    expect(j.pending()).toBe(1);
    j.close();
    // b never finished (crash): b and c come back, a does not.
    const again = createEventJournal(openDeliveryJournal(dir));
    const replayed = again.replay();
    expect(replayed.map((r) => r.body)).toEqual(['b', 'c']);
    replayed.forEach((r) => r.finish());
    b();
    again.close();
    expect(createEventJournal(openDeliveryJournal(dir)).replay()).toEqual([]);
  });

  it('without a journal keeps only a count', () => {
    const j = createEventJournal(null);
    const f = j.append('x');
    expect(j.pending()).toBe(1);
    f();
    f();
    expect(j.pending()).toBe(0);
  });
});
