import { describe, expect, it } from 'vitest';
import type { Client } from 'aedes';
import { aedesAuthOptions, createBrokerPolicy, filtersOverlap, topicMatches } from './broker-auth';
import { MAX_PACKET_BYTES } from './mqtt-acl';
import type { MqttCredential } from './mqtt-acl';

const users: MqttCredential[] = [
  { username: 'pantau-web', password: 'w'.repeat(32), role: 'web' },
  { username: 'pantau-sim', password: 's'.repeat(32), role: 'simulator' }
];

describe('broker policy', () => {
  it('matches topics and filters with + and #', () => {
    expect(topicMatches('pantau/v1/sensors/#', 'pantau/v1/sensors/flood/a')).toBe(true);
    expect(topicMatches('pantau/v1/sensors/+/+', 'pantau/v1/sensors/flood/a/b')).toBe(false);
    expect(topicMatches('pantau/v1/live/readings', 'pantau/v1/live/readings/x')).toBe(false);
    expect(filtersOverlap('pantau/v1/live/readings', 'pantau/v1/#')).toBe(true);
    expect(filtersOverlap('pantau/v1/live/readings', '#')).toBe(true);
    expect(filtersOverlap('pantau/v1/live/readings', 'pantau/v1/sensors/#')).toBe(false);
  });

  it('authenticates only the right password and applies each role', () => {
    const p = createBrokerPolicy(users);
    expect(p.authenticate('pantau-web', 'w'.repeat(32))?.role).toBe('web');
    expect(p.authenticate('pantau-web', 's'.repeat(32))).toBeNull();
    expect(p.authenticate(undefined, undefined)).toBeNull();
    expect(p.authenticate('nobody', '')).toBeNull();
    const [web, sim] = users;
    expect(p.mayPublish(sim, 'pantau/v1/sensors/flood/a')).toBe(true);
    expect(p.mayPublish(sim, 'pantau/v1/live/readings')).toBe(false);
    expect(p.mayPublish(sim, 'pantau/v1/alerts/events')).toBe(false);
    expect(p.maySubscribe(sim, '#')).toBe(false);
    expect(p.mayPublish(web, 'pantau/v1/alerts/events')).toBe(true);
    expect(p.mayPublish(web, 'pantau/v1/live/readings')).toBe(false);
    expect(p.mayRead(web, 'pantau/v1/sensors/flood/a')).toBe(false);
    expect(p.maySubscribe(web, '$share/g/pantau/v1/live/readings')).toBe(true);
  });
});

describe('aedes options', () => {
  /** What authorizePublish answers for the simulator's client, logged in first. */
  function publishAs(topic: string, payload: Buffer): Promise<Error | null | undefined> {
    const options = aedesAuthOptions(createBrokerPolicy(users));
    const client = {} as Client;
    options.authenticate(client, 'pantau-sim', Buffer.from('s'.repeat(32)), () => undefined);
    return new Promise((resolve) => options.authorizePublish(client, { topic, payload }, resolve));
  }

  it('refuses a payload larger than the broker bound even on a topic the client may write (as Mosquitto max_packet_size)', async () => {
    expect(await publishAs('pantau/v1/sensors/flood/a', Buffer.alloc(1000))).toBeFalsy();
    expect(await publishAs('pantau/v1/sensors/flood/a', Buffer.alloc(MAX_PACKET_BYTES + 1))).toBeInstanceOf(Error);
    expect(await publishAs('pantau/v1/live/readings', Buffer.alloc(10))).toBeInstanceOf(Error);
  });
});
