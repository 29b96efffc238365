import { describe, expect, it } from 'vitest';
import type { AlertEvent, Finding } from '../../src/lib/core/alert';
import type { Forecast } from '../../src/lib/core/forecast';
import type { RiverForecaster } from '../forecast/index';
import type { RuleDetector } from './context';
import { createDetectionEngine } from './engine';
import { DETECTORS } from './index';
import { quietFinding } from './finding';
import { spikeDetector } from './sensor-faults';
import { BENANGA, CATALOG, GUNUNG_LINGAI, MIN, T0, reading, scriptedForecaster } from './test-support';
import { recordText } from './flood-forecast';
import { witaClock } from '../../src/lib/core/wita';

/** A forecast from `level` rising `perH` cm/h (a band of no width: the central path decides), crossing Siaga 2 (218) when it does. */
function rising(ts: number, level: number, perH: number, reasons: Forecast['reasons'] = []): Omit<Forecast, 'sensorId' | 'ts' | 'levelCm'> {
  const points = ([30, 60, 120] as const).map((h) => ({ horizonMin: h, at: ts + h * MIN, levelCm: level + (perH * h) / 60, lowCm: level + (perH * h) / 60, highCm: level + (perH * h) / 60 }));
  const at = level < 218 && perH > 0 ? ts + ((218 - level) / perH) * 3_600_000 : Infinity;
  const crossing = at <= ts + 120 * MIN ? { level: 2 as const, at: Math.round(at), earliest: Math.round(at - 10 * MIN), latest: Math.round(at + 10 * MIN) } : null;
  return { points, crossing, reasons, confidence: 0.9 };
}

function run(forecaster: RiverForecaster, steps: { id: string; wl: number }[][]): AlertEvent[] {
  const e = createDetectionEngine({ catalog: CATALOG, forecaster });
  const out: AlertEvent[] = [];
  steps.forEach((batch, m) => {
    for (const r of batch) out.push(...e.observe(reading(r.id, 'flood', T0 + m * 10 * MIN, { water_level: r.wl })));
  });
  return out;
}

const raisedRules = (events: AlertEvent[], id: string) => events.filter((e) => e.type === 'raised' && e.alert.sensorId === id).map((e) => e.alert.rule);

