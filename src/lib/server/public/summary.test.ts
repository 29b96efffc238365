import { describe, expect, it } from 'vitest';
import type { Alert } from '../../core/alert';
import { createLiveReading } from '../../core/live-reading';
import type { Catalog, Sensor } from '../../core/sensor';
import { formatStateLabel } from '../../format/reading-label';
import { AIR_ADVICE } from '../../core/air-advice';
import { createLiveState } from '../live-state';
import { buildPublicSummary, NEARBY_KM } from './summary';

const NOW = Date.UTC(2026, 11, 6, 2, 0);
const gauge: Sensor = { id: 'flood-a', kind: 'flood', name: 'Pos A', district: 'Ulu', lat: -0.48, lon: 117.13, intervalS: 60, flood: { siaga3: 150, siaga2: 200, siaga1: 250 } };
const farGauge: Sensor = { ...gauge, id: 'flood-far', name: 'Pos Jauh', district: 'Jauh', lat: -0.9, lon: 117.9 };
const air: Sensor = { id: 'air-a', kind: 'air', name: 'Stasiun A', district: 'Ulu', lat: -0.481, lon: 117.131, intervalS: 60 };
const road: Sensor = { id: 'tr-a', kind: 'traffic', name: 'Jl. A', district: 'Ulu', lat: -0.48, lon: 117.13, intervalS: 60, traffic: { freeFlowKmh: 50, capacityVehH: 2000 } };
const catalog: Catalog = {
  city: 'Samarinda',
  districts: [
    { code: '1', name: 'Ulu', lat: -0.48, lon: 117.13 },
    // 3 km from Ulu's stations: none of its own, so it shows Ulu's as nearby.
    { code: '2', name: 'Kota', lat: -0.5, lon: 117.15 },
    { code: '3', name: 'Jauh', lat: -0.9, lon: 117.9 }
  ],
  sensors: [gauge, farGauge, air, road]
};

/** An alert carrying everything staff screens hold that residents must never see. */
function staffAlert(over: Partial<Alert> = {}): Alert {
  return {
    id: 'flood-a:flood_level:1', sensorId: 'flood-a', sensorName: 'Pos A', kind: 'flood', district: 'Ulu', rule: 'flood_level',
    category: 'emergency', severity: 'critical', level: 3, title: { id: 'Siaga 1 · Pos A 260 cm', en: 'Level 1 · Pos A 260 cm' },
    explanation: { id: 'Aturan: ambang internal', en: 'Rule: internal threshold' }, action: { id: 'Kirim tim SAR RAHASIA', en: 'Send SAR team SECRET' },
    value: 260, normal: 120, state: 'acknowledged', raisedAt: NOW - 60_000, updatedAt: NOW - 30_000, acknowledgedAt: NOW - 30_000,
    acknowledgedBy: 'sari.operator', assignee: 'budi.lapangan', escalated: true,
    comments: [{ by: 'sari.operator', at: NOW - 20_000, text: 'pompa 3 rusak' }],
    steps: [{ id: 'call-bpbd', done: true, by: 'sari.operator', at: NOW - 10_000 }],
    ...over
  };
}

function liveState() {
  const state = createLiveState({ isKnown: (id) => catalog.sensors.some((s) => s.id === id), maxUnknown: 0, now: () => NOW });
  state.apply([
    createLiveReading(gauge, { sensorId: gauge.id, kind: 'flood', ts: NOW - 5_000, values: { water_level: 210, rainfall: 12 } }),
    createLiveReading(farGauge, { sensorId: farGauge.id, kind: 'flood', ts: NOW - 3_600_000, values: { water_level: 100 } }),
    createLiveReading(air, { sensorId: air.id, kind: 'air', ts: NOW - 5_000, values: { pm25: 80 } }, { value: 132, pollutant: 'pm25' }),
    createLiveReading(road, { sensorId: road.id, kind: 'traffic', ts: NOW - 5_000, values: { speed: 5, flow: 1900 } })
  ]);
  return state;
}

