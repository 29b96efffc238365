import { describe, it, expect } from 'vitest';
import type { TruthEvent } from '../../simulators/scenario-player';
import {
  answersTruth,
  countFalseAlerts,
  createUpstreamIndex,
  emergenciesOnFaults,
  explainedBy,
  floodLeadTimes,
  scorePrecision,
  scoreRecall,
  type AlertRecord
} from './score';

const MIN = 60_000;
const T0 = 1_700_000_000_000;
const at = (min: number) => T0 + min * MIN;

// benanga → gunung-lingai → kp3; an air station on its own.
const upstream = createUpstreamIndex([
  { id: 'benanga', downstream: ['gunung-lingai'] },
  { id: 'gunung-lingai', downstream: ['kp3'] },
  { id: 'kp3' },
  { id: 'air-1' }
]);

function truth(type: TruthEvent['type'], sensorId: string, startMin: number, endMin: number, rule: TruthEvent['expected']['rule']): TruthEvent {
  return { scenario: 'test', type, sensorId, start: at(startMin), end: at(endMin), expected: { rule, level: 1 } };
}

let n = 0;
function alert(sensorId: string, rule: AlertRecord['rule'], raisedMin: number, category: AlertRecord['category'] = 'emergency'): AlertRecord {
  return { id: `${sensorId}:${rule}:${n++}`, sensorId, rule, category, severity: 'warning', level: 1, raisedAt: at(raisedMin) };
}

describe('matching an alert to a truth event', () => {
  const flood = truth('level-rise', 'gunung-lingai', 20, 40, 'flood_level');

  it('takes the same sensor with a fitting rule, raised from start − 10 min to end', () => {
    expect(answersTruth(flood, alert('gunung-lingai', 'rate_of_rise', 10), upstream)).toBe(true);
    expect(answersTruth(flood, alert('gunung-lingai', 'flood_level', 40), upstream)).toBe(true);
    expect(answersTruth(flood, alert('gunung-lingai', 'flood_level', 9.9), upstream)).toBe(false);
    expect(answersTruth(flood, alert('gunung-lingai', 'flood_level', 40.1), upstream)).toBe(false);
  });

  it('takes an alert up to settleMs after the end (a spike is only known by the next reading)', () => {
    const spike = truth('spike', 'kp3', 10, 11, 'sensor_spike');
    const next = alert('kp3', 'sensor_spike', 11.8);
    expect(answersTruth(spike, next, upstream)).toBe(false);
    expect(answersTruth(spike, next, upstream, { earlyMs: 10 * MIN, settleMs: MIN, lateMs: 30 * MIN })).toBe(true);
  });

  it('refuses a rule that does not fit the type (statistical is no flood warning)', () => {
    expect(answersTruth(flood, alert('gunung-lingai', 'statistical', 25), upstream)).toBe(false);
    expect(answersTruth(truth('spike', 'kp3', 0, 1, 'sensor_spike'), alert('kp3', 'flood_level', 0), upstream)).toBe(false);
  });

  it('takes an upstream warning on a gauge directly downstream of the truth gauge, and nothing else elsewhere', () => {
    expect(answersTruth(flood, alert('kp3', 'upstream_warning', 25), upstream)).toBe(true);
    expect(answersTruth(flood, alert('kp3', 'flood_level', 25), upstream)).toBe(false);
    expect(answersTruth(flood, alert('benanga', 'upstream_warning', 25), upstream)).toBe(false);
  });

  it('explains a late alert for precision (up to 30 min after the end) without counting it for recall', () => {
    const late = alert('gunung-lingai', 'flood_level', 60);
    expect(answersTruth(flood, late, upstream)).toBe(false);
    expect(explainedBy(flood, late, upstream)).toBe(true);
    expect(explainedBy(flood, alert('gunung-lingai', 'flood_level', 71), upstream)).toBe(false);
  });
});