describe('flood warnings from the river forecast', () => {
  it('upstream_warning comes from the downstream forecast: Benanga at Siaga 3 warns Gunung Lingai only when its forecast crosses', () => {
    const steps = Array.from({ length: 4 }, () => [{ id: BENANGA.id, wl: 205 }, { id: GUNUNG_LINGAI.id, wl: 204 }]);
    // Gunung Lingai forecast flat: Benanga's Siaga 3 alone warns nobody downstream.
    const flat = run(scriptedForecaster((id, ts, lvl) => rising(ts, lvl, 0)), steps);
    expect(raisedRules(flat, GUNUNG_LINGAI.id)).toEqual(['flood_level']);
    expect(raisedRules(flat, BENANGA.id)).toEqual(['flood_level']);
    // Gunung Lingai forecast to rise 20 cm/h (Siaga 2 in 42 min): one warning, upstream_warning, not also rate_of_rise.
    const wave = run(scriptedForecaster((id, ts, lvl) => rising(ts, lvl, id === GUNUNG_LINGAI.id ? 20 : 0, [{ kind: 'upstream', sensorId: BENANGA.id, amount: 35, minutes: 60 }])), steps);
    expect(raisedRules(wave, GUNUNG_LINGAI.id).sort()).toEqual(['flood_level', 'upstream_warning']);
    const alert = wave.find((e) => e.alert.rule === 'upstream_warning')!.alert;
    // Raised at the second reading (10 min), Siaga 2 (218) 14 cm above: 42 min later, band ±10 min.
    const at = T0 + 10 * MIN + 42 * MIN;
    expect(alert.title.en).toBe(`Water from upstream Benanga: Gunung Lingai expected at Level 2 ≈ ${witaClock(at)} WITA (earliest ${witaClock(at - 10 * MIN)})`);
    expect(witaClock(at)).toBe('08:52');
    expect(alert.title.id).toContain('Gunung Lingai diperkirakan Siaga 2');
    expect(alert.explanation.en).toContain('Benanga rose 35 cm in the last 60 minutes');
    expect(alert.explanation.id).toContain('Benanga naik 35 cm dalam 60 menit terakhir');
    expect([alert.level, alert.category]).toEqual([2, 'emergency']);
  });

  it('a crossing of the gauge\'s own making (rain, no upstream water) is its rate_of_rise, with the reasons', () => {
    const steps = Array.from({ length: 4 }, () => [{ id: GUNUNG_LINGAI.id, wl: 200 }]);
    const events = run(scriptedForecaster((id, ts, lvl) => rising(ts, lvl, 30, [{ kind: 'rain', amount: 40, minutes: 0 }])), steps);
    expect(raisedRules(events, GUNUNG_LINGAI.id)).toEqual(['flood_level', 'rate_of_rise']);
    const alert = events.find((e) => e.alert.rule === 'rate_of_rise')!.alert;
    expect(alert.title.en).toMatch(/^Gunung Lingai expected at Level 2 ≈ \d\d:\d\d WITA/);
    expect(alert.explanation.en).toContain('40 mm/h of rain');
    expect(alert.explanation.id).toContain('hujan 40 mm/jam');
    expect(alert.explanation.en).toContain("this gauge's track record is not known yet");
    expect(alert.value).toBe(30);
  });

  it('writes a reason\'s amount with a decimal comma in Indonesian, a point in English', () => {
    const steps = Array.from({ length: 4 }, () => [{ id: GUNUNG_LINGAI.id, wl: 200 }]);
    const reasons: Forecast['reasons'] = [{ kind: 'rain', amount: 4.5, minutes: 0 }, { kind: 'trend', amount: 2.5, minutes: 30 }];
    const events = run(scriptedForecaster((id, ts, lvl) => rising(ts, lvl, 30, reasons)), steps);
    const alert = events.find((e) => e.alert.rule === 'rate_of_rise')!.alert;
    expect(alert.explanation.id).toContain('hujan 4,5 mm/jam');
    expect(alert.explanation.id).toContain('Gunung Lingai naik 2,5 cm dalam 30 menit terakhir');
    expect(alert.explanation.en).toContain('4.5 mm/h of rain');
    expect(alert.explanation.en).toContain('Gunung Lingai rose 2.5 cm in the last 30 minutes');
  });

  it('the warning says how far this gauge\'s forecasts held up lately (its track record), in both languages', () => {
    const steps = Array.from({ length: 4 }, () => [{ id: GUNUNG_LINGAI.id, wl: 200 }]);
    const withRecord = (ts: number, lvl: number, skill: number) => {
      const f = rising(ts, lvl, 30, [{ kind: 'rain', amount: 40, minutes: 0 }]);
      return { ...f, points: f.points.map((p) => (p.horizonMin === 60 ? { ...p, skill } : p)) };
    };
    const good = run(scriptedForecaster((id, ts, lvl) => withRecord(ts, lvl, 0.62)), steps).find((e) => e.alert.rule === 'rate_of_rise')!.alert;
    expect(good.explanation.en).toContain('this gauge\'s 60-min forecasts in recent weeks, when the water rose or fell: error 62 % smaller than assuming the level stays the same');
    expect(good.explanation.id).toContain('prakiraan 60 menit pos ini beberapa minggu terakhir, saat muka air naik atau turun: kesalahannya 62 % lebih kecil daripada jika muka air dianggap tetap');
    const poor = run(scriptedForecaster((id, ts, lvl) => withRecord(ts, lvl, -0.1)), steps).find((e) => e.alert.rule === 'rate_of_rise')!.alert;
    expect(poor.explanation.en).toContain('error 10 % larger than assuming the level stays the same');
  });

  it('a record that rounds to 0 % is not called worse (no "use with care" over nothing)', () => {
    const at = (skill: number) => {
      const f = rising(T0, 200, 30);
      return recordText({ ...f, sensorId: GUNUNG_LINGAI.id, ts: T0, levelCm: 200, points: f.points.map((p) => (p.horizonMin === 60 ? { ...p, skill } : p)) });
    };
    expect(at(-0.004).en).toContain('error 0 % smaller');
    expect(at(-0.004).id).toContain('kesalahannya 0 % lebih kecil');
    expect(at(-0.006).en).toContain('error 1 % larger');
  });

  it('a crossing nothing of the gauge\'s own explains (no rise, no rain) is warned from upstream, where its water comes from', () => {
    const steps = Array.from({ length: 3 }, () => [{ id: BENANGA.id, wl: 150 }, { id: GUNUNG_LINGAI.id, wl: 205 }]);
    const events = run(scriptedForecaster((id, ts, lvl) => rising(ts, lvl, id === GUNUNG_LINGAI.id ? 20 : 0)), steps);
    expect(raisedRules(events, GUNUNG_LINGAI.id).sort()).toEqual(['flood_level', 'upstream_warning']);
    // The same crossing with the gauge's own rise as its reason is its rate_of_rise.
    const own = run(scriptedForecaster((id, ts, lvl) => rising(ts, lvl, id === GUNUNG_LINGAI.id ? 20 : 0, [{ kind: 'trend', amount: 8, minutes: 30 }])), steps);
    expect(raisedRules(own, GUNUNG_LINGAI.id).sort()).toEqual(['flood_level', 'rate_of_rise']);
  });

  it('a reading the forecaster holds as a glitch changes nothing: the open warning keeps its rule', () => {
    // Gunung Lingai warned by its own rise; Benanga reaches its Siaga 3 meanwhile; one Gunung Lingai reading is held.
    const steps = [0, 1, 2, 3, 4, 5].map((m) => [{ id: BENANGA.id, wl: m >= 2 ? 205 : 150 }, { id: GUNUNG_LINGAI.id, wl: m === 3 ? 900 : 205 }]);
    const events = run(scriptedForecaster((id, ts, lvl) => (lvl === 900 ? null : rising(ts, lvl, id === GUNUNG_LINGAI.id ? 20 : 0, [{ kind: 'trend', amount: 8, minutes: 30 }]))), steps);
    // Deciding again after the held reading handed the warning to upstream_warning (Benanga now at Siaga 3).
    expect(raisedRules(events, GUNUNG_LINGAI.id).sort()).toEqual(['flood_level', 'rate_of_rise', 'sensor_spike']);
  });

  it('a warning holds through a lull of its forecast while the water stands high, and ends once it recedes', () => {
    // Warned at 205–210 cm (Siaga 2 at 218 in under 2 h), then two hours in which the forecast
    // reaches nothing, then the rise resumes: one alert while the water stands at 209–210.
    const lull = (m: number) => m >= 4 && m < 16;
    const forecaster = scriptedForecaster((id, ts, lvl) => rising(ts, lvl, lull((ts - T0) / (10 * MIN)) ? 0 : 10, [{ kind: 'trend', amount: 8, minutes: 30 }]));
    const levels = (during: number[]) => [205, 207, 209, 210, ...Array.from({ length: 12 }, (_, i) => during[i % during.length]), 211, 213, 215].map((wl) => [{ id: GUNUNG_LINGAI.id, wl }]);
    const rises = (events: AlertEvent[]) => events.filter((e) => e.alert.rule === 'rate_of_rise' && e.type !== 'updated' && e.type !== 'escalated').map((e) => e.type);
    expect(rises(run(forecaster, levels([210, 209])))).toEqual(['raised']);
    // The same lull with the water back at 201 cm (it gave back all of its rise): the warning ends, a new one follows.
    expect(rises(run(forecaster, levels([201])))).toEqual(['raised', 'resolved', 'raised']);
  });

  it('no warning for a level the gauge stood at within the last 6 h: the same flood, flood_level speaks', () => {
    const steps = [[{ id: GUNUNG_LINGAI.id, wl: 220 }], ...Array.from({ length: 6 }, () => [{ id: GUNUNG_LINGAI.id, wl: 210 }])];
    const events = run(scriptedForecaster((id, ts, lvl) => rising(ts, lvl, 10)), steps);
    expect(raisedRules(events, GUNUNG_LINGAI.id)).toEqual(['flood_level']);
  });
});

