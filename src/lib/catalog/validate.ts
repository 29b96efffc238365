/**
 * Checks a parsed catalog file before anything trusts it. Pure: the caller reads the file.
 * A broken catalog is an expected failure (a typo in a hand-edited file), so it is a value listing
 * every problem found (bounded), not an exception.
 */
import { FIELDS, SENSOR_ID_PATTERN, isSensorKind, type Catalog } from '../core/sensor';

export type CatalogCheck = { ok: true; catalog: Catalog } | { ok: false; errors: string[] };

const MAX_ERRORS = 50;
const MAX_SENSORS = 1_000_000;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isText = (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0 && v.length <= 200;

function checkPosition(o: Obj, where: string, errors: string[]): void {
  if (!isNum(o.lat) || o.lat < -90 || o.lat > 90) errors.push(`${where}: lat must be a number in [-90, 90]`);
  if (!isNum(o.lon) || o.lon < -180 || o.lon > 180) errors.push(`${where}: lon must be a number in [-180, 180]`);
}

function checkDistricts(raw: unknown, errors: string[]): Set<string> {
  const names = new Set<string>();
  if (!Array.isArray(raw) || raw.length === 0) {
    errors.push('districts must be a non-empty array');
    return names;
  }
  raw.forEach((d, i) => {
    const where = `districts[${i}]`;
    if (!isObj(d)) return void errors.push(`${where}: must be an object`);
    if (!isText(d.code)) errors.push(`${where}: code must be a non-empty string`);
    if (!isText(d.name)) errors.push(`${where}: name must be a non-empty string`);
    else if (names.has(d.name)) errors.push(`${where}: duplicate district "${d.name}"`);
    else names.add(d.name);
    checkPosition(d, where, errors);
  });
  return names;
}

function checkFlood(f: unknown, where: string, errors: string[]): void {
  if (!isObj(f)) return void errors.push(`${where}: flood must be {siaga3, siaga2, siaga1}`);
  const { min, max } = FIELDS.flood.water_level;
  const vals = [f.siaga3, f.siaga2, f.siaga1];
  if (!vals.every((v) => isNum(v) && v >= min && v <= max)) return void errors.push(`${where}: flood thresholds must be numbers in [${min}, ${max}] cm`);
  const [s3, s2, s1] = vals as number[];
  if (!(s3 <= s2 && s2 <= s1)) errors.push(`${where}: flood thresholds must rise: siaga3 <= siaga2 <= siaga1`);
}

function checkTraffic(t: unknown, where: string, errors: string[]): void {
  if (!isObj(t) || !isNum(t.freeFlowKmh) || !isNum(t.capacityVehH)) return void errors.push(`${where}: traffic must be {freeFlowKmh, capacityVehH}`);
  if (t.freeFlowKmh <= 0 || t.freeFlowKmh > FIELDS.traffic.speed.max) errors.push(`${where}: freeFlowKmh out of range`);
  if (t.capacityVehH <= 0 || t.capacityVehH > FIELDS.traffic.flow.max) errors.push(`${where}: capacityVehH out of range`);
}

function checkSensor(s: unknown, where: string, districts: Set<string>, ids: Set<string>, errors: string[]): void {
  if (!isObj(s)) return void errors.push(`${where}: must be an object`);
  if (typeof s.id !== 'string' || !SENSOR_ID_PATTERN.test(s.id)) errors.push(`${where}: id must match ${SENSOR_ID_PATTERN}`);
  else if (ids.has(s.id)) errors.push(`${where}: duplicate id "${s.id}"`);
  else ids.add(s.id);
  if (!isSensorKind(s.kind)) errors.push(`${where}: kind must be traffic, flood or air`);
  if (!isText(s.name)) errors.push(`${where}: name must be a non-empty string`);
  if (typeof s.district !== 'string' || !districts.has(s.district)) errors.push(`${where}: district "${String(s.district).slice(0, 40)}" is not in districts`);
  checkPosition(s, where, errors);
  if (!isNum(s.intervalS) || s.intervalS <= 0 || s.intervalS > 86_400) errors.push(`${where}: intervalS must be in (0, 86400] seconds`);
  if (s.flood !== undefined) checkFlood(s.flood, where, errors);
  if (s.traffic !== undefined) checkTraffic(s.traffic, where, errors);
  if (s.kind === 'traffic' && s.traffic === undefined) errors.push(`${where}: a traffic sensor needs traffic {freeFlowKmh, capacityVehH}`);
  if (s.downstream !== undefined && (!Array.isArray(s.downstream) || !s.downstream.every((d) => typeof d === 'string'))) {
    errors.push(`${where}: downstream must be an array of sensor ids`);
  }
}

/** Downstream links must name other flood sensors of this catalog. */
function checkLinks(sensors: Obj[], errors: string[]): void {
  const kinds = new Map(sensors.map((s) => [s.id, s.kind]));
  for (const s of sensors) {
    if (!Array.isArray(s.downstream)) continue;
    for (const d of s.downstream as unknown[]) {
      if (d === s.id) errors.push(`sensor ${String(s.id)}: lists itself downstream`);
      else if (kinds.get(d) !== 'flood') errors.push(`sensor ${String(s.id)}: downstream "${String(d).slice(0, 64)}" is not a flood sensor here`);
    }
  }
}

export function validateCatalog(json: unknown): CatalogCheck {
  const errors: string[] = [];
  if (!isObj(json)) return { ok: false, errors: ['catalog must be a JSON object'] };
  if (!isText(json.city)) errors.push('city must be a non-empty string');
  const districts = checkDistricts(json.districts, errors);
  const ids = new Set<string>();
  if (!Array.isArray(json.sensors) || json.sensors.length === 0) errors.push('sensors must be a non-empty array');
  else if (json.sensors.length > MAX_SENSORS) errors.push(`more than ${MAX_SENSORS} sensors`);
  else {
    for (let i = 0; i < json.sensors.length && errors.length < MAX_ERRORS; i++) checkSensor(json.sensors[i], `sensors[${i}]`, districts, ids, errors);
    if (errors.length === 0) checkLinks(json.sensors as Obj[], errors);
  }
  if (errors.length > 0) return { ok: false, errors: errors.slice(0, MAX_ERRORS) };
  return { ok: true, catalog: json as unknown as Catalog };
}
