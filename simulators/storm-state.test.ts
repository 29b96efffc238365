import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chooseStorm, readSavedStorm, touchSavedStorm, writeSavedStorm, type SavedStorm, type StormRules } from './storm-state';

const H = 3_600_000;
const NOW = Date.UTC(2026, 11, 6, 9);
const RULES: StormRules = { scenario: 'flood-rise', seed: 42, intoMs: 3 * H, lengthMs: 53 * H, maxGapMs: 6 * H };
const saved = (startHAgo: number, seenHAgo: number, o: Partial<SavedStorm> = {}): SavedStorm => ({
  scenario: 'flood-rise', seed: 42, scenarioStartMs: NOW - startHAgo * H, lastSeenMs: NOW - seenHAgo * H, ...o
});

describe('npm start storm across restarts (chooseStorm)', () => {
  it('starts a new storm 3 h in when nothing was saved', () => {
    expect(chooseStorm(null, NOW, RULES)).toMatchObject({ scenarioStartMs: NOW - 3 * H, joinsHistory: false });
  });

  it('continues the last storm when its readings are minutes or a few hours old and it is not over', () => {
    for (const seenHAgo of [5 / 60, 1, 5.9]) {
      expect(chooseStorm(saved(10 + seenHAgo, seenHAgo), NOW, RULES)).toMatchObject({ scenarioStartMs: NOW - (10 + seenHAgo) * H, joinsHistory: true });
    }
  });

  it('starts a new storm when the last readings are too old, and 3 h in (they end before it)', () => {
    expect(chooseStorm(saved(20, 8), NOW, RULES)).toMatchObject({ scenarioStartMs: NOW - 3 * H, joinsHistory: false });
    expect(chooseStorm(saved(200, 150), NOW, RULES)).toMatchObject({ scenarioStartMs: NOW - 3 * H, joinsHistory: false });
  });

  it('starts a new storm where the readings end when the last one is over, so it does not jump over them', () => {
    expect(chooseStorm(saved(60, 0.5), NOW, RULES)).toMatchObject({ scenarioStartMs: NOW - 0.5 * H, joinsHistory: true });
    // Over, and the readings older than the new storm's 3 h: an ordinary new storm.
    expect(chooseStorm(saved(60, 4), NOW, RULES)).toMatchObject({ scenarioStartMs: NOW - 3 * H, joinsHistory: false });
  });

  it('does not continue a storm of another seed or scenario, nor one seen "in the future" (clock moved back)', () => {
    expect(chooseStorm(saved(10, 1, { seed: 7 }), NOW, RULES)).toMatchObject({ scenarioStartMs: NOW - H, joinsHistory: true });
    expect(chooseStorm(saved(10, 4, { scenario: 'none' }), NOW, RULES).scenarioStartMs).toBe(NOW - 3 * H);
    expect(chooseStorm(saved(10, -2), NOW, RULES)).toMatchObject({ scenarioStartMs: NOW - 3 * H, joinsHistory: false });
  });
});

describe('the saved storm file', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pantau-storm-'));

  it('round-trips, is marked as played by the simulator, and reads as none when missing or broken', () => {
    const file = path.join(dir, 'storm.json');
    expect(readSavedStorm(file)).toBeNull();
    expect(touchSavedStorm(file, NOW)).toBe(false);
    writeSavedStorm(file, saved(10, 1));
    expect(touchSavedStorm(file, NOW)).toBe(true);
    expect(readSavedStorm(file)).toEqual(saved(10, 0));
    expect(JSON.parse(readFileSync(file, 'utf8')).lastSeenMs).toBe(NOW);
    writeFileSync(file, '{"scenario":"flood-rise","seed":42');
    expect(readSavedStorm(file)).toBeNull();
    writeFileSync(file, JSON.stringify({ ...saved(10, 1), scenarioStartMs: 'soon' }));
    expect(readSavedStorm(file)).toBeNull();
  });
});
