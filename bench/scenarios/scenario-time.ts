/**
 * Time arithmetic on scenario data: when a scenario is over, and the same scenario slowed down.
 *
 * Why slow it down: the flood-rise storm used to be a scripted demo-fast ramp (20 cm per minute).
 * Since the simulator models the river (simulators/hydrology/) its flood has a real pace, and a
 * stretched storm (times × k, intensity ÷ k: the same rain spread k times longer) is a different,
 * smaller flood; bench:scenarios no longer adds one by default (--flood-stretch 1).
 */
import { lastingS, type Effect, type Envelope, type Scenario } from '../../simulators/scenarios/types';
import { stormEffectEndS } from '../../simulators/storm';

function envelopeEndS(e: Envelope): number {
  return e.startS + e.rampS + e.holdS + e.fadeS;
}

/** Simulated seconds after the scenario start at which this effect has fully passed. */
export function effectEndS(e: Effect, intervalS: number): number {
  switch (e.type) {
    case 'haze':
      return envelopeEndS(e.envelope);
    case 'storm':
      return stormEffectEndS(e);
    case 'spike':
      return e.atS + intervalS;
    default:
      return e.startS + lastingS(e, intervalS);
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
      case 'haze':
        return { ...e, envelope: stretchEnvelope(e.envelope, k) };
      case 'storm':
        return { ...e, envelope: stretchEnvelope(e.envelope, k), peakMmH: [e.peakMmH[0] / k, e.peakMmH[1] / k], moveKmH: [e.moveKmH[0] / k, e.moveKmH[1] / k] };
      case 'spike':
        return { ...e, atS: e.atS * k };
      default:
        return { ...e, startS: e.startS * k, durationS: e.durationS * k };
    }
  });
  return { name: `${s.name}-x${k}`, description: `${s.description} (${k}× slower)`, effects };
}
