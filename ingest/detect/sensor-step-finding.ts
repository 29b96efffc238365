/**
 * sensor_step's datum-step finding: what the maintenance alert says of a step taken for the gauge's new datum (its
 * texts in texts.ts STEP_RULES: reset the logger zero, or move the Siaga levels). The judging is sensor-step.ts'; a
 * frozen jump's own finding is sensor-step-frozen.ts'.
 */
import type { Finding } from '../../src/lib/core/alert';
import type { Sensor } from '../../src/lib/core/sensor';
import { witaClock } from '../../src/lib/core/wita';
import { createActiveFinding, quietFinding } from './finding';
import { STEP_RULES, formatText, type TextParams } from './texts';

const QUIET_SENSOR_STEP = quietFinding('sensor_step', 'maintenance');

/** A step of `shift` cm taken at `at` (epoch ms; NaN: not known, as after a restart): its finding (0: none). */
export function datumStepFinding(sensor: Sensor, shift: number, at: number): Finding {
  if (shift === 0) return QUIET_SENSOR_STEP;
  const cm = (x: number) => `${x > 0 ? '+' : '−'}${Math.round(Math.abs(x))}`;
  const params = (): TextParams => {
    const back = cm(-shift);
    return { name: sensor.name, step: cm(shift), back, at: Number.isNaN(at) ? '?' : witaClock(at), rules: formatText(STEP_RULES[shift < 0 ? 'down' : 'up'], { back }) };
  };
  return createActiveFinding({ rule: 'sensor_step', category: 'maintenance', kind: sensor.kind, severity: 'warning', level: 1, value: shift, params });
}
