import { describe, it, expect } from 'vitest';
import type { Sensor } from '../src/lib/core/sensor';
import { DEFAULT_DECODE_LIMITS, decodePayload } from '../src/lib/core/decode';
import samarinda from '../src/lib/catalog/samarinda.json';
import { MINUTE_MS, witaTime } from './clock';
import { generate } from './generators/index';
import { formatPayload, PAYLOAD_FORMATS } from './payload';
import { createScenarioPlayer } from './scenario-player';
import { SCENARIOS } from './scenarios/index';

const sensors = samarinda.sensors as Sensor[];
const START = witaTime(2026, 1, 12, 7, 30);

describe('payloads', () => {
  for (const format of PAYLOAD_FORMATS) {
    it(`every ${format} payload of the 'all' scenario decodes to the values sent (range fault refused)`, () => {
      const p = createScenarioPlayer({ scenario: SCENARIOS.all, seed: 9, startMs: START, intervalMs: 60_000, generate });
      let checked = 0;
      let refused = 0;
      for (let t = START; t < START + 40 * MINUTE_MS; t += MINUTE_MS) {
        for (const s of sensors) {
          const values = p.apply(s, t, generate(s, t, 9));
          if (!values) continue;
          const ctx = { kind: s.kind, sensorId: s.id, now: t + 1_000, limits: DEFAULT_DECODE_LIMITS };
          const decoded = decodePayload(formatPayload(format, s.id, s.kind, t, values), ctx);
          if (!decoded.ok) {
            expect(decoded.code).toBe('out_of_range');
            expect(s.id).toBe('air-sambutan-1');
            refused++;
            continue;
          }
          expect(decoded.readings).toEqual([{ sensorId: s.id, kind: s.kind, ts: t, values }]);
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(2_000);
      expect(refused).toBe(2);
    });
  }

  it('builds SenML with a base name, base time in seconds and units', () => {
    const pack = JSON.parse(formatPayload('senml', 'flood-kp3', 'flood', 1_700_000_000_500, { water_level: 12.5, rainfall: 0 }).toString());
    expect(pack).toEqual([
      { bn: 'urn:dev:pantau:flood-kp3:', bt: 1_700_000_000.5, n: 'water_level', u: 'cm', v: 12.5 },
      { n: 'rainfall', u: 'mm/h', v: 0 }
    ]);
  });
});