describe('rules gated on the fault rules\' verdict', () => {
  /** A rule that remembers readings for 30 min and says "warn" at every reading. */
  const alwaysWarn: RuleDetector = {
    rule: 'rate_of_rise',
    kinds: ['flood'],
    faultGateMs: 30 * MIN,
    create: () => ({
      observe: (): Finding => ({ rule: 'rate_of_rise', category: 'emergency', active: true, severity: 'warning', level: 1, value: 1, title: { id: 't', en: 't' }, explanation: { id: 'e', en: 'e' }, action: { id: 'a', en: 'a' } })
    })
  };

  const tenMinute = { ...CATALOG, sensors: CATALOG.sensors.map((x) => ({ ...x, intervalS: 600 })) };

  it('after a spike the gated rule is quiet for its memory, then warns again', () => {
    // No minimum duration and no quiet period: every verdict shows as an event.
    const e = createDetectionEngine({ catalog: tenMinute, detectors: { sensor_spike: spikeDetector, rate_of_rise: alwaysWarn }, policy: { minActiveByRule: { rate_of_rise: 0 }, resolveQuietMs: 0, resolveQuietIntervals: 0, maintenanceQuietIntervals: 0 } });
    const events: string[] = [];
    [150, 150, 150, -262, 150, 150, 150, 150, 150, 150].forEach((wl, i) => {
      for (const ev of e.observe(reading(GUNUNG_LINGAI.id, 'flood', T0 + i * 10 * MIN, { water_level: wl }))) events.push(`${ev.alert.rule} ${ev.type}@${i}`);
    });
    // The spike (reading 3) is rejected at reading 4; the rule is ignored for 30 min (readings 4–6),
    // until the spike has left a 30-minute window.
    expect(events).toEqual(['rate_of_rise raised@0', 'sensor_spike raised@4', 'rate_of_rise resolved@4', 'sensor_spike resolved@5', 'rate_of_rise raised@7']);
    expect(DETECTORS.sensor_spike?.rejectsReadings).toBe(true);
    // The statistical scorer learns from every reading: gated the same way.
    expect(DETECTORS.statistical?.faultGateMs).toBe(30 * MIN);
  });

  it('rate_of_rise\'s straight line (no confident forecast yet) ignores a rejected reading: flat at 180 cm, one reading of −82, no "rising fast"', () => {
    const noForecast: RiverForecaster = { observe: () => null, latest: () => null, stateBytes: () => 0 };
    const levels = [...Array(10).fill(180), -82, ...Array(6).fill(180)];
    const alerts = (detectors: Record<string, RuleDetector>) => {
      const e = createDetectionEngine({ catalog: tenMinute, forecaster: noForecast, detectors });
      return levels.flatMap((wl, i) => e.observe(reading(GUNUNG_LINGAI.id, 'flood', T0 + i * 10 * MIN, { water_level: wl })).map((ev) => `${ev.alert.rule} ${ev.type}@${i}`));
    };
    expect(alerts(DETECTORS as Record<string, RuleDetector>)).toEqual(['sensor_spike raised@11']);
    // Without the spike rule's verdict, the line through −82 and back reads as a flash flood.
    const { sensor_spike: _, ...withoutSpike } = DETECTORS;
    expect(alerts(withoutSpike as Record<string, RuleDetector>)).toEqual(['rate_of_rise raised@13']);
  });

  it('with the ingest\'s policy at a 10-minute gauge, the warning stays one alert through the spike', () => {
    const e = createDetectionEngine({ catalog: tenMinute, detectors: { sensor_spike: spikeDetector, rate_of_rise: alwaysWarn } });
    const events: string[] = [];
    [150, 150, 150, -262, 150, 150, 150, 150, 150, 150].forEach((wl, i) => {
      const ts = T0 + i * 10 * MIN;
      for (const ev of [...e.tick(ts), ...e.observe(reading(GUNUNG_LINGAI.id, 'flood', ts, { water_level: wl }))]) events.push(`${ev.alert.rule} ${ev.type}@${i}`);
    });
    // Gated for three readings, less than the 50-min quiet period (5 intervals): the alert holds.
    expect(events.filter((x) => x.startsWith('rate_of_rise') && !x.includes('escalated'))).toEqual(['rate_of_rise raised@1']);
  });
});

