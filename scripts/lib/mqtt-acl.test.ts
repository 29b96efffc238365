import { describe, expect, it } from 'vitest';
import type { Catalog, Sensor } from '../../src/lib/core/sensor';
import { INGEST_USER, MAX_PACKET_BYTES, NOTIFY_USER, SIMULATOR_USER, WEB_USER, formatBrokerConfig, planMqttAcl } from './mqtt-acl';

const sensor = (id: string, kind: Sensor['kind']): Sensor => ({ id, kind, name: id, district: 'D', lat: 0, lon: 0, intervalS: 60 });
const catalog = (...sensors: Sensor[]): Catalog => ({ city: 'T', districts: [], sensors });

describe('planMqttAcl', () => {
  it('gives each sensor write access to exactly its own topic', () => {
    const plan = planMqttAcl(catalog(sensor('fl-a', 'flood'), sensor('air-b', 'air')), { password: () => 'pw' });
    const block = (user: string) => plan.acl.split('\n\n').find((b) => b.includes(`\nuser ${user}\n`))!.split('\n').filter((l) => l.startsWith('topic'));
    expect(block('fl-a')).toEqual(['topic write pantau/v1/sensors/flood/fl-a']);
    expect(block('air-b')).toEqual(['topic write pantau/v1/sensors/air/air-b']);
    expect(block(INGEST_USER)).toContain('topic read pantau/v1/sensors/#');
    expect(block(WEB_USER).every((l) => !l.includes('sensors'))).toBe(true);
    expect(plan.acl).not.toContain(SIMULATOR_USER);
    expect(block(NOTIFY_USER)).toEqual(['topic read pantau/v1/alerts/events', 'topic write pantau/v1/alerts/deliveries', 'topic write pantau/v1/status/notify/#', 'topic read pantau/v1/people/channel-tests', 'topic write pantau/v1/people/channel-test-results']);
    expect(plan.credentials.map((c) => c.username)).toEqual([INGEST_USER, WEB_USER, NOTIFY_USER, 'fl-a', 'air-b']);
  });

  it('makes distinct random passwords', () => {
    const plan = planMqttAcl(catalog(sensor('fl-a', 'flood'), sensor('fl-b', 'flood')), { simulator: true });
    const pws = plan.credentials.map((c) => c.password);
    expect(new Set(pws).size).toBe(pws.length);
    expect(pws.every((p) => /^[A-Za-z0-9_-]{32}$/.test(p))).toBe(true);
  });

  it('refuses ids that could break the ACL or take a service name', () => {
    expect(() => planMqttAcl(catalog(sensor('a b', 'flood')))).toThrow(/cannot be an MQTT user/);
    expect(() => planMqttAcl(catalog(sensor('x/#', 'flood')))).toThrow(/cannot be an MQTT user/);
    expect(() => planMqttAcl(catalog(sensor(INGEST_USER, 'flood')))).toThrow(/cannot be an MQTT user/);
  });

  it('turns anonymous access off in the broker lines', () => {
    expect(formatBrokerConfig({ passwordFile: '/p', aclFile: '/a' })).toBe(`allow_anonymous false\npassword_file /p\nacl_file /a\nmax_packet_size ${MAX_PACKET_BYTES}\n`);
  });

  it('bounds packets far below the 256 MiB Mosquitto default, above the largest of ours (16 MiB reading packs)', () => {
    expect(MAX_PACKET_BYTES).toBeGreaterThan(16 * 1024 * 1024);
    expect(MAX_PACKET_BYTES).toBeLessThanOrEqual(32 * 1024 * 1024);
  });
});
