/**
 * The engine's per-sensor state (one slot per catalog sensor) and how it is built: at start from the
 * catalog, and again for one sensor when a registry version changes it while the ingest runs. What the slot learns of
 * the sensor's timing (its real interval, how its readings arrive) is in slot-timing.ts.
 */
import type { AlertRule } from '../../src/lib/core/alert';
import type { Distrust } from './alert-hold';
import { PantauError } from '../../src/lib/core/errors';
import type { Forecast } from '../../src/lib/core/forecast';
import type { Catalog, Sensor } from '../../src/lib/core/sensor';
import type { SensorAspect } from '../catalog-diff';
import type { RiverForecaster } from '../forecast/index';
import type { DetectorContext, RuleDetector, RuleSensorDetector } from './context';
import { intervalMsOf } from './slot-timing';

export interface SensorSlot {
  sensor: Sensor;
  /** The sensor's rule states (each finding names its rule), rules that reject readings first. */
  detectors: RuleSensorDetector[];
  /** Per detector: how long after a rejected reading its active findings are ignored (0: never). */
  gateMs: number[];
  /** Per detector: its active findings reject the reading. */
  rejects: boolean[];
  /** Bit i set when detector i holds the forecaster while its finding is active (RuleDetector.holdsForecast). */
  holdMask: number;
  /** Bit i set when detector i's active finding distrusts the sensor's readings (RuleDetector.distrustsReadings). */
  distrustMask: number;
  /**
   * Since when and by which rule the sensor's readings are distrusted (a distrustMask finding active, or its last reading
   * refused as out of range: `refused`); null while they are trusted. The policy holds its flood alerts meanwhile.
   */
  distrust: Distrust | null;
  refused: boolean;
  /** Index of the detector whose finding value is the live index (hourly ISPU), or −1. */
  liveIndexAt: number;
  /** Index of the detector that says the gauge's datum shift (RuleDetector.shiftsDatum), or −1; the shift (cm) after it last ran. */
  datumAt: number;
  datum: number;
  /**
   * Bit i set while detector i's last finding was active. A quiet finding after a quiet one
   * changes nothing in the policy (pending and open alerts are aged by tick), so only the
   * active → quiet transition is passed on: the common reading does no policy work at all.
   */
  active: number;
  /** Bit k set when the engine's k-th rule has a detector here: which rule each detector is, for a rebuild. */
  rules: number;
  /** Time of the last reading, the learned spacing of readings (ms) and how many gaps it has seen. */
  lastTs: number;
  gapMs: number;
  gaps: number;
  /**
   * How readings arrive, on the engine's clock (its latest tick): when they last did, the learned
   * spacing of arrivals and how many were seen, and how far the newest reading's time lags the clock.
   * A gateway uploading packs every 10 min of 1-min readings, or a sensor clock minutes behind,
   * otherwise resolved and re-raised alerts between two arrivals and called the sensor silent.
   */
  arrivedAt: number;
  arrivalGapMs: number;
  arrivals: number;
  lagMs: number;
  /** The readings' times of the current arrival (first, span) and the span of the one before: a pack's. */
  packFrom: number;
  packSpanMs: number;
  lastPackSpanMs: number;
  /** Latest water level (flood gauges), and when a rule last rejected a reading of this sensor. */
  level: number;
  rejectedAt: number;
  /** The values of the reading at lastTs: the same reading again (a broker's redelivery) is known by them. */
  lastValues: Readonly<Record<string, number>> | null;
}

/** Bits of SensorSlot.active: at most this many rules per sensor (and rules in the engine). */
export const MAX_RULES = 30;

/**
 * The reading this sensor's rules saw last, delivered again: same time, same values. MQTT at QoS 1
 * delivers at least once (a redelivery after a lost acknowledgement, a journal replay), and a rule
 * that counts readings (a stuck value's run, the scorer's step of 0 over 0 ms) would count it twice.
 */
export function isRepeat(slot: SensorSlot, ts: number, values: Readonly<Record<string, number>>): boolean {
  const last = slot.lastValues;
  if (ts !== slot.lastTs || last === null) return false;
  let n = 0;
  for (const k in values) {
    if (last[k] !== values[k]) return false;
    n++;
  }
  return n === Object.keys(last).length;
}