describe('forecast warnings on a level sensor_step reads away', () => {
  it('say the gauge reads another level than the one forecast against the Siaga levels, in both languages', () => {
    // a step down of 80 cm read away: the gauge reads 120 cm, the forecaster and the rules work on 200 cm
    const stepDown: RuleDetector = { rule: 'sensor_step', kinds: ['flood'], shiftsDatum: true, create: () => ({ observe: () => quietFinding('sensor_step', 'maintenance'), datumShift: () => -80 }) };
    const forecaster = scriptedForecaster((id, ts, lvl) => rising(ts, lvl, 30, [{ kind: 'rain', amount: 40, minutes: 0 }]));
    const e = createDetectionEngine({ catalog: CATALOG, forecaster, detectors: { ...DETECTORS, sensor_step: stepDown } });
    const events = Array.from({ length: 4 }, (_, m) => e.observe(reading(GUNUNG_LINGAI.id, 'flood', T0 + m * 10 * MIN, { water_level: 120 }))).flat();
    const alert = events.find((x) => x.type === 'raised' && x.alert.rule === 'rate_of_rise')!.alert;
    expect(alert.explanation.en).toContain('The gauge reads 120 cm; Pantau counts +80 cm for a suspected level step (sensor_step). Why:');
    expect(alert.explanation.id).toContain('Pos membaca 120 cm; Pantau menghitung +80 cm');
  });
});
