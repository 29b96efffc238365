/**
 * The sensor catalog's one schema: the command center, the ingest, the simulators and the scripts all
 * validate a catalog file through it (src/lib/catalog/validate.ts), so they cannot disagree on what a
 * valid catalog is. Messages name the reason only; the path comes from issues.ts.
 */
import * as v from 'valibot';
import { jsonObject, listOf, numberIn, text } from './common';
import { MAX_PROBLEMS } from './issues';
import { say, sayWith, type ReasonArgs } from './reason';
import type { RefusalCode } from '../i18n/messages-refusal-id';
import { FIELDS, SENSOR_ID_PATTERN, SENSOR_KINDS, type Catalog } from '../core/sensor';

/** Big enough for a scaled-up test city; a bigger file is a mistake, not a city. */
export const MAX_SENSORS = 1_000_000;

const position = { lat: numberIn(-90, 90), lon: numberIn(-180, 180) };

export const DistrictSchema = jsonObject({ code: text(), name: text(), ...position }, say('object'));

const { min: levelMin, max: levelMax } = FIELDS.flood.water_level;
const level = numberIn(levelMin, levelMax, { unit: 'cm' });

/** Siaga 3 is the first warning and Siaga 1 the worst, so the thresholds must rise in that order. */
export const FloodThresholdsSchema = v.pipe(
  jsonObject({ siaga3: level, siaga2: level, siaga1: level }, say('floodThresholds')),
  v.check((f) => f.siaga3 <= f.siaga2 && f.siaga2 <= f.siaga1, say('thresholdsRise'))
);

export const TrafficProfileSchema = jsonObject(
  {
    freeFlowKmh: numberIn(0, FIELDS.traffic.speed.max, { aboveMin: true, unit: 'km/h' }),
    capacityVehH: numberIn(0, FIELDS.traffic.flow.max, { aboveMin: true, unit: 'veh/h' })
  },
  say('trafficProfile')
);

export const SensorSchema = v.pipe(
  jsonObject(
    {
      id: v.pipe(v.string(say('matchPattern', { pattern: String(SENSOR_ID_PATTERN) })), v.regex(SENSOR_ID_PATTERN, say('matchPattern', { pattern: String(SENSOR_ID_PATTERN) }))),
      kind: v.picklist(SENSOR_KINDS, say('anyOf', { allowed: SENSOR_KINDS.join(', ') })),
      name: text(),
      district: v.string(say('districtName')),
      ...position,
      intervalS: numberIn(0, 86_400, { aboveMin: true, unit: 'seconds' }),
      flood: v.optional(FloodThresholdsSchema),
      traffic: v.optional(TrafficProfileSchema),
      downstream: v.optional(v.array(v.string(say('sensorId')), say('sensorIdArray')))
    },
    say('object')
  ),
  // A road detector judges congestion against its approach's free flow and capacity: without them it cannot.
  v.forward(
    v.partialCheck([['kind'], ['traffic']], (s) => s.kind !== 'traffic' || s.traffic !== undefined, say('trafficRequired')),
    ['traffic']
  )
);

/** One cross-entry problem: where (`sensors[3]: `), and its reason as a code and values (said in English by sayWith). */
type Problem = (at: string, code: RefusalCode, args?: ReasonArgs) => void;

function checkDistrictNames(catalog: v.InferOutput<typeof CatalogShape>, problem: Problem): Set<string> {
  const names = new Set<string>();
  catalog.districts.forEach((d, i) => (names.has(d.name) ? problem(`districts[${i}]: `, 'duplicateDistrict', { name: d.name }) : names.add(d.name)));
  return names;
}

/** What no single entry can tell: unique ids, known districts, downstream links to other flood gauges here. */
function checkReferences(catalog: v.InferOutput<typeof CatalogShape>, problem: Problem): void {
  const districts = checkDistrictNames(catalog, problem);
  const kinds = new Map<string, string>();
  catalog.sensors.forEach((s, i) => {
    if (kinds.has(s.id)) problem(`sensors[${i}]: `, 'duplicateId', { id: s.id });
    kinds.set(s.id, s.kind);
    if (!districts.has(s.district)) problem(`sensors[${i}]: `, 'districtUnknown', { district: s.district.slice(0, 40) });
  });
  for (const s of catalog.sensors) {
    for (const d of s.downstream ?? []) {
      if (d === s.id) problem(`sensor ${s.id}: `, 'selfDownstream');
      else if (kinds.get(d) !== 'flood') problem(`sensor ${s.id}: `, 'downstreamNotFlood', { id: d.slice(0, 64) });
    }
  }
}

const CatalogShape = jsonObject(
  {
    city: text(),
    districts: listOf(DistrictSchema, say('nonEmptyArray'), { min: 1, max: 10_000 }),
    sensors: listOf(SensorSchema, say('nonEmptyArray'), { min: 1, max: MAX_SENSORS })
  },
  say('catalogObject')
);

export const CatalogSchema = v.pipe(
  CatalogShape,
  v.rawCheck(({ dataset, addIssue }) => {
    // Links are checked once every entry is well-formed: a broken district list would flag every sensor.
    if (!dataset.typed || dataset.issues) return;
    // only the problems a reader gets (issues.ts) are worded: a file of 100,000 duplicates must not make as many messages
    let left = MAX_PROBLEMS;
    checkReferences(dataset.value, (at, code, args = {}) => {
      if (left-- > 0) addIssue({ message: at + sayWith(code, args) });
    });
  })
);

// The schema's output is a Catalog: a field added to the core types without a rule here fails to compile.
const _isCatalog: (c: v.InferOutput<typeof CatalogSchema>) => Catalog = (c) => c;
void _isCatalog;