/**
 * Settles whether the sensor's readings are distrusted (SensorSlot.distrust) after a fault rule's finding or a refused
 * reading: a distrust that begins now is dated `since` and named by `rule`; one that goes on keeps its start.
 */
export function judgeTrust(slot: SensorSlot, since: number, rule: AlertRule): void {
  if ((slot.active & slot.distrustMask) === 0 && !slot.refused) slot.distrust = null;
  else slot.distrust ??= { since, rule };
}

/**
 * A held alert taken up (restored at start, or handed over) for a sensor with no reading here yet: its readings stay
 * distrusted from when the alert says (`heldSince`) until the first reading here is judged (settleCarriedTrust). Without
 * it the first tick released the alert (trusted: no rule here had spoken yet) and the fault, found again, held it anew,
 * its note dated at the restart.
 */
export function carryDistrust(slot: SensorSlot, since: number): void {
  if (Number.isNaN(slot.lastTs)) slot.distrust ??= { since, rule: null };
}

/** After a reading's rules ran: a carried distrust ends unless a rule here distrusts the reading too (it then goes on). */
export function settleCarriedTrust(slot: SensorSlot): void {
  if (slot.distrust?.rule === null) judgeTrust(slot, slot.distrust.since, 'sensor_stuck');
}

export function emptySlot(sensor: Sensor): SensorSlot {
  return { sensor, detectors: [], gateMs: [], rejects: [], holdMask: 0, distrustMask: 0, distrust: null, refused: false, liveIndexAt: -1, datumAt: -1, datum: 0, active: 0, rules: 0, lastTs: NaN, gapMs: NaN, gaps: 0, arrivedAt: NaN, arrivalGapMs: NaN, arrivals: 0, lagMs: 0, packFrom: NaN, packSpanMs: 0, lastPackSpanMs: 0, level: NaN, rejectedAt: -Infinity, lastValues: null };
}

/** Sensor id → ids of the gauges whose `downstream` lists it (built once: per sensor it would be n²). */
export function upstreamIndex(catalog: Catalog): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const s of catalog.sensors) for (const d of s.downstream ?? []) index.set(d, [...(index.get(d) ?? []), s.id]);
  return index;
}

/**
 * A sensor's context (context.ts). A class, not an object of closures: one small object per sensor
 * with its methods on the prototype (at city scale, seven closures per sensor cost ~450 bytes).
 */
export class SlotContext implements DetectorContext {
  readonly sensor: Sensor;
  readonly upstream: readonly Sensor[];
  readonly downstream: readonly Sensor[];
  readonly #slot: SensorSlot;
  readonly #slots: Map<string, SensorSlot>;
  readonly #forecaster: RiverForecaster;

