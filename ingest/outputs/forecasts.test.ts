import { describe, expect, it } from 'vitest';
import type { Forecast } from '../../src/lib/core/forecast';
import type { LiveReading, Reading } from '../../src/lib/core/reading';
import { createForecastOutput } from './forecasts';
import { stateAtSeverity } from '../../src/lib/core/state-fixtures';

const T = Date.UTC(2026, 11, 5, 6, 0);

function forecastAt(sensorId: string, ts: number): Forecast {
  return { sensorId, ts, levelCm: 200, points: [{ horizonMin: 30, at: ts + 1_800_000, levelCm: 210, lowCm: 205, highCm: 215 }], crossing: null, reasons: [], confidence: 0.5 };
}

function setup() {
  const latest = new Map<string, Forecast>();
  const written: Forecast[] = [];
  const out = createForecastOutput({ forecast: (id) => latest.get(id) ?? null, write: (f) => written.push(...f) });
  return { latest, written, out };
}

const flood = (ts: number, sensorId = 'flood-kp3'): Reading => ({ sensorId, kind: 'flood', ts, values: { water_level: 200 } });
const live = (r: Reading): LiveReading => ({ ...r, district: 'Samarinda Ulu', severity: 0, state: stateAtSeverity('flood', 0) });

describe('forecast output of the ingest', () => {
  it('stores the forecast issued at a reading once, and never an older one again', () => {
    const { latest, written, out } = setup();
    latest.set('flood-kp3', forecastAt('flood-kp3', T));
    out.afterReading(flood(T));
    out.afterReading(flood(T)); // the same reading delivered twice
    out.afterReading(flood(T + 60_000)); // the engine made no new forecast for this one
    expect(written.map((f) => f.ts)).toEqual([T]);
    latest.set('flood-kp3', forecastAt('flood-kp3', T + 120_000));
    out.afterReading(flood(T + 120_000));
    expect(written.map((f) => f.ts)).toEqual([T, T + 120_000]);
  });

  it('ignores other kinds and gauges without a forecast', () => {
    const { written, out } = setup();
    out.afterReading(flood(T, 'flood-pemuda'));
    out.afterReading({ sensorId: 'air-x', kind: 'air', ts: T, values: { pm25: 3 } });
    expect(written).toEqual([]);
  });

  it('attaches the latest forecast to a gauge live reading only', () => {
    const { latest, out } = setup();
    latest.set('flood-kp3', forecastAt('flood-kp3', T));
    expect(out.attach(live(flood(T + 60_000))).forecast?.ts).toBe(T);
    expect(out.attach(live(flood(T, 'flood-pemuda')))).not.toHaveProperty('forecast');
    expect(out.attach(live({ sensorId: 'flood-kp3', kind: 'air', ts: T, values: { pm25: 1 } }))).not.toHaveProperty('forecast');
  });
});
