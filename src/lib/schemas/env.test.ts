import { describe, it, expect } from 'vitest';
import { readBooleanEnv, readChoiceEnv, readFlagEnv, readIntEnv, readMqttUrlEnv, readPatternEnv, SHARE_GROUP_PATTERN } from './env';

const refusal = (code: string, message: string) => expect.objectContaining({ code, message });

describe('environment values', () => {
  it('use the default when unset or empty, and parse what is set', () => {
    expect(readIntEnv({}, 'N', 7, 1, 10)).toBe(7);
    expect(readIntEnv({ N: '' }, 'N', 7, 1, 10)).toBe(7);
    expect(readIntEnv({ N: '10' }, 'N', 7, 1, 10)).toBe(10);
    expect(readFlagEnv({ F: '1' }, 'F', false)).toBe(true);
    expect(readFlagEnv({}, 'F', false)).toBe(false);
    expect(readBooleanEnv({ B: 'No' }, 'B', true)).toBe(false);
    expect(readBooleanEnv({ B: 'YES' }, 'B', false)).toBe(true);
    expect(readChoiceEnv({ S: 'registry' }, 'S', 'file', ['file', 'registry'])).toBe('registry');
    expect(readMqttUrlEnv({})).toBe('mqtt://127.0.0.1:1883');
    expect(readMqttUrlEnv({ MQTT_URL: 'wss://broker.example/mqtt' })).toBe('wss://broker.example/mqtt');
    expect(readPatternEnv({ G: 'ingest_1' }, 'G', '', SHARE_GROUP_PATTERN, '1–32 of A-Z a-z 0-9 _ -')).toBe('ingest_1');
  });

  const refused: Array<[string, () => unknown, string, string]> = [
    ['a fraction', () => readIntEnv({ N: '1.5' }, 'N', 7, 1, 10), 'CONFIG_N', 'N must be an integer in [1, 10], got "1.5"'],
    ['a word for a number', () => readIntEnv({ N: 'ten' }, 'N', 7, 1, 10), 'CONFIG_N', 'N must be an integer in [1, 10], got "ten"'],
    ['a number above the range', () => readIntEnv({ N: '11' }, 'N', 7, 1, 10), 'CONFIG_N', 'N must be an integer in [1, 10], got "11"'],
    ['a number below the range', () => readIntEnv({ N: '0' }, 'N', 7, 1, 10), 'CONFIG_N', 'N must be an integer in [1, 10], got "0"'],
    ['a switch that is not 0 or 1', () => readFlagEnv({ F: 'true' }, 'F', false), 'CONFIG_F', 'F must be 0 or 1, got "true"'],
    ['a word not among the choices', () => readChoiceEnv({ S: 'db' }, 'S', 'file', ['file', 'registry']), 'CONFIG_S', 'S must be file or registry, got "db"'],
    ['a boolean that is neither', () => readBooleanEnv({ B: 'maybe' }, 'B', true), 'CONFIG_B', 'B must be true or false, got "maybe"'],
    ['an http broker URL', () => readMqttUrlEnv({ MQTT_URL: 'http://broker:1883' }), 'CONFIG_MQTT_URL', 'MQTT_URL must be mqtt(s)://host:port or ws(s)://host:port/path'],
    ['a broker URL without a host', () => readMqttUrlEnv({ MQTT_URL: 'mqtt://' }), 'CONFIG_MQTT_URL', 'MQTT_URL must be mqtt(s)://host:port or ws(s)://host:port/path'],
    ['a URL that may hold a password, without quoting it', () => readPatternEnv({ U: 'mysql://u:hunter2@db' }, 'U', '', /^postgres:/, 'postgres://…', true), 'CONFIG_U', 'U must be postgres://…'],
    ['a share group with a slash', () => readPatternEnv({ G: 'a/b' }, 'G', '', SHARE_GROUP_PATTERN, '1–32 of A-Z a-z 0-9 _ -'), 'CONFIG_G', 'G must be 1–32 of A-Z a-z 0-9 _ -, got "a/b"']
  ];

  it.each(refused)('refuses %s with a coded error naming the variable', (_name, read, code, message) => {
    expect(read).toThrow(refusal(code, message));
  });
});