describe('buildPublicSummary from the live state', () => {
  const state = liveState();
  const alerts = [
    staffAlert(),
    staffAlert({ id: 'x:sensor_silent:1', rule: 'sensor_silent', category: 'maintenance', title: { id: 'Sensor diam', en: 'Sensor silent' } }),
    staffAlert({ id: 'y:flood_level:1', state: 'resolved', title: { id: 'Selesai', en: 'Ended' } })
  ];
  const summary = buildPublicSummary(catalog, state.latest(), alerts, NOW);
  const ulu = summary.districts.find((d) => d.name === 'Ulu')!;

  it('shows a district its gauges and air stations with the labels the wall shows', () => {
    const reading = state.latest().find((r) => r.sensorId === gauge.id)!;
    expect(ulu.flood.gauges).toHaveLength(1);
    expect(ulu.flood.gauges[0]).toMatchObject({ id: 'flood-a', name: 'Pos A', severity: 2, stale: false, at: NOW - 5_000 });
    expect(ulu.flood.gauges[0].label).toEqual({ id: formatStateLabel(reading.state, 'id'), en: formatStateLabel(reading.state, 'en') });
    expect(ulu.flood.gauges[0].level.id).toBe('Siaga 2 · Siaga');
    expect(ulu.flood.worst).toBe(2);
    expect(ulu.air.stations[0].level).toEqual({ id: 'Tidak Sehat', en: 'Unhealthy' });
    expect(ulu.air.stations[0].label.id).toBe('Tidak Sehat · ISPU 132 (PM2.5)');
    expect(ulu.air.stations[0].advice).toEqual(AIR_ADVICE['tidak-sehat']);
  });

  it('gives a district without stations the nearest ones within reach, with their distance, and no far ones', () => {
    const kota = summary.districts.find((d) => d.name === 'Kota')!;
    expect(kota.flood.gauges.map((g) => g.id)).toEqual(['flood-a']);
    expect(kota.flood.gauges[0].nearbyKm).toBeGreaterThan(2);
    expect(kota.flood.gauges[0].nearbyKm).toBeLessThanOrEqual(NEARBY_KM);
    expect(kota.air.stations.map((s) => s.id)).toEqual(['air-a']);
    expect(ulu.flood.gauges[0].nearbyKm).toBeUndefined();
  });

  it('marks a silent gauge stale and leaves it out of the district worst', () => {
    const far = summary.districts.find((d) => d.name === 'Jauh')!;
    expect(far.flood.gauges[0]).toMatchObject({ id: 'flood-far', stale: true });
    expect(far.flood.worst).toBe(0);
    expect(far.air.stations).toEqual([]);
  });

  it('lists open emergency alerts only, as the CAP feed names them', () => {
    expect(ulu.warnings).toEqual([
      { kind: 'flood', event: { id: 'Banjir', en: 'Flood' }, headline: { id: 'Siaga 1 · Pos A 260 cm', en: 'Level 1 · Pos A 260 cm' }, severity: 'critical', district: 'Ulu', since: NOW - 60_000, updatedAt: NOW - 30_000 }
    ]);
  });

  it('carries no internal field: no staff names, comments, steps, instructions, rules or traffic', () => {
    const text = JSON.stringify(summary);
    for (const secret of ['sari.operator', 'budi.lapangan', 'pompa 3 rusak', 'call-bpbd', 'RAHASIA', 'SECRET', 'Aturan', 'Rule:', 'maintenance', 'sensor_silent', 'Selesai', 'tr-a', 'Jl. A']) {
      expect(text, secret).not.toContain(secret);
    }
    // (`category` is a key of air states: the alert's category shows as the word 'maintenance' above.)
    const keys = new Set<string>();
    JSON.parse(text, (k, v) => (keys.add(k), v));
    for (const k of ['comments', 'steps', 'assignee', 'acknowledgedBy', 'resolvedBy', 'action', 'explanation', 'rule', 'escalated', 'values', 'normal']) {
      expect(keys.has(k), k).toBe(false);
    }
  });

  it('copies state fields by name: an extra field on a reading state does not travel', () => {
    const readings = state.latest().map((r) => ({ ...r, state: { ...r.state, secretNote: 'intern' } }));
    expect(JSON.stringify(buildPublicSummary(catalog, readings, [], NOW))).not.toContain('intern');
  });
});
