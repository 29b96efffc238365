import { describe, it, expect } from 'vitest';
import { parseWebConfig } from './config';

describe('parseWebConfig', () => {
  it('has defaults for everything and freezes the result', () => {
    const c = parseWebConfig({});
    expect(c.mqtt.url).toBe('mqtt://127.0.0.1:1883');
    expect(c.influx.database).toBe('pantau');
    expect(c.port).toBe(3000);
    expect(c.host).toBe('127.0.0.1');
    expect(c.catalogPath).toBe('src/lib/catalog/samarinda.json');
    expect(Object.isFrozen(c) && Object.isFrozen(c.mqtt)).toBe(true);
  });

  it('refuses bad values with a coded error', () => {
    expect(() => parseWebConfig({ PORT: '70000' })).toThrow(/PORT/);
    expect(() => parseWebConfig({ MQTT_URL: 'http://x' })).toThrow(/MQTT_URL/);
    expect(() => parseWebConfig({ PANTAU_LIVE_MAX_CLIENTS: 'many' })).toThrow(/PANTAU_LIVE_MAX_CLIENTS/);
    expect(() => parseWebConfig({ PANTAU_USERS: 'users.json' })).toThrow(/PANTAU_SESSION_SECRET/);
  });

  it('takes an acknowledge-link secret of 32 characters or more, off when absent, never quoting a refused one', () => {
    expect(parseWebConfig({}).ackSecret).toBe('');
    expect(parseWebConfig({ PANTAU_ACK_SECRET: 'k'.repeat(32) }).ackSecret).toBe('k'.repeat(32));
    expect(() => parseWebConfig({ PANTAU_ACK_SECRET: 'short-secret' })).toThrow(expect.objectContaining({ code: 'CONFIG_PANTAU_ACK_SECRET' }));
    expect(() => parseWebConfig({ PANTAU_ACK_SECRET: 'short-secret' })).not.toThrow(/short-secret/);
  });

  it('takes the Web Push public key the responder app subscribes with, off when absent', () => {
    // What web-push's generateVAPIDKeys() prints: an uncompressed P-256 point, 87 base64url characters.
    const key = `B${'A'.repeat(86)}`;
    expect(parseWebConfig({}).vapidPublicKey).toBe('');
    expect(parseWebConfig({ VAPID_PUBLIC_KEY: key }).vapidPublicKey).toBe(key);
    expect(() => parseWebConfig({ VAPID_PUBLIC_KEY: 'not a key' })).toThrow(expect.objectContaining({ code: 'CONFIG_VAPID_PUBLIC_KEY' }));
  });
});
