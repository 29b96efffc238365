import { describe, it, expect } from 'vitest';
import { chooseStartMs, parseSimOptions } from './options';

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

  it('starts a fast finite run in the past so it ends on the real clock', () => {
    expect(chooseStartMs({ speed: 60, durationS: 5 }, 1_000_000)).toBe(1_000_000 - 5 * 59 * 1000);
    expect(chooseStartMs({ speed: 60, durationS: Infinity }, 1_000_000)).toBe(1_000_000);
    expect(chooseStartMs({ speed: 1, durationS: 5, startMs: 7 }, 1_000_000)).toBe(7);
  });
});