describe('scoreRecall', () => {
  it('counts found and missed truth events per type', () => {
    const t = [truth('haze', 'air-1', 0, 30, 'air_quality'), truth('haze', 'air-2', 0, 30, 'air_quality'), truth('stuck', 'air-1', 0, 30, 'sensor_stuck')];
    const r = scoreRecall(t, [alert('air-1', 'air_quality', 5), alert('air-1', 'sensor_stuck', 31)], upstream);
    const haze = r.find((x) => x.type === 'haze')!;
    const stuck = r.find((x) => x.type === 'stuck')!;
    expect([haze.found, haze.total]).toEqual([1, 2]);
    expect(haze.missed.map((m) => m.sensorId)).toEqual(['air-2']);
    expect([stuck.found, stuck.total]).toEqual([0, 1]);
  });

  it('matches each truth with its own window when given one per truth (a storm flood and a glitch in one slot)', () => {
    const flood = truth('level-rise', 'benanga', 0, 600, 'flood_level');
    const spike = truth('spike', 'gunung-lingai', 0, 1, 'sensor_spike');
    const storm = { earlyMs: 180 * MIN, settleMs: MIN, lateMs: 180 * MIN };
    const narrow = { earlyMs: 10 * MIN, settleMs: MIN, lateMs: 30 * MIN };
    const w = (t: TruthEvent) => (t.type === 'level-rise' ? storm : narrow);
    const alerts = [alert('benanga', 'rate_of_rise', -105), alert('gunung-lingai', 'sensor_spike', -105)];
    const r = scoreRecall([flood, spike], alerts, upstream, w);
    expect(r.map((x) => [x.type, x.found])).toEqual([['level-rise', 1], ['spike', 0]]);
    expect(scoreRecall([flood], alerts, upstream, narrow)[0].found).toBe(0);
  });
});

describe('scorePrecision', () => {
  it('divides explained alerts by all alerts raised in the scenario window', () => {
    const t = [truth('incident', 'traffic-a', 10, 25, 'congestion')];
    const alerts = [
      alert('traffic-a', 'congestion', 11),
      alert('traffic-b', 'congestion', 12), // no truth on this approach
      alert('traffic-a', 'statistical', 12), // wrong rule for an incident
      alert('traffic-b', 'congestion', -5) // before the scenario: outside the window, not counted
    ];
    const p = scorePrecision(t, alerts, upstream, { from: at(0), to: at(60) });
    expect([p.explained, p.total]).toEqual([1, 3]);
    expect(p.unexplained.map((a) => a.rule).sort()).toEqual(['congestion', 'statistical']);
  });
});

describe('countFalseAlerts', () => {
  it('gives a rate per sensor-week and splits by category and rule', () => {
    const alerts = [alert('a', 'congestion', 0), alert('b', 'congestion', 1), alert('c', 'sensor_stuck', 2, 'maintenance')];
    const f = countFalseAlerts(alerts, 21); // e.g. 7 sensors × 3 days
    expect(f.perSensorWeek).toBeCloseTo(1, 10);
    expect(f.byCategory).toEqual({ emergency: 2, maintenance: 1 });
    expect(f.byRule).toEqual([['congestion/emergency', 2], ['sensor_stuck/maintenance', 1]]);
    expect(countFalseAlerts([], 0).perSensorWeek).toBe(0);
  });
});

describe('floodLeadTimes', () => {
  const t = [truth('level-rise', 'gunung-lingai', 20, 60, 'flood_level'), truth('level-rise', 'kp3', 30, 60, 'flood_level'), truth('level-rise', 'benanga', 5, 30, 'flood_level')];
  const siaga2 = new Map([['gunung-lingai', at(50)], ['kp3', at(40)]]); // benanga never reached Siaga 2

  it('measures minutes from the first fitting alert to Siaga 2, upstream warnings included', () => {
    const alerts = [alert('gunung-lingai', 'flood_level', 25), alert('gunung-lingai', 'rate_of_rise', 15), alert('kp3', 'upstream_warning', 22), alert('kp3', 'statistical', 1)];
    const leads = floodLeadTimes(t, alerts, siaga2, upstream);
    expect(leads.map((l) => [l.sensorId, l.leadMin, l.firstRule])).toEqual([
      ['gunung-lingai', 35, 'rate_of_rise'],
      ['kp3', 18, 'upstream_warning']
    ]);
  });

  it('is negative for a late alert and null when none came', () => {
    const leads = floodLeadTimes(t, [alert('gunung-lingai', 'flood_level', 55)], siaga2, upstream);
    expect(leads.map((l) => l.leadMin)).toEqual([-5, null]);
  });
});

describe('emergenciesOnFaults', () => {
  it('lists emergency alerts on a faulty sensor during its fault, not maintenance ones or other sensors', () => {
    const t = [truth('spike', 'kp3', 10, 11, 'sensor_spike')];
    const alerts = [
      alert('kp3', 'flood_level', 10),
      alert('kp3', 'sensor_spike', 11, 'maintenance'),
      alert('benanga', 'flood_level', 10),
      alert('kp3', 'rate_of_rise', 25) // a shower 14 min after the spike ended: not the fault's doing
    ];
    expect(emergenciesOnFaults(t, alerts).map((a) => [a.sensorId, a.rule, a.raisedAt])).toEqual([['kp3', 'flood_level', at(10)]]);
  });
});
