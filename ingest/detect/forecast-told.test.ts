import { describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../src/lib/core/alert';
import type { Forecast } from '../../src/lib/core/forecast';
import { witaClock } from '../../src/lib/core/wita';
import { computeCrossing } from '../forecast/crossing';
import { REFRESH_PASSED_GAP_MS, refreshDue } from './alert-refresh';
import { createDetectionEngine } from './engine';
import { CATALOG, GUNUNG_LINGAI, MIN, T0, reading, scriptedForecaster } from './test-support';

/**
 * What a forecast warning tells staff (A: the same times as the sensor page and the wall, from the
 * path they explain) and when it tells it again (B: its expected time moved, or passed).
 */

const TREND: Forecast['reasons'] = [{ kind: 'trend', amount: 8, minutes: 30 }];

/** A forecast whose centre and band top are given per horizon (cm above `level`); its crossing as the forecaster computes it. */
function banded(ts: number, level: number, centre: [number, number, number], top: [number, number, number]): Omit<Forecast, 'sensorId' | 'ts' | 'levelCm'> {
  const points = ([30, 60, 120] as const).map((h, i) => ({ horizonMin: h, at: ts + h * MIN, levelCm: level + centre[i], lowCm: level + 2 * centre[i] - top[i], highCm: level + top[i] }));
  return { points, crossing: computeCrossing(ts, level, points, GUNUNG_LINGAI.flood), reasons: TREND, confidence: 0.9 };
}

/** A band of no width reaching Siaga 2 (218 cm) `minutes` after the reading. */
function crossingIn(ts: number, level: number, minutes: number): Omit<Forecast, 'sensorId' | 'ts' | 'levelCm'> {
  const perMin = (218 - level) / minutes;
  const points = ([30, 60, 120] as const).map((h) => ({ horizonMin: h, at: ts + h * MIN, levelCm: level + perMin * h, lowCm: level + perMin * h, highCm: level + perMin * h }));
  return { points, crossing: computeCrossing(ts, level, points, GUNUNG_LINGAI.flood), reasons: TREND, confidence: 0.9 };
}

/**
 * No forecast for an hour, then the same crossing (by `reach`, at `expectedAt`) at every reading at
 * 205 cm; raised at 09:10 WITA, the warning's escalation tick at 09:40 runs before that reading.
 */
function escalation(expectedAt: number, reach = crossingIn) {
  const script = (ts: number, lvl: number) => (ts < T0 + 60 * MIN ? null : reach(ts, lvl, (expectedAt - ts) / MIN));
  const engine = createDetectionEngine({ catalog: CATALOG, forecaster: scriptedForecaster((id, ts, lvl) => script(ts, lvl)) });
  const events: AlertEvent[] = [];
  const keep = (es: readonly AlertEvent[]) => events.push(...es.filter((e) => e.alert.rule === 'rate_of_rise'));
  for (let m = 0, clock = T0; m <= 11; m++) {
    const ts = T0 + m * 10 * MIN;
    while (clock + MIN <= ts) keep(engine.tick((clock += MIN)));
    keep(engine.observe(reading(GUNUNG_LINGAI.id, 'flood', ts, { water_level: 205 })));
  }
  const raised = events.find((e) => e.type === 'raised')!;
  return { raised, escalated: events.find((e) => e.type === 'escalated')! };
}

/**
 * Only the band's top reaching Siaga 2 (218 cm), `minutes` after the reading (at once when due): the
 * centre stays at 217 cm at 2 h, and the cautious path (10 % toward the top) reaches 218 within it.
 */
function onlyTopIn(ts: number, level: number, minutes: number): Omit<Forecast, 'sensorId' | 'ts' | 'levelCm'> {
  const perMin = (218 - level) / Math.max(1, minutes);
  const points = ([30, 60, 120] as const).map((h) => ({ horizonMin: h, at: ts + h * MIN, levelCm: level + ((217 - level) * h) / 120, lowCm: level, highCm: level + perMin * h }));
  return { points, crossing: computeCrossing(ts, level, points, GUNUNG_LINGAI.flood), reasons: TREND, confidence: 0.9 };
}

/** Gunung Lingai at `wl` cm every 10 minutes, `n` readings; its rate_of_rise events as "type@reading". */
function warnings(script: (ts: number, lvl: number, m: number) => Omit<Forecast, 'sensorId' | 'ts' | 'levelCm'>, n: number, wl = 205): { events: AlertEvent[]; at: number[] } {
  const forecaster = scriptedForecaster((id, ts, lvl) => script(ts, lvl, (ts - T0) / (10 * MIN)));
  const engine = createDetectionEngine({ catalog: CATALOG, forecaster });
  const events: AlertEvent[] = [];
  const at: number[] = [];
  for (let m = 0; m < n; m++) {
    for (const e of engine.observe(reading(GUNUNG_LINGAI.id, 'flood', T0 + m * 10 * MIN, { water_level: wl }))) {
      if (e.alert.rule !== 'rate_of_rise') continue;
      events.push(e);
      at.push(m);
    }
  }
  return { events, at };
}

describe('a forecast warning states the times the sensor page and the wall state', () => {
  it('the centre\'s time, and the earliest from the band\'s top; the explanation\'s minutes from the same path as its levels', () => {
    // Centre +13 cm/h: Siaga 2 (218) in 60 min; band top reaches it in 30; the 10 % cautious path (which decides) in about 56.
    const { events } = warnings((ts, lvl) => banded(ts, lvl, [6.5, 13, 26], [13, 23, 46]), 2);
    const raised = events.find((e) => e.type === 'raised')!.alert;
    const ts = T0 + 10 * MIN;
    expect(raised.title.en).toBe(`Gunung Lingai expected at Level 2 ≈ ${witaClock(ts + 60 * MIN)} WITA (earliest ${witaClock(ts + 30 * MIN)})`);
    expect(raised.title.id).toBe(`Gunung Lingai diperkirakan Siaga 2 ≈ ${witaClock(ts + 60 * MIN)} WITA (paling cepat ${witaClock(ts + 30 * MIN)})`);
    expect(raised.explanation.en).toContain(`218 cm in 1 h, 231 cm in 2 h; Level 2 threshold 218 cm in about 60 min (≈ ${witaClock(ts + 60 * MIN)} WITA), at the earliest in about 30 min`);
    expect(raised.explanation.id).toContain('ambang Siaga 2 218 cm dalam ±60 menit');
  });

  it('a band of no width states one time: no earliest of the same minute', () => {
    const { events } = warnings((ts, lvl) => crossingIn(ts, lvl, 30), 2);
    const raised = events.find((e) => e.type === 'raised')!.alert;
    const at = witaClock(T0 + 10 * MIN + 30 * MIN);
    expect(raised.title.en).toBe(`Gunung Lingai expected at Level 2 ≈ ${at} WITA`);
    expect(raised.title.id).toBe(`Gunung Lingai diperkirakan Siaga 2 ≈ ${at} WITA`);
    // nor does its explanation: "in about 30 min (≈ 08:40 WITA)", no "at the earliest in about 30 min" after it
    expect(raised.explanation.en).toContain(`Level 2 threshold 218 cm in about 30 min (≈ ${at} WITA). Why:`);
    expect(raised.explanation.id).toContain(`ambang Siaga 2 218 cm dalam ±30 menit (≈ ${at} WITA). Sebab:`);
    expect(raised.explanation.en).not.toMatch(/earliest/);
    expect(raised.explanation.id).not.toMatch(/paling cepat/);
  });

  it('an earliest of another minute is stated in the explanation with its clock time, as in the title', () => {
    const { events } = warnings((ts, lvl) => banded(ts, lvl, [6.5, 13, 26], [13, 23, 46]), 2);
    const raised = events.find((e) => e.type === 'raised')!.alert;
    const ts = T0 + 10 * MIN;
    expect(raised.explanation.en).toContain(`in about 60 min (≈ ${witaClock(ts + 60 * MIN)} WITA), at the earliest in about 30 min (≈ ${witaClock(ts + 30 * MIN)} WITA, top of the 80 % forecast range).`);
    expect(raised.explanation.id).toContain(`dalam ±60 menit (≈ ${witaClock(ts + 60 * MIN)} WITA), paling cepat dalam ±30 menit (≈ ${witaClock(ts + 30 * MIN)} WITA, batas atas rentang prakiraan 80 %).`);
  });

  it('a warning only the band\'s top reaches says "may reach … from", never a crossing time its own levels contradict', () => {
    // Centre 205 → 212 cm in 2 h (below 218); band top 215, 225, 275: reaches 218 in 39 min; the cautious path at 2 h.
    const { events } = warnings((ts, lvl) => banded(ts, lvl, [2, 4, 7], [10, 20, 70]), 2);
    const raised = events.find((e) => e.type === 'raised')!.alert;
    const earliest = witaClock(T0 + 10 * MIN + 39 * MIN);
    expect(raised.title.en).toBe(`Gunung Lingai may reach Level 2 from ≈ ${earliest} WITA`);
    expect(raised.title.id).toBe(`Gunung Lingai mungkin Siaga 2 mulai ≈ ${earliest} WITA`);
    expect(raised.explanation.en).toContain(`205 cm now, 209 cm in 1 h, 212 cm in 2 h, below the Level 2 threshold 218 cm; the top of the 80 % forecast range reaches it in about 39 min (≈ ${earliest} WITA)`);
    expect(raised.explanation.en).not.toMatch(/threshold 218 cm in about/);
  });
});

describe('an open forecast warning is told again when its expected time moves or passes', () => {
  it('refreshes title and explanation once the time stated has passed, or on a material move at most every 30 min; never as news', () => {
    // Expected at (minutes after T0), readings every 10 min at 210 cm; raised at reading 1 (08:50 WITA).
    const expected = [50, 50, 52, 56, 72, 74, 72, 74, 84];
    const { events, at } = warnings((ts, lvl, m) => crossingIn(ts, lvl, expected[m] - m * 10), expected.length, 210);
    // 4: 22 min later than told, 30 min after the raise; 5–7: moves too soon or too small (74 vs 72);
    // 8: the 72 told has passed (at 80): told again at once, 84
    expect(events.map((e, i) => `${e.type}@${at[i]}`)).toEqual(['raised@1', 'updated@4', 'updated@8']);
    const says = (i: number) => `Gunung Lingai expected at Level 2 ≈ ${witaClock(T0 + expected[at[i]] * MIN)} WITA`;
    events.forEach((e, i) => expect(e.alert.title.en.startsWith(says(i))).toBe(true));
    expect(events[2].alert.explanation.en).toContain('Level 2 threshold 218 cm in about 4 min');
    // an update, not a worsening: the same alert, its acknowledgement would stand and nobody is paged again
    expect(new Set(events.map((e) => e.alert.id)).size).toBe(1);
    expect(events.every((e) => e.alert.worsenedAt === undefined && e.alert.level === events[0].alert.level)).toBe(true);
  });

  it('the rule: a passed time at once (5 min, an interval); a move of 5 min or 15 % of the lead after 30 min; a wavering forecast takes back nothing', () => {
    const now = T0 + 120 * MIN;
    const told = (expectedAt: number | undefined, ago: number) => ({ expectedAt, at: now - ago });
    const interval = 10 * MIN;
    expect(refreshDue(told(now + 30 * MIN, 30 * MIN), now + 34 * MIN, now, interval)).toBe(false);
    expect(refreshDue(told(now + 30 * MIN, 30 * MIN), now + 35 * MIN, now, interval)).toBe(true);
    expect(refreshDue(told(now + 30 * MIN, 20 * MIN), now + 60 * MIN, now, interval)).toBe(false);
    // a 2-hour lead: 15 % is 18 min
    expect(refreshDue(told(now + 120 * MIN, 30 * MIN), now + 135 * MIN, now, interval)).toBe(false);
    expect(refreshDue(told(now + 120 * MIN, 30 * MIN), now + 140 * MIN, now, interval)).toBe(true);
    // passed: at the next reading, not sooner than 5 min on a fast sensor
    expect(refreshDue(told(now - MIN, 10 * MIN), now + MIN, now, interval)).toBe(true);
    expect(refreshDue(told(now - MIN, 4 * MIN), now + MIN, now, MIN)).toBe(false);
    expect(refreshDue(told(now - MIN, REFRESH_PASSED_GAP_MS - 20_000), now + MIN, now, MIN)).toBe(true);
    // a 30-min sensor: once per interval, a reading due a few seconds early still counts
    expect(refreshDue(told(now - MIN, 29.9 * MIN), now + 30 * MIN, now, 30 * MIN)).toBe(true);
    expect(refreshDue(told(now - MIN, 14 * MIN), now + 30 * MIN, now, 30 * MIN)).toBe(false);
    // no time any more (held through a lull): kept while ahead, dropped once passed
    expect(refreshDue(told(now + 30 * MIN, 60 * MIN), undefined, now, interval)).toBe(false);
    expect(refreshDue(told(now - MIN, 60 * MIN), undefined, now, interval)).toBe(true);
    // adopted at start (nothing told here): told once it has a time; never for a rule with none
    expect(refreshDue(told(undefined, Infinity), now + 30 * MIN, now, interval)).toBe(true);
    expect(refreshDue(told(undefined, Infinity), undefined, now, interval)).toBe(false);
  });

  it('the escalation page, due between readings after the time told, states it as not reached yet; one due before keeps the texts told', () => {
    const passed = escalation(T0 + 95 * MIN);
    const at = witaClock(T0 + 95 * MIN);
    expect(passed.escalated.at).toBe(passed.raised.at + 30 * MIN); // not delayed to a reading
    expect(passed.escalated.alert.title.en).toBe(`Gunung Lingai expected at Level 2 ≈ ${at} WITA, not reached yet`);
    expect(passed.escalated.alert.title.id).toBe(`Gunung Lingai diperkirakan Siaga 2 ≈ ${at} WITA, belum tercapai`);
    expect(passed.escalated.alert.explanation.en).toContain(`Level 2 threshold 218 cm expected ≈ ${at} WITA, not reached yet.`);
    expect(passed.escalated.alert.explanation.en).not.toMatch(/in about \d+ min/);
    const ahead = escalation(T0 + 130 * MIN);
    expect(ahead.escalated.alert.title).toEqual(ahead.raised.alert.title);
    expect(ahead.escalated.alert.explanation).toEqual(ahead.raised.alert.explanation);
  });

  it('a "may reach … from" warning whose time has passed at its escalation says so too, with no minutes to go', () => {
    const passed = escalation(T0 + 95 * MIN, onlyTopIn);
    const at = witaClock(T0 + 95 * MIN);
    expect(passed.raised.alert.title.en).toBe(`Gunung Lingai may reach Level 2 from ≈ ${at} WITA`);
    expect(passed.escalated.at).toBe(passed.raised.at + 30 * MIN);
    expect(passed.escalated.alert.title.en).toBe(`Gunung Lingai may reach Level 2 from ≈ ${at} WITA, not reached yet`);
    expect(passed.escalated.alert.title.id).toBe(`Gunung Lingai mungkin Siaga 2 mulai ≈ ${at} WITA, belum tercapai`);
    expect(passed.escalated.alert.explanation.en).toContain(`below the Level 2 threshold 218 cm; possible from ≈ ${at} WITA (top of the 80 % forecast range), not reached yet.`);
    expect(passed.escalated.alert.explanation.id).toContain(`di bawah ambang Siaga 2 218 cm; mungkin mulai ≈ ${at} WITA (batas atas rentang prakiraan 80 %), belum tercapai.`);
    expect(passed.escalated.alert.explanation.en).not.toMatch(/in about \d+ min/);
    const ahead = escalation(T0 + 130 * MIN, onlyTopIn);
    expect(ahead.escalated.alert.title).toEqual(ahead.raised.alert.title);
  });
});
