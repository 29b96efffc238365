import { describe, it, expect } from 'vitest';
import { parseStartConfig } from './start-config';

describe('parseStartConfig', () => {
  it('defaults to embedded services, simulators on, loopback web', () => {
    const c = parseStartConfig({}, '/repo');
    expect(c).toEqual({
      mqttUrl: undefined,
      broker: 'aedes',
      mqttPort: undefined,
      influxUrl: undefined,
      influxDb: 'pantau',
      webPort: undefined,
      webHost: '127.0.0.1',
      simulate: true,
      dataDir: '/repo/.data'
    });
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('takes external services and ports from the environment', () => {
    const c = parseStartConfig(
      { MQTT_URL: 'mqtt://10.0.0.5:1883', INFLUX_URL: 'http://db:8086', INFLUX_DB: 'city', PORT: '8080', PANTAU_SIMULATE: '0' },
      '/repo'
    );
    expect(c).toMatchObject({ mqttUrl: 'mqtt://10.0.0.5:1883', influxUrl: 'http://db:8086', influxDb: 'city', webPort: 8080, simulate: false });
  });

  it('refuses bad values with a coded error', () => {
    expect(() => parseStartConfig({ PORT: '70000' }, '/r')).toThrow(/PORT must be an integer in \[1, 65535\]/);
    expect(() => parseStartConfig({ MQTT_URL: 'localhost:1883' }, '/r')).toThrow(/MQTT_URL/);
    expect(() => parseStartConfig({ PANTAU_SIMULATE: 'yes' }, '/r')).toThrow(/PANTAU_SIMULATE/);
    expect(() => parseStartConfig({ PANTAU_BROKER: 'emqx' }, '/r')).toThrow(/PANTAU_BROKER/);
  });
});
