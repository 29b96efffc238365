import { describe, expect, it } from 'vitest';
import { createAnomalyScorer } from './statistical-scorer';
import { explain, rarityText } from './statistical-texts';

const rarity = rarityText(Math.log((10 * 7 * 86_400_000) / 600_000), 600_000); // about once in 10 weeks at 10 min
const base = { field: 'pm10', unit: 'µg/m³', value: 42, normal: 44.6, spread: 3, rarity };

describe('why the statistical model spoke, in words', () => {
  it('a value outside the hour\'s usual range is explained by that range, whatever else was unusual', () => {
    const t = explain({ ...base, value: 80, cause: { kind: 'step', change: 30, typical: 2, minutes: 10 } });
    expect(t.en).toBe('pm10 80 µg/m³; usual for this hour 37–52 µg/m³. A value like this comes about once in 10 weeks at this sensor (statistical model).');
    expect(t.id).toBe('pm10 80 µg/m³; biasanya pada jam ini 37–52 µg/m³. Nilai seperti ini kira-kira sekali dalam 10 minggu bagi sensor ini (model statistik).');
  });

  it('a value inside it that jumped says the step and a usual one, not the range it sits in', () => {
    const t = explain({ ...base, cause: { kind: 'step', change: -11.2, typical: 1.5, minutes: 10 } });
    expect(t.en).toBe('pm10 42 µg/m³: down 11 µg/m³ since the reading before (10 min), where it usually moves about 1.5 µg/m³. A change like this comes about once in 10 weeks at this sensor (statistical model).');
    expect(t.id).toContain('turun 11 µg/m³ sejak pembacaan sebelumnya (10 menit), padahal biasanya berubah sekitar 1,5 µg/m³');
    expect(t.en).not.toContain('usual for this hour');
  });

  it('a step that took longer than an hour says hours', () => {
    const t = explain({ ...base, cause: { kind: 'step', change: 12, typical: 1.5, minutes: 180 } });
    expect(t.en).toContain('up 12 µg/m³ since the reading before (3 h)');
    expect(t.id).toContain('naik 12 µg/m³ sejak pembacaan sebelumnya (3 jam)');
  });

  it('a value inside it after a shift says where the level has been lately against its usual one', () => {
    const t = explain({ ...base, cause: { kind: 'shift', recent: 47.3, usual: 31.8 } });
    expect(t.en).toBe('pm10 42 µg/m³: lately about 47 against its usual 32 µg/m³. A shift like this comes about once in 10 weeks at this sensor (statistical model).');
    expect(t.id).toContain('belakangan sekitar 47, padahal biasanya sekitar 32 µg/m³');
  });

  it('without a cause (the value itself) it keeps the range', () => {
    expect(explain(base).en).toContain('usual for this hour 37–52 µg/m³');
  });
});

describe('the scorer says what made a reading surprising', () => {
  // A daily wave with a little noise, every minute for two days: steps of about 0.1 are its habit.
  const wave = (i: number) => 100 + 30 * Math.sin((2 * Math.PI * i) / 1440) + ((i * 7919) % 13) / 13 - 0.5;
  const MIN = 60_000;

  it('a jump of 8 where it moves 0.1 a minute is a step; the new level held is then a shift', () => {
    const s = createAnomalyScorer();
    for (let i = 0; i < 3000; i++) s.score(i * MIN, wave(i));
    s.score(3000 * MIN, wave(3000) + 8);
    expect(s.lastCause()).toBe('step');
    expect(s.lastStep().change).toBeCloseTo(wave(3000) + 8 - wave(2999), 9);
    expect(s.lastStep().typical).toBeLessThan(1);
    expect(s.lastStep().gapMs).toBe(MIN);
    for (let i = 3001; i < 3010; i++) s.score(i * MIN, wave(i) + 8);
    expect(s.lastCause()).toBe('shift');
    expect(s.lastShift().recent - s.lastShift().usual).toBeGreaterThan(5);
  });

  it('on a steady rise the usual move is the rise, not its scatter', () => {
    const s = createAnomalyScorer();
    // rises of 2.5 a reading, back to the start every 20 (a tide, a pump): its moves are mostly +2.5
    for (let i = 0; i < 600; i++) s.score(i * MIN, 2.5 * (i % 20) + (i % 2) * 0.2);
    expect(s.lastStep().typical).toBeGreaterThan(2);
    expect(s.lastStep().typical).toBeLessThan(3);
  });

  it('a reading after a data gap took no step', () => {
    const s = createAnomalyScorer();
    for (let i = 0; i < 500; i++) s.score(i * MIN, wave(i));
    s.score(600 * MIN, wave(600) + 5);
    expect(s.lastStep().change).toBe(0);
  });

  it('a step across a few missed readings says the time it took, not the usual interval', () => {
    const s = createAnomalyScorer();
    for (let i = 0; i < 500; i++) s.score(i * MIN, wave(i));
    s.score(504 * MIN, wave(504) + 8); // three readings missed: within the gap limit, still a step
    expect(s.lastStep().change).toBeCloseTo(wave(504) + 8 - wave(499), 9);
    expect(s.lastStep().gapMs).toBe(5 * MIN);
  });
});
