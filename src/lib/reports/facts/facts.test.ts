import { describe, expect, it } from 'vitest';
import { computeFacts } from './index';
import { slotIsMacet } from './patterns';
import { DATA_END, dayStart, GAPS, INTERVAL_S, seededWeekInput, WEEK_START } from '../seeded-week';
import { RESPONSE_TARGETS_MIN } from '../targets';
import { DAY_MS, HOUR_MS, WEEK_MS } from '../period';

/**
 * One test per fact family on the fixed seeded fortnight (seeded-week.ts). Every expected value is
 * worked out from its EPISODES and GAPS tables, as the comments show.
 */
const input = seededWeekInput();
const facts = computeFacts(input);
const min = 60_000;

describe('alert facts (week of 23 Nov)', () => {
  it('counts emergencies by kind, district and level', () => {
    // traffic: Lembuswana Macet on days 7, 9, 10, 11 + Sempaja Macet on 8, 10 + Sempaja Padat on 12 = 7;
    // flood: Gunung Lingai on 8, 10, 12 + KP3 on 9 = 4; air: Teluk Lerong 9, 10, 11 + Sungai Pinang 9 = 4.
    expect(facts.alerts.emergency).toBe(15);
    expect(facts.alerts.maintenance).toBe(1); // Sempaja south silent on day 10
    expect(facts.alerts.byKind).toEqual([{ kind: 'traffic', count: 7 }, { kind: 'air', count: 4 }, { kind: 'flood', count: 4 }]);
    // Samarinda Ulu: Lembuswana 4 + Teluk Lerong 3; Sungai Pinang: Sempaja 3 + Gunung Lingai 3 + air 1; Samarinda Ilir: KP3.
    expect(facts.alerts.byDistrict).toEqual([
      { district: 'Samarinda Ulu', count: 7 }, { district: 'Sungai Pinang', count: 7 }, { district: 'Samarinda Ilir', count: 1 }
    ]);
    const level = (rule: string, l: number) => facts.alerts.byLevel.find((x) => x.rule === rule && x.level === l)?.count;
    expect(level('congestion', 3)).toBe(6);
    expect(level('congestion', 2)).toBe(1);
    expect(level('flood_level', 1)).toBe(3); // day 12 reached level 2 and counts there
    expect(level('flood_level', 2)).toBe(1);
    expect(level('air_quality', 1)).toBe(4);
  });

  it('bins alerts per hour of the week', () => {
    expect(facts.alerts.perHour).toHaveLength(168);
    expect(facts.alerts.perHour.reduce((a, b) => a + b, 0)).toBe(15);
    // Tuesday 24 Nov (hour 24 + 7): Sempaja Macet at 07:00.
    expect(facts.alerts.perHour[24 + 7]).toBe(1);
    // Wednesday 25 Nov 10:00 (hour 58): Teluk Lerong Tidak Sehat.
    expect(facts.alerts.perHour[48 + 10]).toBe(1);
  });

  it('names the worst episodes first, with their timelines', () => {
    const worst = facts.alerts.worst[0];
    // Critical at level 3 beats critical at level 2; among Macet hours (all 60 or 30 min) the longer, then the earlier.
    expect(worst.alert.sensorId).toBe('traffic-lembuswana-n');
    expect(worst.maxLevel).toBe(3);
    expect(worst.alert.raisedAt).toBe(dayStart(7) + 990 * min);
    expect(worst.timeline.map((t) => t.type)).toEqual(['raised', 'acknowledged', 'stepped', 'resolved']);
    expect(facts.alerts.worst).toHaveLength(5);
  });
});

