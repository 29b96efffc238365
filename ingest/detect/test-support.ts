import type { Finding } from '../../src/lib/core/alert';
import type { Reading } from '../../src/lib/core/reading';
import type { Catalog, Sensor, SensorKind } from '../../src/lib/core/sensor';
import type { Forecast } from '../../src/lib/core/forecast';
import type { RiverForecaster } from '../forecast/index';

/** Shared fixtures for the detect unit tests (not a test file itself). */

/** Deterministic noise in [−1, 1] (a fixed linear congruential generator), so tests never flake. */
export function createNoise(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1_103_515_245 + 12_345) % 2_147_483_648;
    return (x / 2_147_483_648) * 2 - 1;
  };
}
export const MIN = 60_000;
export const HOUR = 3_600_000;
/** 2024-03-04 00:00 UTC = 08:00 WITA, a Monday. */
export const T0 = Date.UTC(2024, 2, 4, 0, 0, 0);

const gauge = (id: string, name: string, downstream?: string[]): Sensor => ({
  id,
  kind: 'flood',
  name,
  district: 'Samarinda Ulu',
  lat: -0.47,
  lon: 117.14,
  intervalS: 60,
  flood: { siaga3: 200, siaga2: 218, siaga1: 240 },
  ...(downstream ? { downstream } : {})
});

export const BENANGA = gauge('benanga', 'Benanga', ['gunung-lingai', 'kp3']);
export const GUNUNG_LINGAI = gauge('gunung-lingai', 'Gunung Lingai');
export const KP3 = gauge('kp3', 'KP3');
export const AIR = { id: 'air-1', kind: 'air', name: 'Taman Samarendah', district: 'Samarinda Kota', lat: -0.5, lon: 117.15, intervalS: 60 } satisfies Sensor;
export const ROAD = {
  id: 'road-1',
  kind: 'traffic',
  name: 'Jl. Slamet Riyadi',
  district: 'Samarinda Seberang',
  lat: -0.51,
  lon: 117.13,
  intervalS: 60,
  traffic: { freeFlowKmh: 50, capacityVehH: 2000 }
} satisfies Sensor;

export const CATALOG: Catalog = {
  city: 'Samarinda',
  districts: [],
  sensors: [BENANGA, GUNUNG_LINGAI, KP3, AIR, ROAD]
};

export function reading(sensorId: string, kind: SensorKind, ts: number, values: Record<string, number>): Reading {
  return { sensorId, kind, ts, values };
}

export function finding(over: Partial<Finding> = {}): Finding {
  return {
    rule: 'congestion',
    category: 'emergency',
    active: true,
    severity: 'warning',
    level: 2,
    value: 20,
    title: { id: 'judul', en: 'title' },
    explanation: { id: 'alasan', en: 'why' },
    action: { id: 'tindakan', en: 'action' },
    ...over
  };
}

/**
 * A forecaster that says what the test tells it: the rules' side of the forecast is tested in
 * ingest/detect, the forecaster itself in ingest/forecast.
 */
export function scriptedForecaster(script: (id: string, ts: number, level: number) => Omit<Forecast, 'sensorId' | 'ts' | 'levelCm'> | null): RiverForecaster {
  const latest = new Map<string, Forecast>();
  return {
    observe(id, ts, level) {
      const f = script(id, ts, level);
      if (f) latest.set(id, { sensorId: id, ts, levelCm: level, ...f });
      return latest.get(id) ?? null;
    },
    latest: (id) => latest.get(id) ?? null,
    stateBytes: () => 0
  };
}
