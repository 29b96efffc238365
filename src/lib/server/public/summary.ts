import type { Alert, AlertSeverity, Text } from '../../core/alert';
import { AIR_ADVICE, type AirAdvice } from '../../core/air-advice';
import { distanceM, type Point } from '../../catalog/geometry';
import type { LiveReading } from '../../core/reading';
import type { AirReadingState, FloodReadingState } from '../../core/reading-state';
import type { Catalog, District, Sensor } from '../../core/sensor';
import { formatStateLabel, formatStateLevel } from '../../format/reading-label';
import { isStale } from '../../format/severity';
import { CAP_EVENT } from '../cap/format-cap';

/**
 * What residents see on /publik, built from the command center's live state (latest reading per
 * sensor, open alerts) and nothing else: no database read per request. Every field is copied by
 * name from a whitelist, so what the staff screens carry (comments, assignees, who acknowledged,
 * procedure steps, the operators' instructions, raw values beyond the state) cannot leak through a
 * spread. Words come from the one state formatter (format/reading-label.ts), in both languages, so a
 * consumer without our code still gets the label the wall shows.
 */
export interface PublicStation {
  /** Sensor id: the key of its readings in the open data API. */
  id: string;
  name: string;
  district: string;
  /** Distance from the district's centre, km, for a station outside the district shown because none is inside. */
  nearbyKm?: number;
  severity: number;
  /** The level alone ("Siaga 3 · Waspada", "Tidak Sehat") and with its numbers. */
  level: Text;
  label: Text;
  /** Reading time, epoch ms, and whether the sensor has since missed several readings. */
  at: number;
  stale: boolean;
}

export interface PublicGauge extends PublicStation {
  state: FloodReadingState;
}

export interface PublicAirStation extends PublicStation {
  state: AirReadingState;
  /** What the category means and what to do; null when the station has no category yet. */
  advice: AirAdvice | null;
}

/** An active emergency alert as the CAP feed publishes it, minus the staff's own instructions. */
export interface PublicWarning {
  kind: Alert['kind'];
  /** CAP `<event>` words: Banjir / Flood … */
  event: Text;
  headline: Text;
  severity: AlertSeverity;
  district: string;
  since: number;
  updatedAt: number;
}

export interface PublicDistrict {
  code: string;
  name: string;
  flood: { worst: number; gauges: PublicGauge[] };
  air: { worst: number; stations: PublicAirStation[] };
  warnings: PublicWarning[];
}

export interface PublicSummary {
  city: string;
  generatedAt: number;
  districts: PublicDistrict[];
}

/** A district without a station of a kind shows the nearest ones within this distance of its centre. */
export const NEARBY_KM = 6;
export const NEARBY_MAX = 2;

const both = (f: (lang: 'id' | 'en') => string): Text => ({ id: f('id'), en: f('en') });

function station(sensor: Sensor, r: LiveReading, nowMs: number, nearbyKm?: number): PublicStation {
  return {
    id: sensor.id,
    name: sensor.name,
    district: sensor.district,
    ...(nearbyKm === undefined ? {} : { nearbyKm: Math.round(nearbyKm * 10) / 10 }),
    severity: r.severity,
    level: both((lang) => formatStateLevel(r.state, lang)),
    label: both((lang) => formatStateLabel(r.state, lang)),
    at: r.ts,
    stale: isStale(r.ts, sensor.intervalS, nowMs)
  };
}

function gauge(sensor: Sensor, r: LiveReading, nowMs: number, nearbyKm?: number): PublicGauge | null {
  const s = r.state;
  if (s.kind !== 'flood') return null;
  const thresholds = s.thresholds ? { siaga3: s.thresholds.siaga3, siaga2: s.thresholds.siaga2, siaga1: s.thresholds.siaga1 } : null;
  const state: FloodReadingState = { kind: 'flood', siaga: s.siaga, waterLevelCm: s.waterLevelCm, thresholds, rainfallMmH: s.rainfallMmH };
  return { ...station(sensor, r, nowMs, nearbyKm), state };
}

function airStation(sensor: Sensor, r: LiveReading, nowMs: number, nearbyKm?: number): PublicAirStation | null {
  const s = r.state;
  if (s.kind !== 'air') return null;
  const state: AirReadingState = { kind: 'air', category: s.category, ispu: s.ispu, pollutant: s.pollutant, window: s.window };
  return { ...station(sensor, r, nowMs, nearbyKm), state, advice: s.category ? AIR_ADVICE[s.category] : null };
}

export function publicWarning(a: Alert): PublicWarning {
  return {
    kind: a.kind,
    event: { id: CAP_EVENT[a.kind].id, en: CAP_EVENT[a.kind].en },
    headline: { id: a.title.id, en: a.title.en },
    severity: a.severity,
    district: a.district,
    since: a.raisedAt,
    updatedAt: a.updatedAt
  };
}

/** What a district shows of one kind: its own stations with a reading, else the nearest ones around it. */
function pick<T extends PublicStation>(
  district: District,
  withReadings: readonly { sensor: Sensor; reading: LiveReading }[],
  make: (sensor: Sensor, r: LiveReading, nearbyKm?: number) => T | null
): T[] {
  const own = withReadings.filter((x) => x.sensor.district === district.name).map((x) => make(x.sensor, x.reading));
  if (own.length > 0) return sortWorstFirst(own.filter((x): x is T => x !== null));
  const centre: Point = [district.lon, district.lat];
  const near = withReadings
    .map((x) => ({ ...x, km: distanceM(centre, [x.sensor.lon, x.sensor.lat]) / 1000 }))
    .filter((x) => x.km <= NEARBY_KM)
    .sort((a, b) => a.km - b.km)
    .slice(0, NEARBY_MAX);
  return near.map((x) => make(x.sensor, x.reading, x.km)).filter((x): x is T => x !== null);
}

function sortWorstFirst<T extends PublicStation>(list: T[]): T[] {
  return list.sort((a, b) => b.severity - a.severity || a.name.localeCompare(b.name));
}

const worstOf = (list: readonly PublicStation[]) => list.reduce((w, s) => (s.stale ? w : Math.max(w, s.severity)), 0);

/** The public page's data. `alerts`: what the hub holds; only open emergency alerts are public. */
export function buildPublicSummary(catalog: Catalog, readings: readonly LiveReading[], alerts: readonly Alert[], nowMs: number): PublicSummary {
  const sensors = new Map(catalog.sensors.map((s) => [s.id, s]));
  const byKind = { flood: [] as { sensor: Sensor; reading: LiveReading }[], air: [] as { sensor: Sensor; reading: LiveReading }[] };
  for (const r of readings) {
    const sensor = sensors.get(r.sensorId);
    if (sensor && sensor.kind === r.kind && (r.kind === 'flood' || r.kind === 'air')) byKind[r.kind].push({ sensor, reading: r });
  }
  const warnings = alerts
    .filter((a) => a.category === 'emergency' && a.state !== 'resolved')
    .sort((a, b) => b.raisedAt - a.raisedAt)
    .map(publicWarning);
  const districts = catalog.districts.map((d): PublicDistrict => {
    const gauges = pick(d, byKind.flood, (s, r, km) => gauge(s, r, nowMs, km));
    const stations = pick(d, byKind.air, (s, r, km) => airStation(s, r, nowMs, km));
    return {
      code: d.code,
      name: d.name,
      flood: { worst: worstOf(gauges), gauges },
      air: { worst: worstOf(stations), stations },
      warnings: warnings.filter((w) => w.district === d.name)
    };
  });
  return { city: catalog.city, generatedAt: nowMs, districts };
}