describe('response facts', () => {
  it('measures acknowledgement and resolution against the targets per severity', () => {
    const critical = facts.response.bySeverity.find((r) => r.severity === 'critical')!;
    // Acks (min): Lembuswana 4, 4, 12, 4; Sempaja 3, 3; Gunung Lingai day 12: 3. Target 5.
    expect(critical).toMatchObject({ count: 7, acknowledged: 7, ackOnTime: 6, medianAckMin: 4, targetAckMin: RESPONSE_TARGETS_MIN.critical.acknowledge });
    // Resolved after 60, 60, 60, 60, 30, 30 and 420 min; target 120.
    expect(critical).toMatchObject({ resolved: 7, resolvedOnTime: 6, medianResolveMin: 60 });
    const warning = facts.response.bySeverity.find((r) => r.severity === 'warning')!;
    // Acks: Padat 20, Gunung Lingai 10 and 20, KP3 never, Teluk Lerong 30 ×3, Sungai Pinang 5. Target 15.
    expect(warning).toMatchObject({ count: 8, acknowledged: 7, ackOnTime: 2, medianAckMin: 20 });
    // Resolved after 60, 240, 120, 60, 360 ×3, 120; target 240 (reached counts).
    expect(warning).toMatchObject({ resolved: 8, resolvedOnTime: 5, medianResolveMin: 180 });
  });

  it('counts escalations to backups and team leads from the notifier deliveries', () => {
    // Gunung Lingai (28 Nov) to Budi by WhatsApp and email (one escalation) and to lead Rina; KP3 (25 Nov) to Budi.
    expect(facts.response.escalationSteps).toEqual([
      { reason: 'backup', alerts: 2, people: ['Budi'] },
      { reason: 'lead', alerts: 1, people: ['Rina'] }
    ]);
    // A day without any: Thu 26 Nov.
    const day = { kind: 'day' as const, start: dayStart(10), end: dayStart(11), key: '2026-11-26' };
    expect(computeFacts(seededWeekInput(day)).response.escalationSteps).toEqual([]);
  });

  it('lists escalations and procedure steps left unticked', () => {
    expect(facts.response.escalated.map((e) => e.sensorId)).toEqual(['flood-gunung-lingai']);
    expect(facts.response.escalated[0].at).toBe(dayStart(12) + 150 * min);
    // Lembuswana 3 steps, 1 ticked on days 7, 9, 10 (2 + 2 + 2); Sempaja day 10 none (3); Gunung Lingai day 10 1 of 3 (2)
    // and day 12 at Siaga 2: 4 of 6 (2); KP3 none of 3 (3).
    expect(facts.response.untickedTotal).toBe(16);
    expect(facts.response.unticked).toHaveLength(7);
    const day12 = facts.response.unticked.find((u) => u.sensorId === 'flood-gunung-lingai' && u.raisedAt === dayStart(12) + 60 * min)!;
    expect(day12).toMatchObject({ required: 6, missing: ['flood.warn-residents', 'flood.divert-traffic'] });
  });
});

describe('ranking facts', () => {
  it('ranks kecamatan per kind by alerts, then alert-minutes', () => {
    const traffic = facts.ranking.find((r) => r.kind === 'traffic')!.districts;
    expect(traffic).toEqual([{ district: 'Samarinda Ulu', count: 4, minutes: 240 }, { district: 'Sungai Pinang', count: 3, minutes: 120 }]);
    const flood = facts.ranking.find((r) => r.kind === 'flood')!.districts;
    expect(flood).toEqual([{ district: 'Sungai Pinang', count: 3, minutes: 240 + 120 + 420 }, { district: 'Samarinda Ilir', count: 1, minutes: 60 }]);
    expect(facts.ranking.find((r) => r.kind === 'air')!.districts.map((d) => [d.district, d.count])).toEqual([['Samarinda Ulu', 3], ['Sungai Pinang', 1]]);
  });
});

describe('change facts', () => {
  it('compares with the previous period and the same period last week', () => {
    // Week of 16 Nov: Lembuswana on days 0, 1, 3, 4; Sempaja on 0, 2, 4; Gunung Lingai on day 3.
    expect(facts.change.rows).toEqual([
      { kind: 'all', current: 15, previous: 8, lastWeek: 8 },
      { kind: 'traffic', current: 7, previous: 7, lastWeek: 7 },
      { kind: 'flood', current: 4, previous: 1, lastWeek: 1 },
      { kind: 'air', current: 4, previous: 0, lastWeek: 0 }
    ]);
    expect(facts.change.previous.start).toBe(WEEK_START - WEEK_MS);
  });

  it('for a day, the previous day and the same weekday a week before differ', () => {
    const day = { kind: 'day' as const, start: dayStart(10), end: dayStart(11), key: '2026-11-26' };
    const f = computeFacts(seededWeekInput(day));
    // Thu 26 Nov: Lembuswana, Sempaja, Gunung Lingai, Teluk Lerong = 4; Wed 25: Lembuswana, KP3, Teluk Lerong, Sungai Pinang = 4;
    // Thu 19 Nov: Lembuswana, Gunung Lingai = 2.
    expect(f.change.rows[0]).toEqual({ kind: 'all', current: 4, previous: 4, lastWeek: 2 });
  });
});

