import { describe, it, expect } from 'vitest';
import { SENSOR_ID_PATTERN, type District } from '../core/sensor';
import { buildSensors, nearestDistrict, placeName, slugify, type SourceFeature } from './build-sensors';
import { validateCatalog } from './validate';

const districts: District[] = [
  { code: '01', name: 'Utara', lat: -0.40, lon: 117.18 },
  { code: '02', name: 'Selatan', lat: -0.50, lon: 117.16 }
];

// A toy Karang Mumus running north → south with the three gauges and two riverside spots.
const features: SourceFeature[] = [
  { kind: 'river', name: 'Sungai Karang Mumus', type: 'line', coordinates: [[117.18, -0.40], [117.17, -0.45], [117.16, -0.50]] },
  { kind: 'water_gauge', name: 'Pos TMA KP3', type: 'point', coordinates: [117.16, -0.499] },
  { kind: 'water_gauge', name: 'Bendungan Benanga', type: 'point', coordinates: [117.18, -0.401] },
  { kind: 'water_gauge', name: 'Pos TMA Gunung Lingai', type: 'point', coordinates: [117.17, -0.45] },
  { kind: 'flood_spot', name: 'Jl. Hulu (dekat bendungan)', type: 'point', coordinates: [117.176, -0.42] },
  { kind: 'flood_spot', name: 'Jl. Hilir / Gang X', type: 'point', coordinates: [117.165, -0.475] },
  { kind: 'flood_spot', name: 'Jl. Jauh', type: 'point', coordinates: [117.10, -0.475] },
  { kind: 'intersection', name: 'Simpang Empat Contoh (Jl. A / Jl. B)', type: 'point', coordinates: [117.17, -0.46] },
  { kind: 'landmark', name: 'Stadion Contoh (Kaltim)', type: 'point', coordinates: [117.16, -0.52] }
];

describe('buildSensors', () => {
  const sensors = buildSensors(features, districts, new Map([['Utara', ['Lempake', 'Sempaja']]]), 1);
  const byId = new Map(sensors.map((s) => [s.id, s]));

  it('makes valid, unique, pattern-conforming ids', () => {
    expect(new Set(sensors.map((s) => s.id)).size).toBe(sensors.length);
    for (const s of sensors) expect(s.id).toMatch(SENSOR_ID_PATTERN);
    expect(validateCatalog({ city: 'X', districts, sensors }).ok).toBe(true);
  });

  it('chains the river gauges downstream and lists the riverside spots in their reach', () => {
    expect(byId.get('flood-benanga')?.downstream).toEqual(['flood-gunung-lingai', 'flood-hulu']);
    expect(byId.get('flood-gunung-lingai')?.downstream).toEqual(['flood-kp3', 'flood-hilir']);
    expect(byId.get('flood-jauh')?.downstream).toBeUndefined();
    expect(byId.get('flood-benanga')?.flood).toEqual({ siaga3: 50, siaga2: 55, siaga1: 105 });
  });

  it('gives each intersection three approaches with a traffic profile', () => {
    const approaches = sensors.filter((s) => s.kind === 'traffic');
    expect(approaches).toHaveLength(3);
    expect(approaches.every((s) => s.id.startsWith('traffic-contoh-') && s.traffic!.capacityVehH >= 1200)).toBe(true);
  });

  it('places two air stations per district, named after kelurahan, plus one per landmark', () => {
    expect(byId.get('air-utara-1')?.name).toBe('Stasiun Udara Lempake');
    expect(byId.get('air-selatan-2')?.district).toBe('Selatan');
    expect(byId.get('air-stadion-contoh')?.district).toBe('Selatan');
  });

  it('is deterministic for a seed', () => {
    expect(buildSensors(features, districts, new Map(), 1)).toEqual(buildSensors(features, districts, new Map(), 1));
  });
});

describe('names', () => {
  it('shortens place names and slugs them', () => {
    expect(placeName('Jl. Dr. Sutomo / Gang Nibung (Sidodadi, SKM narrowing)')).toBe('Dr. Sutomo');
    expect(placeName('Simpang Empat Sempaja (Jl. AW Syahranie / KH Wahid Hasyim)')).toBe('Simpang Empat Sempaja');
    expect(slugify('Dr. Sutomo')).toBe('dr-sutomo');
    expect(nearestDistrict([117.17, -0.41], districts).name).toBe('Utara');
  });
});