  constructor(slot: SensorSlot, slots: Map<string, SensorSlot>, upstreamIds: readonly string[], forecaster: RiverForecaster) {
    const sensor = slot.sensor;
    const linked = (ids: readonly string[]) => ids.flatMap((id) => (slots.get(id)?.sensor.kind === 'flood' && id !== sensor.id ? [slots.get(id)!.sensor] : []));
    [this.sensor, this.#slot, this.#slots, this.#forecaster] = [sensor, slot, slots, forecaster];
    this.upstream = Object.freeze(linked(upstreamIds));
    this.downstream = Object.freeze(linked(sensor.downstream ?? []));
  }

  name(id: string): string {
    return this.#slots.get(id)?.sensor.name ?? id;
  }
  intervalMs(): number {
    return intervalMsOf(this.#slot);
  }
  forecast(): Forecast | null {
    return this.#forecaster.latest(this.sensor.id);
  }
  level(id: string): number {
    return this.#slots.get(id)?.level ?? NaN;
  }
  rejectedAt(): number {
    return this.#slot.rejectedAt;
  }
  datumShift(): number {
    return this.#slot.datum;
  }
  frozenSince(): number {
    const slot = this.#slot;
    return slot.datumAt < 0 ? NaN : (slot.detectors[slot.datumAt].frozenSince?.() ?? NaN);
  }
}

/**
 * What each rule's sensor state is built from (read from the rules' create and their texts). A rule
 * is re-created when one of these changed and keeps its state otherwise; a rule not listed is
 * re-created on any change but `place` and `other`, which no rule reads. The statistical scorer reads
 * the interval only as a fallback before it has learned the real spacing, so it keeps what it learned.
 * rate_of_rise and upstream_warning share one state through their context (flood-forecast.ts): they
 * must keep the same inputs, so that they are always re-created together, with the same new context.
 */
export const RULE_INPUTS: Readonly<Partial<Record<AlertRule, readonly SensorAspect[]>>> = Object.freeze({
  flood_level: ['thresholds', 'name'],
  rate_of_rise: ['thresholds', 'links', 'interval', 'name'],
  upstream_warning: ['thresholds', 'links', 'interval', 'name'],
  air_quality: ['name'],
  congestion: ['traffic', 'name'],
  statistical: ['name'],
  sensor_stuck: ['name'],
  sensor_spike: ['name'],
  // reads upstream gauges' levels; re-created, it takes up its open alert's shift (resume) until a person resolves it
  sensor_step: ['links', 'name'],
  sensor_silent: ['interval', 'name']
});
const ANY_RULE_INPUT: readonly SensorAspect[] = ['thresholds', 'traffic', 'links', 'interval', 'name'];

export function ruleAffected(rule: AlertRule, aspects: readonly SensorAspect[]): boolean {
  const inputs = RULE_INPUTS[rule] ?? ANY_RULE_INPUT;
  return aspects.some((a) => inputs.includes(a));
}

/**
 * Rules in the order the engine runs them: rules that reject readings or shift the datum first, so the rules they gate
 * or correct see their verdict on the same reading, then rules that distrust readings, so the alerts they hold are held
 * from the first distrusted reading.
 */
export function orderRules(detectors: Record<string, RuleDetector>): RuleDetector[] {
  const rank = (d: RuleDetector) => (d.rejectsReadings || d.shiftsDatum ? 2 : d.distrustsReadings ? 1 : 0);
  const rules = Object.values(detectors).sort((a, b) => rank(b) - rank(a));
  if (rules.length > MAX_RULES) throw new PantauError('TOO_MANY_RULES', `${rules.length} rules (at most ${MAX_RULES})`);
  return rules;
}

/**
 * (Re)builds a slot's detectors for its current sensor. `keep(rule)`: the slot's detector of that rule
 * (if it has one) stays as it is, with its state and active bit; others are created with `context`.
 * An active bit stays with its rule either way, so the first quiet finding of a re-created
 * detector still reaches the policy and can resolve the alert the old one raised.
 */
export function fillSlot(slot: SensorSlot, rules: readonly RuleDetector[], context: DetectorContext, keep: (rule: RuleDetector) => boolean = () => false): void {
  const old = { detectors: slot.detectors, active: slot.active, rules: slot.rules };
  Object.assign(slot, { detectors: [], gateMs: [], rejects: [], holdMask: 0, distrustMask: 0, liveIndexAt: -1, datumAt: -1, active: 0, rules: 0 });
  let at = 0;
  rules.forEach((d, k) => {
    const had = (old.rules >> k) & 1 ? at++ : -1;
    if (!d.kinds.includes(slot.sensor.kind)) return;
    const detector = had >= 0 && keep(d) ? old.detectors[had] : d.create(slot.sensor, context);
    if (!detector) return;
    if (had >= 0 && (old.active >> had) & 1) slot.active |= 1 << slot.detectors.length;
    if (d.liveIndex) slot.liveIndexAt = slot.detectors.length;
    if (d.shiftsDatum) slot.datumAt = slot.detectors.length;
    slot.detectors.push(detector);
    slot.gateMs.push(d.faultGateMs ?? 0);
    slot.rejects.push(!!d.rejectsReadings);
    if (d.holdsForecast) slot.holdMask |= 1 << (slot.detectors.length - 1);
    if (d.distrustsReadings) slot.distrustMask |= 1 << (slot.detectors.length - 1);
    slot.rules |= 1 << k;
  });
  slot.datum = slot.datumAt < 0 ? 0 : (slot.detectors[slot.datumAt].datumShift?.() ?? 0);
}

export function createSlots(catalog: Catalog, rules: readonly RuleDetector[], forecaster: RiverForecaster): Map<string, SensorSlot> {
  const slots = new Map<string, SensorSlot>(catalog.sensors.map((s) => [s.id, emptySlot(s)]));
  const upstream = upstreamIndex(catalog);
  for (const slot of slots.values()) fillSlot(slot, rules, new SlotContext(slot, slots, upstream.get(slot.sensor.id) ?? [], forecaster));
  return slots;
}
