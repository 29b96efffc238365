import { describe, expect, it } from 'vitest';
import { floodDeadbandCm, floodLevelDetector, isImplausibleRise } from './flood-level';
import type { DetectorContext } from './context';
import { AIR, GUNUNG_LINGAI, MIN, T0, reading } from './test-support';

function levels(values: number[]) {
  const d = floodLevelDetector.create(GUNUNG_LINGAI)!;
  return values.map((wl, i) => d.observe(reading(GUNUNG_LINGAI.id, 'flood', T0 + i * MIN, { water_level: wl }))!);
}

describe('flood_level', () => {
  it('maps water level to Siaga 3/2/1 with warning, critical, critical', () => {
    const [normal, s3, s2, s1] = levels([199.9, 200, 218, 240]);
    expect(normal.active).toBe(false);
    expect([s3.level, s3.severity, s3.active]).toEqual([1, 'warning', true]);
    expect([s2.level, s2.severity]).toEqual([2, 'critical']);
    expect([s1.level, s1.severity]).toEqual([3, 'critical']);
    expect(s2.title).toEqual({ id: 'Siaga 2 · Gunung Lingai 218 cm', en: 'Level 2 · Gunung Lingai 218 cm' });
    expect(s2.explanation.id).toContain('218 cm');
    expect(s2.action.id).not.toBe('');
    expect(s2.category).toBe('emergency');
  });

  it('a burst of spikes down and up on a calm gauge is no flood: the spikes down do not widen its usual step', () => {
    // L'Aude at Quillan at 45 cm, 10-min readings, every other reading thrown 150–260 cm either way
    const d = floodLevelDetector.create(GUNUNG_LINGAI)!;
    const calm = Array.from({ length: 30 }, (_, i) => 45 + (i % 3) * 0.3);
    const burst = [-219, 44.5, 250, 44.5, -150, 44.4, 298, 44.2, -120, 44.2, 264, 44.4, 45, 48.7];
    const out = [...calm, ...burst].map((wl, i) => d.observe(reading(GUNUNG_LINGAI.id, 'flood', T0 + i * 10 * MIN, { water_level: wl }))!);
    expect(out.filter((f) => f.active)).toEqual([]);
  });

  it('leaves a level only a quarter of its Siaga step below the line on a calm gauge (deadband)', () => {
    // Steps here are 18 and 22 cm: 4.5 cm. Steady at 220 (Siaga 2), then 215 (raw Siaga 3, 3 cm
    // below 218): still Siaga 2; 213.4 (4.6 cm below): Siaga 3. Steady at 201, 196 stays Siaga 3, 195.4 is normal.
    expect(levels([...Array(20).fill(220), 215, 213.4]).slice(20).map((f) => f.level)).toEqual([2, 1]);
    expect(levels([...Array(20).fill(201), 196, 195.4]).slice(20).map((f) => f.level)).toEqual([1, 0]);
    expect(floodDeadbandCm(NaN, GUNUNG_LINGAI.flood)).toBe(4.5);
    expect(floodDeadbandCm(NaN)).toBe(2);
  });

  it('on a gauge that jitters ±8 cm between readings, a dip within its noise is not leaving the level', () => {
    // Le Tech at Argelès in January: 484–500 cm around a line at 491.5, one alert became two.
    const d = floodLevelDetector.create(GUNUNG_LINGAI)!;
    const at = (wls: number[]) => wls.map((wl, i) => d.observe(reading(GUNUNG_LINGAI.id, 'flood', T0 + i * 10 * MIN, { water_level: wl }))!.level);
    const below = Array.from({ length: 10 }, (_, i) => (i % 2 ? 170 : 186));
    const noisy = Array.from({ length: 20 }, (_, i) => (i % 2 ? 192 : 208));
    // Usual step 16 cm: 3 steps = 48 cm of deadband (the calm gauge above leaves at 195.4). A real
    // fall, far beyond its noise, leaves at once.
    const out = at([...below, ...noisy, 186, 190, 120]);
    expect(out.slice(10)).toEqual([...Array(22).fill(1), 0]);
    expect(floodDeadbandCm(16, GUNUNG_LINGAI.flood)).toBe(48);
  });

  it('goes worse at once, with no deadband upwards', () => {
    expect(levels([199, 200]).map((f) => f.level)).toEqual([0, 1]);
  });

  it('holds an implausible jump for one reading: a spike pages nobody, a confirmed jump counts', () => {
    // 150 → 250 cm in one minute (100 > max(30, 30 cm/min × 1 min)): held; back to 151: never Siaga.
    expect(levels([150, 250, 151]).map((f) => f.level)).toEqual([0, 0, 0]);
    // 150 → 250 → 249: the second reading confirms (249 − 250 is no rise): Siaga 1 from then on.
    expect(levels([150, 250, 249]).map((f) => f.level)).toEqual([0, 0, 3]);
    // A plausible rise (190 → 219 cm, 29 cm in a minute) counts at once: Siaga 2 on one reading.
    expect(levels([190, 219]).map((f) => f.level)).toEqual([0, 2]);
    // Held while already at Siaga 3: the finding stays Siaga 3 with the last accepted value.
    const out = levels([205, 260]);
    expect([out[1].level, out[1].value]).toEqual([1, 205]);
    // The first reading after start has nothing to compare with: it counts.
    expect(levels([245])[0].level).toBe(3);
    expect(isImplausibleRise(0, 250, MIN)).toBe(true);
    expect(isImplausibleRise(0, 250, 10 * MIN)).toBe(false); // 25 cm/min over a 10-min gap: a river can
  });

  it('at 10-minute readings holds a jump of more than 6 × the gauge\'s usual step (the 30 cm/min bound alone allows 300 cm)', () => {
    const d = floodLevelDetector.create(GUNUNG_LINGAI)!;
    const at = (wls: number[], from: number) => wls.map((wl, i) => d.observe(reading(GUNUNG_LINGAI.id, 'flood', T0 + (from + i) * 10 * MIN, { water_level: wl }))!.level);
    // A dry road gauge: 0 cm for hours, one reading of 250 (Siaga 1 here), then 0 again: never Siaga.
    expect(at([...Array(20).fill(0), 250, 0], 0).slice(20)).toEqual([0, 0]);
    // The same jump confirmed by the next reading counts one reading late.
    expect(at([250, 249], 30)).toEqual([0, 3]);
    expect(isImplausibleRise(0, 250, 10 * MIN, 1)).toBe(true);
    expect(isImplausibleRise(150, 200, 10 * MIN, 10)).toBe(false);
  });

  it('counts a sustained fast rise, every reading a jump over the last, from its second reading over the line', () => {
    // An hourly gauge at 150 ± 2 cm rising 35–40 cm/h: 180 → 215 (Siaga 3, held: 35 cm > 30) → 252 rises on by a
    // like step: Siaga 1 counts. Each reading used to be held again as a jump over the held one, until 380 slowed.
    const hourly = (wls: number[]) => {
      const d = floodLevelDetector.create(GUNUNG_LINGAI)!;
      return wls.map((wl, i) => d.observe(reading(GUNUNG_LINGAI.id, 'flood', T0 + i * 60 * MIN, { water_level: wl }))!.level);
    };
    const calm = Array.from({ length: 48 }, (_, i) => 150 + ((i * 7) % 5) * 0.8);
    expect(hourly([...calm, 165, 180, 215, 252, 290, 328, 360, 380]).slice(48)).toEqual([0, 0, 0, 3, 3, 3, 3, 3]);
    // A rise that speeds up (35, then 75 cm: more than twice) counts one reading later, at the next like step.
    expect(hourly([...calm, 180, 215, 290, 370]).slice(48)).toEqual([0, 0, 0, 3]);
    // A second spike up far above the first (100, then 350 cm) confirms nothing; back at 151: never Siaga.
    expect(hourly([...calm, 150, 250, 600, 151]).slice(48)).toEqual([0, 0, 0, 0]);
    // A spike up then one back down below its start is no rise either.
    expect(hourly([...calm, 180, 215, 179]).slice(48)).toEqual([0, 0, 0]);
  });

  it('a 2-h dropout to 0 teaches nothing: after it a jump is held, Siaga 3 comes and a small return clears as without it', () => {
    // A 10-min gauge at 190 ± 1 cm, then 12 readings of 0 (sensor_stuck's), back to 190; its usual step stays ~1 cm.
    const tenMin = (wls: number[]) => {
      const d = floodLevelDetector.create(GUNUNG_LINGAI)!;
      return wls.map((wl, i) => d.observe(reading(GUNUNG_LINGAI.id, 'flood', T0 + i * 10 * MIN, { water_level: wl }))!.level);
    };
    const calm = Array.from({ length: 30 }, (_, i) => 190 + (i % 2));
    const dropout = [...calm, ...Array(12).fill(0), 190, 191];
    // A plausible rise to Siaga 3 counts at once, 195 (5 cm below the line, past its 4.5 cm deadband) clears it, a
    // 40 cm jump (> 30 cm and 6 × 1 cm) is held a reading. Learning the 190 cm fall made the deadband 3 steps of
    // ~40 cm: 195 stayed Siaga 3 and the jump passed at once.
    const after = [195, 199, 201, 203, 195, 235, 236];
    const expected = [0, 0, 1, 1, 0, 0, 2];
    expect(tenMin([...calm, 190, 191, ...after]).slice(32)).toEqual(expected);
    expect(tenMin([...dropout, ...after]).slice(dropout.length)).toEqual(expected);
    expect(tenMin(dropout).slice(30)).toEqual(Array(14).fill(0));
  });

  it('a real fast fall (a gate opening) counts from its second reading and its step is no usual step', () => {
    // A 10-min gauge at Siaga 1 (300 ± 1 cm) drops 95 cm to Siaga 3 and keeps falling by a river's steps. 205 alone
    // could be a spike down or a dropout: Siaga 1 holds (with the accepted 301); 204 confirms the fall and the level
    // follows. The accepted level is then 203 (the held jump's finding reports it), and the usual step stays ~1 cm: a
    // 35 cm jump to 238 is held. Learning the 95 cm fall let it pass at once as Siaga 2.
    const d = floodLevelDetector.create(GUNUNG_LINGAI)!;
    const calm = Array.from({ length: 30 }, (_, i) => 300 + (i % 2));
    const out = [...calm, 205, 204, 203, 238].map((wl, i) => d.observe(reading(GUNUNG_LINGAI.id, 'flood', T0 + i * 10 * MIN, { water_level: wl }))!);
    expect(out.slice(30).map((f) => f.level)).toEqual([3, 1, 1, 1]);
    expect(out[30].value).toBe(301);
    expect(out[33].value).toBe(203);
  });

  it('a dropout to 0, a sentinel or a spike down during a flood lowers no level; trusted readings again count as usual', () => {
    // A 10-min gauge at Siaga 2 (225 ± 1 cm), then 12 readings of 0 (or an in-range sentinel, −100): Siaga 2 throughout,
    // with the last accepted level as the value. Back at 226 it stays Siaga 2; back at 180 (the river fell meanwhile:
    // a fall no river makes from 226 in one reading) it holds one reading more, and 179 confirms it: normal.
    const tenMin = (wls: number[]) => {
      const d = floodLevelDetector.create(GUNUNG_LINGAI)!;
      return wls.map((wl, i) => d.observe(reading(GUNUNG_LINGAI.id, 'flood', T0 + i * 10 * MIN, { water_level: wl }))!);
    };
    const flood = Array.from({ length: 30 }, (_, i) => 225 + (i % 2));
    for (const sentinel of [0, -100]) {
      const out = tenMin([...flood, ...Array(12).fill(sentinel), 226, 180, 179]).slice(30);
      expect(out.map((f) => f.level)).toEqual([...Array(13).fill(2), 2, 0]);
      expect(out.slice(0, 12).every((f) => f.active && f.value === 226)).toBe(true);
      expect(tenMin([...flood, ...Array(12).fill(sentinel), 180, 179]).slice(42).map((f) => f.level)).toEqual([2, 0]);
    }
    // A spike down (to 60 cm, one reading) in a burst keeps Siaga 2; the spikes up are held as before.
    expect(tenMin([...flood, 60, 226, 420, 225, 40, 226]).slice(30).map((f) => f.level)).toEqual([2, 2, 2, 2, 2, 2]);
  });

  it('has nothing to say without water_level or without thresholds', () => {
    const d = floodLevelDetector.create(GUNUNG_LINGAI)!;
    expect(d.observe(reading(GUNUNG_LINGAI.id, 'flood', T0, { rainfall: 3 }))).toBeNull();
    expect(floodLevelDetector.create({ ...AIR, kind: 'flood' })).toBeNull();
  });
});

describe('flood_level on a gauge whose level step is read away', () => {
  it('says the level it judges is not the level the gauge reads, in both languages', () => {
    // sensor_step reads away a step down of 80 cm: the gauge reads 140 cm, flood_level judges 220 cm (Siaga 2)
    let shift = 0;
    // flood_level reads only datumShift of its context
    const d = floodLevelDetector.create(GUNUNG_LINGAI, { datumShift: () => shift } as Partial<DetectorContext> as DetectorContext)!;
    const plain = d.observe(reading(GUNUNG_LINGAI.id, 'flood', T0, { water_level: 220 }))!;
    expect(plain.explanation.en).not.toContain('reads');
    shift = -80;
    const read = d.observe(reading(GUNUNG_LINGAI.id, 'flood', T0 + 10 * MIN, { water_level: 140 }))!;
    expect(read.level).toBe(2);
    expect(read.value).toBe(220);
    expect(read.explanation.en).toContain('The gauge reads 140 cm; Pantau counts +80 cm');
    expect(read.explanation.id).toContain('Pos membaca 140 cm');
  });
});
