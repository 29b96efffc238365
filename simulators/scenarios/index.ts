import { faultRange } from './fault-range';
import { faultSilent } from './fault-silent';
import { faultSpike } from './fault-spike';
import { faultStuck } from './fault-stuck';
import { floodRise } from './flood-rise';
import { haze } from './haze';
import { trafficIncident } from './traffic-incident';
import { shiftEffects, type Scenario } from './types';

const SINGLE: Scenario[] = [floodRise, haze, trafficIncident, faultStuck, faultSpike, faultSilent, faultRange];
/** Start offsets (s) in `all`, so each scenario's first alerts arrive on their own. */
const ALL_OFFSETS_S: Record<string, number> = {
  'flood-rise': 0, 'traffic-incident': 120, haze: 240, 'fault-stuck': 360, 'fault-spike': 420, 'fault-silent': 480, 'fault-range': 540
};

const all: Scenario = {
  name: 'all',
  description: 'every scenario above, staggered by a few minutes',
  effects: SINGLE.flatMap((s) => shiftEffects(s.effects, ALL_OFFSETS_S[s.name] ?? 0))
};

const none: Scenario = { name: 'none', description: 'normal days only', effects: [] };

/** Scenario registry: name → data. */
export const SCENARIOS: Readonly<Record<string, Scenario>> = Object.freeze(
  Object.fromEntries([...SINGLE, all, none].map((s) => [s.name, s]))
);

/** Which scenario an effect came from in `all` (for ground truth lines). */
export function scenarioOfEffect(scenario: Scenario, index: number): string {
  if (scenario.name !== 'all') return scenario.name;
  let i = index;
  for (const s of SINGLE) {
    if (i < s.effects.length) return s.name;
    i -= s.effects.length;
  }
  return scenario.name;
}
