/**
 * Time arithmetic on scenario data: when a scenario is over, and the same scenario slowed down.
 *
 * Why slow it down: the simulator's flood-rise is demo-fast (20 cm per *minute*), so Gunung Lingai
 * goes from normal to Siaga 2 in about 3½ minutes and no warning can come 30 minutes ahead. A
 * stretched copy (times × k, rates ÷ k) is the same flood at a pace a real river can have.
 */
import type { Effect, Envelope, Scenario } from '../../simulators/scenarios/types';

function envelopeEndS(e: Envelope): number {
  return e.startS + e.rampS + e.holdS + e.fadeS;
}

/** Simulated seconds after the scenario start at which this effect has fully passed. */
export function effectEndS(e: Effect, intervalS: number): number {
  switch (e.type) {
    case 'rain':
    case 'haze':
      return envelopeEndS(e.envelope);
    case 'level-rise':
      return e.startS + (e.peakCm / e.riseCmPerMin) * 60 + e.holdS + (e.peakCm / e.recedeCmPerMin) * 60;
    case 'spike':
      return e.atS + intervalS;
    default:
      return e.startS + e.durationS;
  }
}

export function scenarioEndS(s: Scenario, intervalS: number): number {
  return s.effects.reduce((end, e) => Math.max(end, effectEndS(e, intervalS)), 0);
}

function stretchEnvelope(e: Envelope, k: number): Envelope {
  return { startS: e.startS * k, rampS: e.rampS * k, holdS: e.holdS * k, fadeS: e.fadeS * k };
}

/** The same scenario k times slower: every time × k, every rate ÷ k (levels and peaks unchanged). */
export function stretchScenario(s: Scenario, k: number): Scenario {
  const effects = s.effects.map((e): Effect => {
    switch (e.type) {
      case 'rain':
      case 'haze':
        return { ...e, envelope: stretchEnvelope(e.envelope, k) };
      case 'level-rise':
        return { ...e, startS: e.startS * k, riseCmPerMin: e.riseCmPerMin / k, holdS: e.holdS * k, recedeCmPerMin: e.recedeCmPerMin / k };
      case 'spike':
        return { ...e, atS: e.atS * k };
      default:
        return { ...e, startS: e.startS * k, durationS: e.durationS * k };
    }
  });
  return { name: `${s.name}-x${k}`, description: `${s.description} (${k}× slower)`, effects };
}
