/**
 * Sensors and the quantities they measure. Every other module speaks these types.
 * Field names are stable API: they are InfluxDB field names, payload keys and Socket.IO keys.
 */

export const SENSOR_KINDS = ['traffic', 'flood', 'air'] as const;
export type SensorKind = (typeof SENSOR_KINDS)[number];

export interface FieldSpec {
  unit: string;
  /** Physical range: a value outside it is a sensor fault, never an emergency. */
  min: number;
  max: number;
  /** SenML unit names (RFC 8428 / RFC 8798) that map to this field's unit without conversion. */
  senmlUnits: readonly string[];
}

/** The numeric fields each kind reports, with units and physical bounds. */
export const FIELDS = {
  traffic: {
    flow: { unit: 'veh/h', min: 0, max: 12_000, senmlUnits: ['1/h', 'veh/h'] },
    speed: { unit: 'km/h', min: 0, max: 200, senmlUnits: ['km/h'] },
    occupancy: { unit: '%', min: 0, max: 100, senmlUnits: ['%'] }
  },
  flood: {
    water_level: { unit: 'cm', min: -500, max: 3_000, senmlUnits: ['cm'] },
    rainfall: { unit: 'mm/h', min: 0, max: 500, senmlUnits: ['mm/h'] }
  },
  air: {
    pm25: { unit: 'µg/m³', min: 0, max: 2_000, senmlUnits: ['ug/m3'] },
    pm10: { unit: 'µg/m³', min: 0, max: 3_000, senmlUnits: ['ug/m3'] },
    co: { unit: 'µg/m³', min: 0, max: 100_000, senmlUnits: ['ug/m3'] },
    no2: { unit: 'µg/m³', min: 0, max: 10_000, senmlUnits: ['ug/m3'] },
    o3: { unit: 'µg/m³', min: 0, max: 5_000, senmlUnits: ['ug/m3'] },
    so2: { unit: 'µg/m³', min: 0, max: 5_000, senmlUnits: ['ug/m3'] }
  }
} as const satisfies Record<SensorKind, Record<string, FieldSpec>>;

export type FieldName<K extends SensorKind = SensorKind> = keyof (typeof FIELDS)[K] & string;

/** Water-level thresholds of one gauge, in cm on its own staff gauge (Siaga 4 is below siaga3). */
export interface FloodThresholds {
  siaga3: number;
  siaga2: number;
  siaga1: number;
}

/** What is normal for a road detector: free-flow speed and capacity of the approach. */
export interface TrafficProfile {
  freeFlowKmh: number;
  capacityVehH: number;
}

export interface Sensor {
  id: string;
  kind: SensorKind;
  name: string;
  /** Kecamatan name, as in the city's district list. */
  district: string;
  lat: number;
  lon: number;
  /** Seconds between readings the sensor promises; drives the "stopped reporting" rule. */
  intervalS: number;
  flood?: FloodThresholds;
  traffic?: TrafficProfile;
  /** Gauges downstream of this one (flood warnings propagate to them). */
  downstream?: string[];
}

export interface District {
  code: string;
  name: string;
  lat: number;
  lon: number;
}

export interface Catalog {
  city: string;
  districts: District[];
  sensors: Sensor[];
}

export const SENSOR_ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;

export function isSensorKind(value: unknown): value is SensorKind {
  return typeof value === 'string' && (SENSOR_KINDS as readonly string[]).includes(value);
}

export function fieldsOf(kind: SensorKind): Record<string, FieldSpec> {
  return FIELDS[kind];
}

/** Index a catalog by sensor id; the map is what the hot path uses. */
export function indexSensors(catalog: Catalog): ReadonlyMap<string, Sensor> {
  return new Map(catalog.sensors.map((s) => [s.id, s]));
}
