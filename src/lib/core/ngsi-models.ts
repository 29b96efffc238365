import type { SensorKind } from './sensor';

/**
 * How the Smart Data Models attributes Pantau reads map to its fields. `units` maps a UN/CEFACT
 * unitCode to the factor into the Pantau unit; `default` is the factor when no unitCode is given
 * (the model's own default unit). A code not listed is refused (bad_unit): ppm/ppb for gases need a
 * molar mass and temperature, so they are not converted here.
 */
export interface AttributeMap {
  field: string;
  units: Readonly<Record<string, number>>;
  default: number;
  /** A count over the observation period (TrafficFlowObserved.intensity): divided by the period in hours. */
  perPeriod?: boolean;
}

const UG_M3 = { GQ: 1, GP: 1_000 } as const; // µg/m³, mg/m³
const air = (field: string): AttributeMap => ({ field, units: UG_M3, default: 1 });

/** The entity type each kind takes, and the attributes read from it (in order: the first one present wins a field). */
export const NGSI_MODELS: Readonly<Record<SensorKind, { type: string; attributes: ReadonlyArray<readonly [string, AttributeMap]> }>> = {
  air: {
    type: 'AirQualityObserved',
    // The GeoJSON-feature examples spell the pollutants in capitals (CO, NO2, SO2).
    attributes: ['pm25', 'pm10', 'co', 'no2', 'o3', 'so2'].flatMap((f) => [[f, air(f)] as const, [f.toUpperCase(), air(f)] as const])
  },
  traffic: {
    type: 'TrafficFlowObserved',
    attributes: [
      // intensity is "vehicles detected during this observation period": veh/h only with the period.
      ['intensity', { field: 'flow', units: {}, default: 1, perPeriod: true }],
      ['averageVehicleSpeed', { field: 'speed', units: { KMH: 1, MTS: 3.6 }, default: 1 }],
      // The model gives occupancy as a fraction 0–1; Pantau stores %. P1 says it is already %.
      ['occupancy', { field: 'occupancy', units: { C62: 100, P1: 1 }, default: 100 }]
    ]
  },
  flood: {
    type: 'WaterObserved',
    // The schema has `height` (metres, like its other heights); the v2 examples also carry `waterLevel`,
    // which says level outright, so it wins when both are present. WaterObserved has no rainfall.
    attributes: [
      ['waterLevel', { field: 'water_level', units: { MTR: 100, CMT: 1, MMT: 0.1 }, default: 100 }],
      ['height', { field: 'water_level', units: { MTR: 100, CMT: 1, MMT: 0.1 }, default: 100 }]
    ]
  }
};

/** The kind an entity type belongs to, if Pantau reads that type at all. */
export function kindOfEntityType(type: string): SensorKind | undefined {
  for (const kind of Object.keys(NGSI_MODELS) as SensorKind[]) if (NGSI_MODELS[kind].type === type) return kind;
  return undefined;
}
