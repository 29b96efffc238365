import { describe, expect, it } from 'vitest';
import type { Gauge, River } from '../rivers/data';
import type { AlertRecord } from '../rivers/replay';
import type { FaultLabel } from './inject';
import { compareAlerts } from './measure';

const MIN = 60_000;
const HOUR = 60 * MIN;

/** A gauge read every 10 min for 24 h: 100 cm, then from hour 12 at 250 cm (warn_cm 200: one crossing at 12 h). */
function gauge(id: string, order: number): Gauge {
  const ts = Float64Array.from({ length: 144 }, (_, i) => i * 10 * MIN);
  return { id, name: id, order, warnCm: 200, lat: 0, lon: 0, ts, level: ts.map((t) => (t >= 12 * HOUR ? 250 : 100)) };
}

/** An upstream gauge that never floods (its alerts are false) above one that does. */
const up = { ...gauge('up', 0), level: new Float64Array(144).fill(100) };
const river: River = { river: 'test', stepS: 600, gauges: [up, gauge('down', 1)] };
const label: FaultLabel = { kind: 'negative-forever', gaugeId: 'down', startMs: 2 * HOUR, endMs: Infinity, truthShiftCm: 0 };

function alert(sensorId: string, rule: AlertRecord['rule'], raisedAt: number, resolvedAt?: number): AlertRecord {
  return { id: `${sensorId}-${rule}-${raisedAt}`, sensorId, rule, category: 'emergency', severity: 'warning', level: 1, raisedAt, resolvedAt, title: '' };
}

const run = (alerts: AlertRecord[]) => ({ alerts, drops: [] });

describe('compareAlerts', () => {
  it('takes a forecast warning the clean run gave under the other forecast rule, or had open, as the same warning', () => {
    const clean = [alert('up', 'upstream_warning', 3 * HOUR, 8 * HOUR)];
    const relabelled = compareAlerts(label, river, run(clean), run([alert('up', 'rate_of_rise', 3 * HOUR, 8 * HOUR)]));
    expect(relabelled.newFalseElsewhere).toBe(0);
    const later = compareAlerts(label, river, run(clean), run([alert('up', 'upstream_warning', 5 * HOUR, 8 * HOUR)]));
    expect(later.newFalseElsewhere).toBe(0);
    // after the clean one resolved: a warning the clean run did not give
    const after = compareAlerts(label, river, run(clean), run([alert('up', 'rate_of_rise', 9 * HOUR, 10 * HOUR)]));
    expect(after.newFalseElsewhere).toBe(1);
    // a rule outside the forecast warnings still matches only itself
    const other = compareAlerts(label, river, run(clean), run([alert('up', 'flood_level', 3 * HOUR, 8 * HOUR)]));
    expect(other.newFalseElsewhere).toBe(1);
  });

  it('counts apart the crossings of the faulted gauge lost while its readings were faulty', () => {
    const warned = [alert('down', 'rate_of_rise', 11 * HOUR, 13 * HOUR)];
    const lost = compareAlerts(label, river, run(warned), run([]));
    expect([lost.warnedClean, lost.warnedFaulted, lost.lostOnGauge]).toEqual([1, 0, 1]);
    // the same loss with the fault over before the crossing is not the fault's reading
    const over = compareAlerts({ ...label, kind: 'gap-2d', endMs: 6 * HOUR }, river, run(warned), run([]));
    expect([over.warnedClean, over.warnedFaulted, over.lostOnGauge]).toEqual([1, 0, 0]);
  });
});
