import { describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../src/lib/core/alert';
import type { Catalog, Sensor } from '../../src/lib/core/sensor';
import type { RuleSensorDetector } from './context';
import { createDetectionEngine, type DetectionEngine } from './engine';
import { STEP_CONFIRM_READINGS, STEP_HOLD_MS, stepDetector } from './sensor-step';
import { STEP_FROZEN_HOLD_MS, STEP_FROZEN_MAX_RUN, STEP_FROZEN_MIN_RUN, frozenHoldMs, frozenJumpFinding, isFrozenJump } from './sensor-step-frozen';
import { STUCK_RUN, stuckLasted } from './sensor-faults';
import { witaClock } from '../../src/lib/core/wita';
import { BENANGA, CATALOG, MIN, T0, createNoise, reading } from './test-support';

/**
 * sensor_step's frozen jump: a logger that fails to one in-range value above the warning levels and repeats it. Benanga:
 * Siaga 3 200, Siaga 2 218, Siaga 1 240 cm, no gauge upstream, read every 10 min.
 */
const STEP_MS = 10 * MIN;
const at = (i: number) => T0 + i * STEP_MS;
/** Readings in the frozen hold, and the first after it. */
const HOLD_READINGS = STEP_FROZEN_HOLD_MS / STEP_MS;

/** A river around `level` cm moving a little every reading (whole mm), `n` readings from reading `from`. */
function river(n: number, level = 150, from = 0): number[] {
  const noise = createNoise(1);
  return Array.from({ length: n }, (_, i) => Math.round(10 * (level + 6 * Math.sin((from + i) / 30) + noise())) / 10);
}
/** The same river read in whole cm (smooth, as a real one): it sits on one value for several readings at its turns. */
function wholeCm(n: number): number[] {
  const noise = createNoise(7);
  return Array.from({ length: n }, (_, i) => Math.round(150 + 6 * Math.sin(i / 30) + 0.3 * noise()));
}

const catalog: Catalog = { ...CATALOG, sensors: CATALOG.sensors.map((s) => (s.kind === 'flood' ? { ...s, intervalS: 600 } : s)) };

interface Run {
  engine: DetectionEngine;
  events: AlertEvent[];
}

function run(values: number[], rain: (i: number) => number | undefined = () => undefined, gauge: Sensor = BENANGA): Run {
  const engine = createDetectionEngine({ catalog });
  const events: AlertEvent[] = [];
  values.forEach((v, i) => {
    const r = rain(i);
    events.push(...engine.tick(at(i)));
    events.push(...engine.observe(reading(gauge.id, 'flood', at(i), r === undefined ? { water_level: v } : { water_level: v, rainfall: r })));
  });
  return { engine, events: events.filter((e) => e.alert.sensorId === gauge.id) };
}

const raised = (r: Run, rule: string) => r.events.filter((e) => e.type === 'raised' && e.alert.rule === rule);
/** Readings after reading `i` when the first flood_level alert was raised (Infinity: never). */
function floodDelay(r: Run, i: number): number {
  const e = raised(r, 'flood_level')[0];
  return e === undefined ? Infinity : Math.round((e.alert.raisedAt - at(i)) / STEP_MS);
}

function observeAll(values: number[]) {
  const d = stepDetector.create({ ...BENANGA, intervalS: 600 }) as RuleSensorDetector;
  return values.map((v, i) => ({ f: d.observe(reading(BENANGA.id, 'flood', at(i), { water_level: v }))!, shift: d.datumShift!() }));
}

describe('a frozen jump held, then sensor_stuck', () => {
  it('ends its hold by half the readings at which sensor_stuck may distrust them, at every spacing: the rest is the flood rules\' to warn', () => {
    for (const s of [30, 60, 120, 300, 600, 900, 3600]) {
      // the jump's reading and those after it within the hold (frozenHeld: before its end), all of the one value
      const held = Math.ceil(frozenHoldMs(s * 1000) / (s * 1000));
      // the fewest readings s seconds apart that sensor_stuck calls stuck on a river that moves (stuckLasted)
      let stuck = 1;
      while (!stuckLasted(STUCK_RUN.water_level, stuck, (stuck - 1) * s * 1000, true)) stuck++;
      expect(held, `${s} s`).toBeLessThanOrEqual(stuck / 2);
    }
  });
});

describe('sensor_step: a jump that then repeats one value exactly (a logger failed to a sentinel)', () => {
  it('holds a jump from 150 cm to exactly 999 cm, repeated, from the flood rules for up to 2 h, and says why in a maintenance finding', () => {
    const base = river(300);
    const out = observeAll([...base, ...Array(30).fill(999)]);
    const jump = 999 - base[299];
    // held through the 30 min of every jump, and on while it repeats, up to 2 h after the jump
    expect(out.slice(300, 300 + HOLD_READINGS).every((o) => o.shift === jump)).toBe(true);
    expect(out.slice(300 + HOLD_READINGS).every((o) => o.shift === 0)).toBe(true);
    // the finding from the end of the 30 min on, and for as long as the value repeats
    expect(out.slice(300, 300 + STEP_CONFIRM_READINGS).every((o) => !o.f.active)).toBe(true);
    const f = out[300 + STEP_CONFIRM_READINGS].f;
    expect(f.active && f.rule === 'sensor_step' && f.category === 'maintenance').toBe(true);
    expect(f.value).toBe(999);
    expect(f.title.en).toBe('Gauge jumped to 999 cm and repeats it exactly · Benanga');
    expect(f.title.id).toBe('Pos melonjak ke 999 cm dan mengulangnya persis · Benanga');
    expect(f.explanation.en).toContain(`jumped +${Math.round(jump)} cm in one reading`);
    expect(f.explanation.en).toContain('read exactly that value 4 times in a row');
    expect(f.explanation.id).toContain('4 kali berturut-turut');
    expect(f.action.en).toMatch(/^Check the logger/);
    expect(out.at(-1)!.f.active).toBe(true);
  });

  it('in the engine: no flood emergency while held, the maintenance alert first, and the emergency once the 2 h are up', () => {
    const r = run([...river(300), ...Array(40).fill(999)]);
    const step = raised(r, 'sensor_step');
    expect(step).toHaveLength(1);
    expect(step[0].alert.raisedAt).toBe(at(300 + STEP_CONFIRM_READINGS));
    expect(step[0].alert.explanation.en).toContain('999 cm');
    // the flood rules (the statistical rule reads the raw series, and says only that it is unusual)
    const flood = r.events.filter((e) => e.type === 'raised' && ['flood_level', 'rate_of_rise', 'upstream_warning'].includes(e.alert.rule));
    expect(flood.length).toBeGreaterThan(0);
    expect(flood.every((e) => e.alert.raisedAt >= at(300 + HOLD_READINGS))).toBe(true);
    // the bound is a bound: Siaga 1 (alert level 3) within two readings of its end (flood_level holds a jump one reading)
    expect(floodDelay(r, 300)).toBeGreaterThanOrEqual(HOLD_READINGS);
    expect(floodDelay(r, 300)).toBeLessThanOrEqual(HOLD_READINGS + 2);
    expect(r.engine.openAlerts().find((a) => a.rule === 'flood_level')?.level).toBe(3);
  });

  it('a real release whose level moves after the jump is warned of within the 30 min hold of every jump', () => {
    const r = run([...river(300), ...river(100, 230, 300)]);
    expect(floodDelay(r, 300)).toBeLessThanOrEqual(STEP_CONFIRM_READINGS + 1);
    // at most the datum step's maintenance alert: no frozen jump
    expect(raised(r, 'sensor_step').every((e) => e.alert.title.en.startsWith('Level step'))).toBe(true);
  });

  it('releases the hold at the first reading that differs: a plateau that repeats for the 30 min, then moves, is warned of at once', () => {
    const r = run([...river(300), 230, 230, 230, 230, ...river(60, 230, 304)]);
    // frozen at reading 303 (the 4th 230), moving at 304: flood_level counts it at 304 or, holding the jump, 305
    expect(floodDelay(r, 300)).toBeLessThanOrEqual(STEP_CONFIRM_READINGS + 2);
  });

  it('releases it when rain falls on the gauge: water is coming', () => {
    const r = run([...river(300), ...Array(40).fill(999)], (i) => (i >= 305 ? 8 : 0));
    expect(floodDelay(r, 300)).toBeLessThanOrEqual(7);
  });

  it('a gauge read in whole cm that has sat on one value for hours is not held past the 30 min when a release stands exactly flat', () => {
    const out = observeAll([...wholeCm(300), ...Array(30).fill(230)]);
    expect(out[300 + STEP_CONFIRM_READINGS].shift).toBe(0);
    expect(out.every((o) => !o.f.active || !o.f.title.en.startsWith('Gauge jumped'))).toBe(true);
    const r = run([...wholeCm(300), ...Array(30).fill(230)]);
    expect(floodDelay(r, 300)).toBeLessThanOrEqual(STEP_CONFIRM_READINGS);
  });

  it('a gauge read in whole mm whose release stands at exactly one value (the risk taken) is warned of within 2 h of the jump', () => {
    const r = run([...river(300), ...Array(40).fill(230)]);
    expect(floodDelay(r, 300)).toBeLessThanOrEqual(HOLD_READINGS + 2);
    expect(r.engine.openAlerts().find((a) => a.rule === 'flood_level')?.level).toBe(2);
  });

  it('a gauge read every minute: a release standing exactly flat is warned of before sensor_stuck may call it frozen', () => {
    // sensor_stuck's 120 readings are the 2 h at 1 min, and from then no reading raises a flood alert (alert-hold.ts): held
    // for the 2 h, the release was never warned of while it stood
    const minute: Catalog = { ...CATALOG, sensors: CATALOG.sensors.map((s) => (s.kind === 'flood' ? { ...s, intervalS: 60 } : s)) };
    const engine = createDetectionEngine({ catalog: minute });
    const jumpAt = T0 + 400 * MIN;
    const events = [...river(400), ...Array(240).fill(230)].flatMap((v, i) => [...engine.tick(T0 + i * MIN), ...engine.observe(reading(BENANGA.id, 'flood', T0 + i * MIN, { water_level: v }))]);
    const first = (rule: string) => events.find((e) => e.type === 'raised' && e.alert.rule === rule && e.alert.sensorId === BENANGA.id)?.alert;
    const flood = first('flood_level');
    expect(flood?.level).toBe(2);
    expect(flood!.raisedAt - jumpAt).toBeGreaterThanOrEqual(STEP_HOLD_MS);
    expect(flood!.raisedAt - jumpAt).toBeLessThan((STUCK_RUN.water_level.run - 1) * MIN);
    expect(first('sensor_stuck')!.raisedAt).toBeGreaterThan(flood!.raisedAt);
    expect(engine.openAlerts().find((a) => a.rule === 'flood_level' && a.sensorId === BENANGA.id)?.level).toBe(2);
    // the frozen jump's alert says when its hold ends
    expect(first('sensor_step')?.explanation.en).toContain(`until ${witaClock(jumpAt + (STEP_FROZEN_MAX_RUN - 1) * MIN)} WITA at the latest`);
  });

  it('a 10-min gauge read every 10, 5 or 2 min holds a frozen jump for the same 2 h, and a release standing exactly flat is warned of before sensor_stuck calls it frozen', () => {
    // Both were counted in readings at the stated interval (sensor_stuck's floor 24 at 10 min, the hold half of it): read
    // every 2 min the jump was held 24 min and the gauge called stuck after 48. Timed on the readings, 2 h and 4 h at any rate.
    for (const spacing of [10 * MIN, 5 * MIN, 2 * MIN]) {
      const engine = createDetectionEngine({ catalog });
      const n = Math.round((48 * 60 * MIN) / spacing);
      const jumpAt = T0 + n * spacing;
      const values = [...river(n), ...Array(Math.round((6 * 60 * MIN) / spacing)).fill(230)];
      const events = values.flatMap((v, i) => [...engine.tick(T0 + i * spacing), ...engine.observe(reading(BENANGA.id, 'flood', T0 + i * spacing, { water_level: v }))]);
      const first = (rule: string) => events.find((e) => e.type === 'raised' && e.alert.rule === rule && e.alert.sensorId === BENANGA.id)?.alert;
      const flood = first('flood_level');
      expect(flood?.level, `${spacing / MIN} min`).toBe(2);
      expect(flood!.raisedAt - jumpAt, `${spacing / MIN} min`).toBeGreaterThanOrEqual(STEP_FROZEN_HOLD_MS - spacing);
      expect(flood!.raisedAt - jumpAt, `${spacing / MIN} min`).toBeLessThanOrEqual(STEP_FROZEN_HOLD_MS + 2 * spacing);
      const stuck = first('sensor_stuck')!.raisedAt - jumpAt;
      expect(stuck, `${spacing / MIN} min`).toBeGreaterThan(flood!.raisedAt - jumpAt);
      expect(stuck, `${spacing / MIN} min`).toBeGreaterThanOrEqual(4 * 60 * MIN - spacing);
      // the frozen jump's alert says when its hold ends: 2 h after the jump (59 readings at 2 min)
      expect(first('sensor_step')?.explanation.en).toContain(`until ${witaClock(jumpAt + Math.min(STEP_FROZEN_HOLD_MS, (STEP_FROZEN_MAX_RUN - 1) * spacing))} WITA at the latest`);
    }
  });

  it('an hourly gauge has seen too few equal readings when the 30 min are up: its flat jump is not held longer', () => {
    const d = stepDetector.create({ ...BENANGA, intervalS: 3600 }) as RuleSensorDetector;
    const values = [...river(200), ...Array(6).fill(999)];
    const shifts = values.map((v, i) => (d.observe(reading(BENANGA.id, 'flood', T0 + i * 3_600_000, { water_level: v })), d.datumShift!()));
    expect(shifts[200]).toBeGreaterThan(800);
    expect(shifts.slice(201)).toEqual([0, 0, 0, 0, 0]);
    expect(STEP_HOLD_MS).toBeLessThan(3_600_000);
  });

  it('judges a run against the gauge calm: at least the readings the 30 min hold sees, and longer than any run of late', () => {
    expect(STEP_FROZEN_MIN_RUN).toBe(STEP_CONFIRM_READINGS + 1);
    expect(isFrozenJump(4, 2)).toBe(true);
    expect(isFrozenJump(4, 4)).toBe(false);
    expect(isFrozenJump(3, 0)).toBe(false);
  });

  it("says the gauge's calm as a count in both languages: once (sekali) for a calm of 1, n times (n kali) above", () => {
    const said = (calm: number) => frozenJumpFinding(BENANGA, { value: 999, jump: 849, at: T0, count: 4, calm, spacingMs: STEP_MS }).explanation;
    expect(said(1.6).en).toContain('had not repeated any value more than once in a row');
    expect(said(1.6).id).toContain('tidak pernah mengulang satu nilai lebih dari sekali berturut-turut');
    expect(said(0).en).toContain('more than once in a row');
    expect(said(3.2).en).toContain('more than 3 times in a row');
    expect(said(3.2).id).toContain('lebih dari 3 kali berturut-turut');
  });

  it('a frozen jump whose value then moves is a datum step: its alert says so, without the normal, and a restart takes the step up', () => {
    const base = river(300);
    const jump = 999 - base[299];
    const r = run([...base, ...Array(20).fill(999), ...river(40, 999, 320)]);
    const step = r.engine.openAlerts().find((a) => a.rule === 'sensor_step' && a.sensorId === BENANGA.id)!;
    expect(step.title.en).toBe(`Level step of +${Math.round(jump)} cm at ${witaClock(at(300))} · Benanga`);
    expect(step.value).toBeCloseTo(jump, 5);
    expect(step.normal).toBeUndefined();
    // restarted: the step is taken up from the alert, so the logger fixed (a step back to the old datum) undoes it; taken
    // for a step down of its own, it would read the river 849 cm high (a false Siaga 1)
    const d = stepDetector.create({ ...BENANGA, intervalS: 600 }) as RuleSensorDetector;
    d.resume!(step);
    const after = [...river(30, 999, 360), ...river(30, 150, 390)];
    const shifts = after.map((v, i) => (d.observe(reading(BENANGA.id, 'flood', at(400 + i), { water_level: v })), d.datumShift!()));
    expect(shifts.at(-1)).toBe(0);
  });

  it("the emergency raised once the hold is over says the gauge repeats one value, until a reading differs: told once, then gone", () => {
    const [frozen, moving] = [30, river(30, 999, 330)];
    const r = run([...river(300), ...Array(frozen).fill(999), ...moving]);
    const flood = r.events.filter((e) => e.alert.rule === 'flood_level');
    expect(flood[0].type).toBe('raised');
    const since = witaClock(at(300));
    expect(flood[0].alert.explanation.en).toContain(` The gauge has read exactly 999 cm since ${since} WITA; it may be a logger fault: check the water by other means`);
    expect(flood[0].alert.explanation.id).toContain(` Pos membaca persis 999 cm sejak ${since} WITA; mungkin logger rusak: periksa muka air dengan cara lain`);
    // no update while it repeats (the page to the backup, unacknowledged, keeps the note) until sensor_stuck calls the
    // value frozen (24 readings, 4 h, at a 10-min gauge that moved every reading: sensor-faults.ts stuckFloor) and the
    // alert is held with its note; one at the first reading that differs, the notes gone; none after (the same Siaga 1)
    const later = flood.slice(1).filter((e) => e.type !== 'escalated');
    expect(flood.filter((e) => e.type === 'escalated').every((e) => e.alert.explanation.en.includes('has read exactly 999 cm'))).toBe(true);
    expect(later.map((e) => [e.type, Math.round((e.alert.updatedAt - at(300 + frozen)) / STEP_MS)])).toEqual([['updated', -7], ['updated', 0]]);
    expect(later[0].alert.explanation.en).toContain('Held: Benanga has sent a frozen value or a dropout to 0 since');
    later.shift();
    expect(later[0].alert.explanation.en).not.toContain('has read exactly');
    expect(later[0].alert.explanation.id).not.toContain('membaca persis');
    expect(later[0].alert.level).toBe(3);
  });

  it('restarted while the gauge repeats the value, the frozen jump taken up from its alert still notes it, until a reading differs', () => {
    const r = run([...river(300), ...Array(20).fill(999)]);
    const step = r.engine.openAlerts().find((a) => a.rule === 'sensor_step' && a.sensorId === BENANGA.id)!;
    expect(step.normal).toBeDefined();
    const d = stepDetector.create({ ...BENANGA, intervalS: 600 }) as RuleSensorDetector;
    d.resume!(step);
    const since = [999, 999, 998.7, 999].map((v, i) => (d.observe(reading(BENANGA.id, 'flood', at(320 + i), { water_level: v })), d.frozenSince!()));
    expect(since).toEqual([step.raisedAt, step.raisedAt, NaN, NaN]);
    // acknowledged then: the gauge has read another value since, so there is no run to say (not 'since' its raise)
    d.resume!({ ...step, state: 'acknowledged', acknowledgedAt: at(324), acknowledgedBy: 'petugas' });
    d.observe(reading(BENANGA.id, 'flood', at(324), { water_level: 999 }));
    expect(d.frozenSince!()).toBeNaN();
    // taken up after readings of the value came (InfluxDB slow at start): the same run; a person who resolves it has
    // seen the water stand there: the flood alerts no longer doubt it
    const slow = stepDetector.create({ ...BENANGA, intervalS: 600 }) as RuleSensorDetector;
    [999, 999].forEach((v, i) => slow.observe(reading(BENANGA.id, 'flood', at(320 + i), { water_level: v })));
    slow.resume!(step);
    slow.observe(reading(BENANGA.id, 'flood', at(322), { water_level: 999 }));
    expect(slow.frozenSince!()).toBe(step.raisedAt);
    slow.resume!({ ...step, state: 'resolved', resolvedAt: at(325), resolvedBy: 'petugas' });
    slow.observe(reading(BENANGA.id, 'flood', at(325), { water_level: 999 }));
    expect(slow.frozenSince!()).toBeNaN();
  });

  it("an acknowledge or comment on the open frozen alert keeps the jump's time, and says no run the gauge broke since", () => {
    const base = river(300);
    const step = run([...base, ...Array(20).fill(999)]).engine.openAlerts().find((a) => a.rule === 'sensor_step' && a.sensorId === BENANGA.id)!;
    expect(step.raisedAt).toBeGreaterThan(at(300));
    const ack = { ...step, state: 'acknowledged' as const, acknowledgedAt: at(321), acknowledgedBy: 'petugas' };
    const d = stepDetector.create({ ...BENANGA, intervalS: 600 }) as RuleSensorDetector;
    [...base, ...Array(20).fill(999)].forEach((v, i) => d.observe(reading(BENANGA.id, 'flood', at(i), { water_level: v })));
    expect(d.frozenSince!()).toBe(at(300));
    d.resume!(ack);
    expect(d.frozenSince!()).toBe(at(300));
    // 999 → 998.7 → 999: a new run of the value, not the frozen one
    [998.7, 999].forEach((v, i) => d.observe(reading(BENANGA.id, 'flood', at(320 + i), { water_level: v })));
    expect(d.frozenSince!()).toBeNaN();
    d.resume!(ack);
    d.observe(reading(BENANGA.id, 'flood', at(322), { water_level: 999 }));
    expect(d.frozenSince!()).toBeNaN();
  });
});
