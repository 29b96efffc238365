/**
 * sensor_step's frozen jump: a logger that fails to one in-range value far above the river (a jump from 230 cm to
 * exactly 999 cm, then 999, 999, 999 …). sensor_step holds a jump up from the flood rules for 3 readings and 30 min
 * only (a sluice release that stands must be warned of), and sensor_stuck needs 120 identical readings (20 h at 10
 * min): in between, the sentinel raised a Siaga 1 emergency 40 minutes after the jump, with nothing to say why.
 *
 * A river after a sudden rise keeps moving; a failed logger repeats one value exactly. When the bounded hold ends and
 * every reading since the jump has been its value exactly, more times in a row than the gauge has repeated any value
 * lately (its calm, as sensor_stuck learns it: sensor-calm.ts) and at least STEP_FROZEN_MIN_RUN times, the jump stays
 * held until STEP_FROZEN_HOLD_MS after it (or STEP_FROZEN_MAX_RUN readings, at a gauge read every minute or faster),
 * and a maintenance finding says why. The first reading that differs, rain on
 * the gauge or an upstream gauge at its Siaga 3 ends the hold at once (sensor-step.ts #judge).
 *
 * The risk, and why the bounds: a real release that stands exactly flat is the same series. A gauge reading whole cm
 * sits on one value for hours in the dry season (bench:rivers' five whole-cm gauges: longest runs 16–123 readings), so
 * its calm keeps it out of this hold altogether; a gauge reading mm repeats a value more than 3 times in a row above
 * its Siaga 3 nowhere in bench:rivers' data (at most 2 readings at 10 min), but if a real flood did, it is warned of
 * STEP_FROZEN_HOLD_MS after the jump at the latest (frozenHoldMs), not at the jump's second reading.
 */
import type { Finding, Text } from '../../src/lib/core/alert';
import type { Sensor } from '../../src/lib/core/sensor';
import { witaClock } from '../../src/lib/core/wita';
import { createActiveFinding } from './finding';
import { STUCK_RUN } from './sensor-faults';
import { STEP_FROZEN_TEXTS, formatNumber, formatText, timesInRow, type TextParams } from './texts';

/**
 * The longest a frozen jump up is held from the flood rules, from the jump (the 30 min of every jump included): a
 * logger error that clears within it (a reboot, the next telemetry cycle) raises no emergency, and staff read the
 * maintenance alert before any flood alert; a real flood that stands exactly flat is warned of 90 min later than the
 * jump's own hold would, never later. Not up to sensor_stuck's 120 readings: no guess may hold an emergency for 20 h.
 */
export const STEP_FROZEN_HOLD_MS = 2 * 3_600_000;
/**
 * Readings of the jump's value in a row (the jump's own and those after it) before it can be a frozen jump: at 10-min
 * readings the 4 the bounded hold sees (the jump's and sensor-step.ts' STEP_CONFIRM_READINGS after it; a literal, as that
 * file imports this one). A gauge reading every 15 min or slower has seen fewer when the 30 min are up,
 * and two equal readings are no evidence to hold an emergency on: its jump is never held longer than the 30 min.
 */
export const STEP_FROZEN_MIN_RUN = 4;
/**
 * The jump's value read this many times in a row ends the hold, whatever the time: half the run at which sensor_stuck
 * calls the readings frozen however fast they come (at a gauge read every minute, the 2 h), after which no reading
 * raises a flood alert (alert-hold.ts) and an open one is only kept. A gauge read every minute reaches sensor_stuck's
 * 120 readings as the 2 h end: a release that stood exactly flat was never warned of while it stood (Siaga 1 at 3 min
 * before the frozen jump); the other half is the flood rules' to raise it.
 *
 * Both bounds are timed on the readings, as sensor_stuck's floor is (sensor-stuck-pace.ts stuckLasted: 4 h of them, at
 * least 24, at most 120): the hold ends at half of it at any rate. Counted in readings at the stated interval (half of 24
 * at 10 min), a 10-minute gauge read every 2 min held its frozen jump 24 min, not 2 h.
 */
export const STEP_FROZEN_MAX_RUN = STUCK_RUN.water_level.run / 2;

/** The longest a frozen jump is held after it at a gauge whose readings come `spacingMs` apart. */
export function frozenHoldMs(spacingMs: number): number {
  return Math.min(STEP_FROZEN_HOLD_MS, (STEP_FROZEN_MAX_RUN - 1) * spacingMs);
}

/** Whether a frozen jump `sinceMs` after it, its value read `run` times, is still held. */
export function frozenHeld(sinceMs: number, run: number): boolean {
  return sinceMs < STEP_FROZEN_HOLD_MS && run < STEP_FROZEN_MAX_RUN;
}

/** Whether a jump whose value has now been read `run` times in a row, at a gauge of calm `calm` (readings), is frozen. */
export function isFrozenJump(run: number, calm: number): boolean {
  return run >= STEP_FROZEN_MIN_RUN && run > calm;
}

export interface FrozenJump {
  /** The value repeated (cm), the jump to it (cm), when it came, how many times it was read, the gauge's calm, its readings' spacing (ms). */
  value: number;
  jump: number;
  at: number;
  count: number;
  calm: number;
  spacingMs: number;
}

/** Its own texts and action: the rule's row in texts.ts is a datum step's (reset the logger zero, move the Siaga levels). */
function formatFrozenTexts(_rule: string, _kind: string, _level: number, params: TextParams): { title: Text; explanation: Text; action: Text } {
  return { title: formatText(STEP_FROZEN_TEXTS.title, params), explanation: formatText(STEP_FROZEN_TEXTS.explanation, params), action: STEP_FROZEN_TEXTS.action };
}

/**
 * sensor_step's maintenance finding for a frozen jump. Its value is the value repeated and its normal the level before
 * the jump (a datum step's finding has no normal: resume() tells them apart after a restart).
 */
export function frozenJumpFinding(sensor: Sensor, j: FrozenJump): Finding {
  const params = (): TextParams => ({
    name: sensor.name,
    value: formatNumber(j.value),
    step: `+${Math.round(j.jump)}`,
    at: witaClock(j.at),
    count: j.count,
    calm: timesInRow(Math.max(1, Math.floor(j.calm))),
    until: witaClock(j.at + frozenHoldMs(j.spacingMs))
  });
  return createActiveFinding({ rule: 'sensor_step', category: 'maintenance', kind: sensor.kind, severity: 'warning', level: 1, value: j.value, normal: j.value - j.jump, params, format: formatFrozenTexts });
}