describe('quality facts', () => {
  const perWeek = (7 * 24 * 3600) / INTERVAL_S; // 1,008 readings promised per sensor
  it('computes completeness per sensor from readings stored against readings promised', () => {
    const sempaja = facts.quality.sensors.find((s) => s.sensorId === 'traffic-sempaja-s')!;
    // 36 hours missing = 216 readings.
    expect(sempaja).toMatchObject({ expected: perWeek, received: perWeek - 216, emptyHours: 36 });
    expect(sempaja.completeness).toBeCloseTo(792 / 1008, 6);
    expect(sempaja.longestGap).toEqual({ start: dayStart(GAPS[0][1]), hours: 36 });
    const air = facts.quality.sensors.find((s) => s.sensorId === 'air-sungai-pinang-1')!;
    expect(air).toMatchObject({ received: perWeek - 36, emptyHours: 6 });
    expect(facts.quality.sensors.find((s) => s.sensorId === 'flood-kp3')).toMatchObject({ completeness: 1, emptyHours: 0, longestGap: null });
  });

  it('in a period still running, promises readings only up to the report time', () => {
    // Thursday 26 Nov, reported at 12:00 WITA: 72 readings promised; Sempaja south sent none (its gap).
    const day = { kind: 'day' as const, start: dayStart(10), end: dayStart(11), key: '2026-11-26' };
    const f = computeFacts({ ...seededWeekInput(day), generatedAt: dayStart(10) + 12 * HOUR_MS });
    expect(f.quality.sensors.find((s) => s.sensorId === 'flood-kp3')).toMatchObject({ expected: 72, received: 72, completeness: 1 });
    expect(f.quality.sensors.find((s) => s.sensorId === 'traffic-sempaja-s')).toMatchObject({ expected: 72, received: 0, emptyHours: 12 });
  });

  it('per district, overall, and the sensors in maintenance', () => {
    const pinang = facts.quality.districts.find((d) => d.district === 'Sungai Pinang')!;
    expect(pinang.completeness).toBeCloseTo((3 * 1008 - 216 - 36) / (3 * 1008), 6);
    expect(facts.quality.districts[0].district).toBe('Sungai Pinang'); // the worst first
    expect(facts.quality.overall).toBeCloseTo((6 * 1008 - 252) / (6 * 1008), 6);
    expect(facts.quality.maintenance).toEqual([{ sensorId: 'air-sungai-pinang-1', name: 'Stasiun Udara Sungai Pinang Dalam', reason: 'Kalibrasi ulang sensor PM2.5' }]);
  });
});

describe('outlook facts', () => {
  it('lists forecast crossings and open alerts', () => {
    expect(facts.outlook.crossings).toHaveLength(1);
    expect(facts.outlook.crossings[0]).toMatchObject({ sensorId: 'flood-gunung-lingai', crossing: { level: 3 } });
    expect(facts.outlook.open).toEqual({ critical: 1, warning: 0, info: 0 });
    expect(facts.outlook.openWorst[0].sensorId).toBe('flood-kp3');
  });
});

