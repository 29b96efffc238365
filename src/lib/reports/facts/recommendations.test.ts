import { describe, expect, it } from 'vitest';
import { computeFacts } from './index';
import { AIR_MIN_DAYS, COMPLETENESS_MIN, FLOOD_MIN_DAYS, MACET_MIN_DAYS, RECOMMENDATION_RULES } from './recommendations';
import { dayStart, seededWeekInput } from '../seeded-week';
import type { ReportInput } from '../types';
import type { DaysPattern } from './patterns';
import type { SensorQuality } from './quality';

/** Each rule once on data that should fire it and once on data that should not (the seeded fortnight, or it edited). */
const input = seededWeekInput();
const recs = (i: ReportInput, rule: string) => computeFacts(i).recommendations.filter((r) => r.rule === rule);

describe('recommendation rules', () => {
  it('are listed once each', () => {
    expect(RECOMMENDATION_RULES.map((r) => r.id)).toEqual(['signal-retiming', 'flood-repeated', 'air-schools', 'maintenance-visit']);
  });

  it(`signal retiming: Macet in the same half-hour on ≥ ${MACET_MIN_DAYS} of the last 10 weekdays`, () => {
    const found = recs(input, 'signal-retiming');
    // Lembuswana north, readings Macet 16:30–17:30 on 8 of 10: yes; Sempaja south, 4 of 10: no.
    expect(found.map((r) => r.sensorId)).toEqual(['traffic-lembuswana-n']);
    expect(found[0].evidence).toMatchObject({ days: 8, fromMin: 990, toMin: 1050 });
  });

  it('signal retiming: 6 of 10 weekdays is not enough, 7 is', () => {
    // Lembuswana's readings of Mon 16 and Tue 17 Nov at free-flow speed instead: 6 of 10 Macet evenings remain.
    const free = (days: number[]) => ({ ...input, trafficSlots: input.trafficSlots.map((s) =>
      s.sensorId === 'traffic-lembuswana-n' && days.some((d) => s.start >= dayStart(d) && s.start < dayStart(d + 1)) ? { ...s, mean: { ...s.mean, speed: 40, occupancy: 10 } } : s) });
    expect(computeFacts(free([0, 1])).patterns.macet.find((p) => p.sensorId === 'traffic-lembuswana-n')!.days).toBe(6);
    expect(recs(free([0, 1]), 'signal-retiming')).toEqual([]);
    // Only Mon 16 Nov freed: 7 of 10, the threshold.
    expect(recs(free([0]), 'signal-retiming').map((r) => [r.sensorId, (r.evidence as { days: number }).days])).toEqual([['traffic-lembuswana-n', 7]]);
  });

  it(`flood: a gauge at Siaga 3 or worse on ≥ ${FLOOD_MIN_DAYS} days of the last week`, () => {
    const found = recs(input, 'flood-repeated');
    // Gunung Lingai on 24, 26 and 28 Nov: yes; KP3 on 25 Nov only: no.
    expect(found.map((r) => r.sensorId)).toEqual(['flood-gunung-lingai']);
    expect((found[0].evidence as DaysPattern).days).toHaveLength(3);
    // Without its hours of 28 Nov, Gunung Lingai has 2 days: no.
    const edited = { ...input, hourly: input.hourly.filter((h) => !(h.sensorId === 'flood-gunung-lingai' && h.hour >= dayStart(12) && h.hour < dayStart(13))) };
    expect(recs(edited, 'flood-repeated')).toEqual([]);
  });

  it(`air: a station Tidak Sehat on ≥ ${AIR_MIN_DAYS} days of the last week → advice to schools`, () => {
    const found = recs(input, 'air-schools');
    // Teluk Lerong (air-samarinda-ulu-1) on 25, 26, 27 Nov: yes; Sungai Pinang on 25 Nov only: no.
    expect(found.map((r) => r.sensorId)).toEqual(['air-samarinda-ulu-1']);
    const cleaner = { ...input, hourly: input.hourly.map((h) => (h.sensorId === 'air-samarinda-ulu-1' && h.hour >= dayStart(11) ? { ...h, mean: { ...h.mean, pm25: 10 } } : h)) };
    expect(recs(cleaner, 'air-schools')).toEqual([]);
  });

  it(`maintenance visit: completeness below ${COMPLETENESS_MIN * 100} %, unless the sensor is in maintenance already`, () => {
    const found = recs(input, 'maintenance-visit');
    // Sempaja south: 792 of 1,008 readings (78.6 %): yes. Sungai Pinang air: 96.4 % (and in maintenance): no.
    expect(found.map((r) => r.sensorId)).toEqual(['traffic-sempaja-s']);
    expect((found[0].evidence as SensorQuality).completeness).toBeCloseTo(0.7857, 3);
    const planned = { ...input, maintenance: [...input.maintenance, { sensorId: 'traffic-sempaja-s', reason: 'Modem diganti' }] };
    expect(recs(planned, 'maintenance-visit')).toEqual([]);
  });
});
