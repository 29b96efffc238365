import { describe, it, expect } from 'vitest';
import { formatKindSeverity, formatStateLabel, formatStateLevel, kindScale, stateColor } from './reading-label';
import { ISPU_COLORS, SEVERITY_COLORS } from './severity';
import { stateSeverity, type AirReadingState, type FloodReadingState, type ReadingState, type TrafficReadingState } from '../core/reading-state';
import { stateAtSeverity } from '../core/state-fixtures';
import type { SensorKind } from '../core/sensor';

const thresholds = { siaga3: 150, siaga2: 200, siaga1: 250 };
const flood = (siaga: FloodReadingState['siaga'], cm: number | null, rain: number | null = null): FloodReadingState => ({
  kind: 'flood', siaga, waterLevelCm: cm, thresholds: siaga === null ? null : thresholds, rainfallMmH: rain
});
const air = (category: AirReadingState['category'], ispu: number | null, pollutant: AirReadingState['pollutant'] = 'pm25'): AirReadingState => ({
  kind: 'air', category, ispu, pollutant, window: 'hourly'
});
const road = (level: TrafficReadingState['level'], speed: number | null): TrafficReadingState => ({ kind: 'traffic', level, speedKmh: speed, flowVehH: 900 });

/** state → Indonesian label, English label, colour. */
const TABLE: [ReadingState, string, string, string][] = [
  [flood(4, 120), 'Siaga 4 · Normal · 120 cm', 'Level 4 · Normal · 120 cm', SEVERITY_COLORS[0]],
  [flood(3, 160), 'Siaga 3 · Waspada · 160 cm', 'Level 3 · Alert · 160 cm', SEVERITY_COLORS[1]],
  [flood(2, 215), 'Siaga 2 · Siaga · 215 cm', 'Level 2 · Standby · 215 cm', SEVERITY_COLORS[2]],
  [flood(1, 1260), 'Siaga 1 · Awas · 1.260 cm', 'Level 1 · Danger · 1,260 cm', SEVERITY_COLORS[3]],
  [flood(null, 90), '90 cm', '90 cm', SEVERITY_COLORS[0]],
  [flood(null, null, 12.5), 'Hujan lebat · 12,5 mm/jam', 'Heavy rain · 12.5 mm/h', SEVERITY_COLORS[0]],
  [air('baik', 32), 'Baik · ISPU 32 (PM2.5)', 'Good · ISPU 32 (PM2.5)', ISPU_COLORS[0]],
  [air('sedang', 80, 'pm10'), 'Sedang · ISPU 80 (PM10)', 'Moderate · ISPU 80 (PM10)', ISPU_COLORS[1]],
  [air('tidak-sehat', 147), 'Tidak Sehat · ISPU 147 (PM2.5)', 'Unhealthy · ISPU 147 (PM2.5)', ISPU_COLORS[2]],
  [air('sangat-tidak-sehat', 250, 'o3'), 'Sangat Tidak Sehat · ISPU 250 (O₃)', 'Very Unhealthy · ISPU 250 (O₃)', ISPU_COLORS[3]],
  [air('berbahaya', 420, 'co'), 'Berbahaya · ISPU 420 (CO)', 'Hazardous · ISPU 420 (CO)', ISPU_COLORS[4]],
  [air(null, null, null), '', '', ISPU_COLORS[0]],
  [road('lancar', 42), 'Lancar · 42 km/jam', 'Free flow · 42 km/h', SEVERITY_COLORS[0]],
  [road('ramai', 30), 'Ramai · 30 km/jam', 'Busy · 30 km/h', SEVERITY_COLORS[1]],
  [road('padat', 18), 'Padat · 18 km/jam', 'Heavy · 18 km/h', SEVERITY_COLORS[2]],
  [road('macet', 6), 'Macet · 6 km/jam', 'Jammed · 6 km/h', SEVERITY_COLORS[3]],
  [road(null, 25), '25 km/jam', '25 km/h', SEVERITY_COLORS[0]]
];

describe('formatStateLabel', () => {
  it.each(TABLE)('%j → "%s" / "%s" in %s', (state, id, en, color) => {
    expect(formatStateLabel(state, 'id')).toBe(id);
    expect(formatStateLabel(state, 'en')).toBe(en);
    expect(stateColor(state)).toBe(color);
  });
});

/** Words of the other kinds' scales that must never name a level of this kind. */
const FOREIGN: Record<SensorKind, RegExp> = {
  flood: /Baik|Sedang|Sehat|Berbahaya|Lancar|Ramai|Padat|Macet|Good|Moderate|Unhealthy|Hazardous|Free flow|Busy|Heavy|Jammed/,
  air: /Siaga|Waspada|Awas|Normal|Lancar|Ramai|Padat|Macet|Level|Alert|Standby|Danger|Busy|Heavy|Jammed/,
  traffic: /Siaga|Waspada|Awas|Normal|Baik|Sedang|Sehat|Berbahaya|Level|Alert|Standby|Danger|Good|Moderate|Unhealthy|Hazardous/
};

describe('level words per kind', () => {
  it.each(['flood', 'air', 'traffic'] as const)("%s: every level in the kind's own words only, in both languages", (kind) => {
    for (const lang of ['id', 'en'] as const) {
      const words = kindScale(kind, lang).map((l) => l.words);
      expect(words.every((w) => w.length > 0)).toBe(true);
      for (const w of words) expect(w).not.toMatch(FOREIGN[kind]);
    }
  });

  it('names a severity in a kind the way a state of that severity is named', () => {
    for (const kind of ['flood', 'air', 'traffic'] as const) {
      for (const { severity, words, color } of kindScale(kind, 'id')) {
        const state = stateAtSeverity(kind, severity);
        expect(stateSeverity(state)).toBe(severity);
        expect(formatStateLevel(state, 'id')).toBe(words);
        expect(stateColor(state)).toBe(color);
      }
    }
    expect(formatKindSeverity('air', 1, 'id')).toBe('Sedang');
    expect(formatKindSeverity('traffic', 1, 'id')).toBe('Ramai');
    expect(formatKindSeverity('flood', 3, 'id')).toBe('Siaga 1 · Awas');
    expect(formatKindSeverity('traffic', 4, 'en')).toBe('');
  });
});
