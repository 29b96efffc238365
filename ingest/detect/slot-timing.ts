/**
 * How often a sensor really reports and how its readings arrive, learned per slot (slots.ts): the interval every
 * timing of the engine and the alert policy follows (quiet periods, escalation, silence), and the lag the policy ages
 * the sensor's alerts by. The catalog's promised interval is only the start.
 */
import type { SensorSlot } from './slots';

/** Gaps seen before the learned spacing replaces the catalog's promised interval. */
export const LEARN_INTERVAL_GAPS = 8;
const GAP_ALPHA = 0.1;

/**
 * Learns how often a sensor really reports: an average of the gaps between its readings, each
 * clipped to three times the estimate so that an outage does not stretch it (a sensor that sends
 * less often than it promised would otherwise resolve its alerts between two readings).
 */
export function learnGap(slot: SensorSlot, ts: number): void {
  const gap = ts - slot.lastTs;
  if (ts > slot.lastTs || Number.isNaN(slot.lastTs)) slot.lastTs = ts;
  if (!(gap > 0)) return;
  slot.gapMs = learnedSpacing(slot.gapMs, slot.gaps, gap);
  if (slot.gaps < LEARN_INTERVAL_GAPS) slot.gaps++;
}

/** A spacing learned from gaps: the first gap, then an average of each clipped to three times it. */
function learnedSpacing(spacing: number, seen: number, gap: number): number {
  return seen === 0 ? gap : spacing + GAP_ALPHA * (Math.min(gap, 3 * spacing) - spacing);
}

/** Arrivals seen before their spacing counts (it can only lengthen the interval: a first gap suffices). */
export const LEARN_ARRIVAL_GAPS = 2;
/** A lag beyond this is a replay or a backlog, not a clock: the decoder's window refuses older readings. */
const MAX_LAG_MS = 86_400_000;

/**
 * Learns how a sensor's readings arrive, on the engine's clock `clock` (its latest tick; NaN before
 * the first): called with each reading before its time is learned (`learnGap`). Readings of the same
 * tick are one arrival. The lag is that of the newest reading, the one the policy's clock must match.
 */
export function learnArrival(slot: SensorSlot, clock: number, ts: number): void {
  // Before the first tick nothing is known of arrivals (an engine fed without a clock sees none);
  // that tick measures the lag of what came before it (engine.ts).
  if (Number.isNaN(clock)) return;
  if (!(ts < slot.lastTs)) slot.lagMs = Math.min(MAX_LAG_MS, Math.max(0, clock - ts));
  if (clock <= slot.arrivedAt) {
    // more of the same arrival: a pack of readings, whose span says how long the gateway waits
    slot.packSpanMs = Math.max(slot.packSpanMs, Math.min(MAX_LAG_MS, ts - slot.packFrom));
    return;
  }
  const gap = clock - slot.arrivedAt;
  [slot.arrivedAt, slot.packFrom, slot.lastPackSpanMs, slot.packSpanMs] = [clock, ts, slot.packSpanMs, 0];
  if (!(gap > 0)) return;
  slot.arrivalGapMs = learnedSpacing(slot.arrivalGapMs, slot.arrivals, gap);
  if (slot.arrivals < LEARN_INTERVAL_GAPS) slot.arrivals++;
}

/**
 * The lag the policy ages the sensor's alerts by at `clock`: its readings' lag while they keep
 * arriving; none once it has been quiet for two intervals (a backlog delivered after a restart
 * set the lag to its newest reading's age, and a sensor that then stayed silent kept it for good:
 * its silence alert was dated hours back).
 */
export function lagMsOf(slot: SensorSlot, clock: number): number {
  // under two intervals since it last arrived (silence is called at three, on the clock)
  if (!(clock - slot.arrivedAt < 2 * intervalMsOf(slot))) return 0;
  return slot.lagMs;
}

/**
 * At the engine's first tick: readings seen before it arrived then, and lag by their age unless that
 * is over ten intervals: a backlog the broker kept while the ingest was down, not a sensor's clock.
 */
export function lagAtFirstTick(slot: SensorSlot, clock: number): void {
  const age = clock - slot.lastTs;
  if (!(age > 0) || age > 10 * intervalMsOf(slot)) return;
  slot.lagMs = age;
  slot.arrivedAt = clock;
}

/**
 * The sensor's reporting interval for every timing (alert policy, silence): the spacing of its
 * readings once learned, else the catalog's; longer when its readings arrive less often than that.
 */
export function intervalMsOf(slot: SensorSlot): number {
  const readings = slot.gaps >= LEARN_INTERVAL_GAPS ? slot.gapMs : slot.sensor.intervalS * 1000;
  // a pack's span plus one reading is the gateway's wait, known from its first pack
  const pack = Math.max(slot.packSpanMs, slot.lastPackSpanMs);
  const arrivals = slot.arrivals >= LEARN_ARRIVAL_GAPS ? slot.arrivalGapMs : 0;
  return Math.max(readings, arrivals, pack > 0 ? pack + readings : 0);
}