describe('pattern facts', () => {
  it('finds the half-hour in which an approach was Macet on most of the last 10 weekdays, from its readings', () => {
    // Readings every 10 min at 15 % of free-flow speed from 16:30 to 17:30: both half-hours' means are Macet.
    const lemb = facts.patterns.macet.find((p) => p.sensorId === 'traffic-lembuswana-n')!;
    expect(lemb).toMatchObject({ days: 8, weekdays: 10, fromMin: 990, toMin: 1050, firstDay: dayStart(0) });
    // Sempaja south has a Macet alert on 5 weekdays, but on Thu 26 Nov (day 10) it sent no readings (its 36-hour gap):
    // the readings show 4.
    const semp = facts.patterns.macet.find((p) => p.sensorId === 'traffic-sempaja-s')!;
    expect(semp).toMatchObject({ days: 4, fromMin: 420, toMin: 450 });
    expect(input.trafficSlots.some((s) => s.sensorId === 'traffic-sempaja-s' && s.start >= dayStart(10) && s.start < dayStart(11))).toBe(false);
  });

  it('grades a half-hour by the level of service of its means, not by any single reading', () => {
    // One Macet reading among three (16:30 Macet, 16:40 and 16:50 free flow) averages to Ramai at most: not Macet.
    const sensor = input.catalog.sensors.find((s) => s.id === 'traffic-lembuswana-n')!;
    const p = sensor.traffic!;
    const mixed = { sensorId: sensor.id, start: dayStart(7) + 990 * min, mean: { speed: p.freeFlowKmh * (0.15 + 0.8 + 0.8) / 3, flow: p.capacityVehH * 0.5, occupancy: (40 + 10 + 10) / 3 } };
    expect(slotIsMacet(sensor, mixed)).toBe(false);
    expect(slotIsMacet(sensor, { ...mixed, mean: { speed: p.freeFlowKmh * 0.15, flow: p.capacityVehH * 0.5, occupancy: 40 } })).toBe(true);
  });

  it('ignores congestion alerts without the readings to show them, and counts Macet readings without alerts', () => {
    const noAlerts = computeFacts({ ...input, events: input.events.filter((e) => e.alert.rule !== 'congestion') });
    expect(noAlerts.patterns.macet.map((p) => [p.sensorId, p.days])).toEqual([['traffic-lembuswana-n', 8], ['traffic-sempaja-s', 4]]);
    const noReadings = computeFacts({ ...input, trafficSlots: [] });
    expect(noReadings.patterns.macet).toEqual([]);
  });

  it('only counts weekdays: a Macet Saturday evening is not one of the 10', () => {
    // Sat 28 Nov (day 12) is not a weekday: copying Lembuswana's Macet half-hours of Fri 27 Nov onto it changes nothing.
    const fri = input.trafficSlots.filter((s) => s.sensorId === 'traffic-lembuswana-n' && s.start >= dayStart(11) && s.start < dayStart(12));
    const sat = fri.map((s) => ({ ...s, start: s.start + DAY_MS }));
    const withSat = computeFacts({ ...input, trafficSlots: [...input.trafficSlots.filter((s) => !(s.sensorId === 'traffic-lembuswana-n' && s.start >= dayStart(12) && s.start < dayStart(13))), ...sat] });
    expect(withSat.patterns.macet.find((p) => p.sensorId === 'traffic-lembuswana-n')).toMatchObject({ days: 8, fromMin: 990, toMin: 1050 });
  });

  it('counts the days of the last week a gauge reached Siaga 3 and a station was Tidak Sehat', () => {
    const gl = facts.patterns.floodDays.find((p) => p.sensorId === 'flood-gunung-lingai')!;
    expect(gl.days).toEqual([dayStart(8), dayStart(10), dayStart(12)]);
    expect(gl.worst).toBe(2); // Siaga 2 on day 12
    expect(facts.patterns.floodDays.find((p) => p.sensorId === 'flood-kp3')!.days).toEqual([dayStart(9)]);
    expect(facts.patterns.airDays.find((p) => p.sensorId === 'air-samarinda-ulu-1')!.days).toEqual([9, 10, 11].map(dayStart));
    expect(facts.patterns.airDays.find((p) => p.sensorId === 'air-sungai-pinang-1')!.days).toEqual([dayStart(9)]);
    expect(DATA_END - dayStart(7)).toBe(7 * DAY_MS);
    expect(HOUR_MS).toBe(3_600_000);
  });
});
