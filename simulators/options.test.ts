import { describe, it, expect } from 'vitest';
import { chooseScenarioStartMs, chooseStartMs, parseSimOptions } from './options';

describe('parseSimOptions', () => {
  it('has the documented defaults and reads env', () => {
    const r = parseSimOptions([], { MQTT_URL: 'mqtt://127.0.0.1:1999', PANTAU_CATALOG: '/tmp/c.json' });
    expect(r).toMatchObject({ ok: true, help: false });
    if (!r.ok) return;
    expect(r.options).toMatchObject({
      mqttUrl: 'mqtt://127.0.0.1:1999', catalogPath: '/tmp/c.json', seed: 42, intervalS: 5, speed: 1, scale: 1,
      scenario: 'flood-rise', durationS: Infinity, format: 'json', qos: 1, maxRate: Infinity
    });
    expect(Object.isFrozen(r.options)).toBe(true);
  });

  it('lets flags override env', () => {
    const r = parseSimOptions(['--mqtt-url', 'mqtt://127.0.0.1:2', '--format=senml', '--qos', '0', '--scale', '3', '--scenario', 'all', '--start', '2026-01-01T00:00:00+08:00'], { MQTT_URL: 'mqtt://x:1' });
    expect(r.ok && r.options).toMatchObject({ mqttUrl: 'mqtt://127.0.0.1:2', format: 'senml', qos: 0, scale: 3, scenario: 'all', startMs: Date.UTC(2025, 11, 31, 16) });
  });

  it('refuses bad values with a message naming the flag', () => {
    const bad: [string[], string][] = [
      [['--speed', '0'], '--speed'],
      [['--qos', '2'], '--qos'],
      [['--scenario', 'meteor'], '--scenario'],
      [['--format', 'xml'], '--format'],
      [['--scale', '1.5'], '--scale'],
      [['--start', '2026-01-01T00:00'], '--start'],
      [['--bogus'], 'bogus']
    ];
    for (const [argv, word] of bad) {
      const r = parseSimOptions(argv, {});
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toContain(word);
    }
  });

  it('joins flood-rise 3 h into its storm unless told otherwise, and lets SIM_SCENARIO_START pin the storm', () => {
    const flood = parseSimOptions([], {});
    expect(flood.ok && chooseScenarioStartMs(flood.options, 10 * 3_600_000)).toBe(7 * 3_600_000);
    const haze = parseSimOptions(['--scenario', 'haze'], {});
    expect(haze.ok && chooseScenarioStartMs(haze.options, 5_000)).toBe(5_000);
    const into = parseSimOptions(['--into', '0.5'], {});
    expect(into.ok && chooseScenarioStartMs(into.options, 3_600_000)).toBe(1_800_000);
    const pinned = parseSimOptions(['--into', '2'], { SIM_SCENARIO_START: '123456' });
    expect(pinned.ok && chooseScenarioStartMs(pinned.options, 9_999_999)).toBe(123_456);
    expect(parseSimOptions(['--into', '-1'], {}).ok).toBe(false);
    expect(parseSimOptions([], { SIM_SCENARIO_START: 'yesterday' }).ok).toBe(false);
  });

  it('starts a fast finite run in the past so it ends on the real clock', () => {
    expect(chooseStartMs({ speed: 60, durationS: 5 }, 1_000_000)).toBe(1_000_000 - 5 * 59 * 1000);
    expect(chooseStartMs({ speed: 60, durationS: Infinity }, 1_000_000)).toBe(1_000_000);
    expect(chooseStartMs({ speed: 1, durationS: 5, startMs: 7 }, 1_000_000)).toBe(7);
  });
});
