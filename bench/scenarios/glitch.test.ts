import { describe, expect, it } from 'vitest';
import { emergenciesFromGlitches, glitchesOf, glitchWindowMs, withoutGlitches } from './glitch';
import { FLOOD_GLITCH } from './plan';
import type { AlertRecord } from './score';

const MIN = 60_000;
const T0 = 1_700_000_000_000;
const at = (min: number) => T0 + min * MIN;

let n = 0;
function alert(sensorId: string, rule: AlertRecord['rule'], raisedMin: number, category: AlertRecord['category'] = 'emergency', resolvedMin?: number): AlertRecord {
  return { id: `${n++}`, sensorId, rule, category, severity: 'warning', level: 1, raisedAt: at(raisedMin), ...(resolvedMin === undefined ? {} : { resolvedAt: at(resolvedMin) }) };
}

describe('emergency from a glitch', () => {
  const glitch = { at: at(90), sensorIds: ['gunung-lingai', 'kp3'] };
  const window = glitchWindowMs(MIN);

  it('the window is the forecast horizon (2 h) plus the two readings the policy needs, in intervals', () => {
    expect(glitchWindowMs(MIN)).toBe(122 * MIN);
    expect(glitchWindowMs(10 * MIN)).toBe(14 * 10 * MIN);
  });

  it('counts an emergency on the gauge or downstream after the glitch that the run without it lacks', () => {
    const alerts = [alert('gunung-lingai', 'rate_of_rise', 92), alert('kp3', 'upstream_warning', 100), alert('benanga', 'rate_of_rise', 95)];
    expect(emergenciesFromGlitches([glitch], alerts, [], window).map((a) => a.sensorId)).toEqual(['gunung-lingai', 'kp3']);
  });

  it('not one the run without the glitch raises too (a flood warning falling due then), nor maintenance, nor outside the window', () => {
    const alerts = [alert('gunung-lingai', 'rate_of_rise', 92), alert('gunung-lingai', 'sensor_spike', 91, 'maintenance'), alert('gunung-lingai', 'flood_level', 89), alert('gunung-lingai', 'statistical', 90 + 123)];
    const twin = [alert('gunung-lingai', 'rate_of_rise', 92)];
    expect(emergenciesFromGlitches([glitch], alerts, twin, window)).toEqual([]);
    // A twin alert of another rule, or one resolved before the glitch, does not excuse it.
    expect(emergenciesFromGlitches([glitch], alerts, [alert('gunung-lingai', 'flood_level', 92), alert('gunung-lingai', 'rate_of_rise', 10, 'emergency', 80)], window)).toHaveLength(1);
  });

  it('the glitched flood: its spikes, on Gunung Lingai and the gauges downstream; the twin plays the flood without them', () => {
    const g = glitchesOf(FLOOD_GLITCH, T0, (id) => (id === 'flood-gunung-lingai' ? ['flood-kp3'] : []));
    expect(g).toEqual([{ at: at(90), sensorIds: ['flood-gunung-lingai', 'flood-kp3'] }, { at: at(300), sensorIds: ['flood-gunung-lingai', 'flood-kp3'] }]);
    const twin = withoutGlitches(FLOOD_GLITCH);
    expect(twin.effects).toHaveLength(FLOOD_GLITCH.effects.length - 2);
    expect(twin.effects.some((e) => e.type === 'spike')).toBe(false);
  });
});
