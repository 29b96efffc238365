/**
 * The generated Mosquitto password file and ACL (scripts/mqtt-acl.ts) on a real Mosquitto, probed
 * with Debian's mosquitto_pub/mosquitto_sub: a sensor publishes only to its own topic, anonymous
 * and wrong-password clients are refused, and the services have just the access they need.
 */
import type { ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/lib/core/sensor';
import { TOPICS, sensorTopic } from '../../src/lib/core/topic';
import { INGEST_USER, WEB_USER, type MqttCredential } from '../../scripts/lib/mqtt-acl';
import { writeMqttAcl } from '../../scripts/mqtt-acl';
import { createTempDir, startMosquitto, type MosquittoHandle } from '../helpers/services';
import { waitFor } from '../helpers/wait';
import { mosquittoPubAs, mosquittoSubAs } from './mqtt-tools';

const catalog: Catalog = {
  city: 'T',
  districts: [{ code: '1', name: 'Samarinda Ulu', lat: -0.5, lon: 117.1 }],
  sensors: [
    { id: 'fl-a', kind: 'flood', name: 'A', district: 'Samarinda Ulu', lat: -0.5, lon: 117.1, intervalS: 60 },
    { id: 'air-b', kind: 'air', name: 'B', district: 'Samarinda Ulu', lat: -0.5, lon: 117.1, intervalS: 60 }
  ]
};

let broker: MosquittoHandle;
let removeTemp: () => Promise<void>;
const users = new Map<string, MqttCredential>();
const subscribers: ChildProcess[] = [];

/** A mosquitto_sub that records `topic payload` lines. */
function subscribe(user: string | null, filter: string): { lines: string[]; exited: Promise<number | null> } {
  return mosquittoSubAs(broker.url, user ? users.get(user)! : null, filter, subscribers);
}

/** mosquitto_pub at QoS 1 as a user (null: anonymous); resolves with its exit code and stderr. */
function pubAs(user: string | null, topic: string, message: string, password?: string): Promise<{ code: number; stderr: string }> {
  return mosquittoPubAs(broker.url, user ? users.get(user)! : null, topic, message, { password });
}

beforeAll(async () => {
  const tmp = await createTempDir('pantau-acl-');
  removeTemp = tmp.remove;
  const catalogPath = path.join(tmp.dir, 'catalog.json');
  writeFileSync(catalogPath, JSON.stringify(catalog));
  const files = writeMqttAcl(catalogPath, path.join(tmp.dir, 'acl'));
  const secrets = JSON.parse(readFileSync(files.secretsFile, 'utf8')) as { users: MqttCredential[] };
  for (const u of secrets.users) users.set(u.username, u);
  broker = await startMosquitto({ dataDir: path.join(tmp.dir, 'broker'), extraConfig: readFileSync(files.configFile, 'utf8') });
});

afterAll(async () => {
  for (const s of subscribers) if (s.exitCode === null) s.kill('SIGTERM');
  await broker?.stop();
  await removeTemp?.();
});

describe('Mosquitto with the generated password file and ACL', () => {
  it('lets a sensor publish its own topic, and drops what it publishes as another sensor', async () => {
    const ingest = subscribe(INGEST_USER, 'pantau/v1/sensors/#');
    const own = sensorTopic('flood', 'fl-a');
    // The subscription is live once a retry of A's own reading arrives.
    await waitFor('A reaches the ingest', async () => {
      expect((await pubAs('fl-a', own, 'ready')).code).toBe(0);
      return ingest.lines.includes(`${own} ready`);
    });
    const forbidden: [string, string][] = [
      ['fl-a', sensorTopic('air', 'air-b')], // A writing B's topic
      ['air-b', own], // B impersonating A
      ['fl-a', sensorTopic('air', 'fl-a')], // A under another kind
      ['fl-a', 'pantau/v1/sensors/flood/fl-a/extra'],
      ['fl-a', TOPICS.alertEvents],
      [WEB_USER, own] // the web is no sensor
    ];
    for (const [user, topic] of forbidden) await pubAs(user, topic, `forged-by-${user}`);
    expect((await pubAs('air-b', sensorTopic('air', 'air-b'), 'b-own')).code).toBe(0);
    expect((await pubAs('fl-a', own, 'after')).code).toBe(0);
    await waitFor('both legitimate readings after the forged ones', () => ingest.lines.includes(`${own} after`) && ingest.lines.includes(`${sensorTopic('air', 'air-b')} b-own`));
    expect(ingest.lines.filter((l) => l.includes('forged'))).toEqual([]);
  });

  it('refuses anonymous clients and wrong passwords', async () => {
    const anon = await pubAs(null, sensorTopic('flood', 'fl-a'), 'anon');
    expect(anon.code).not.toBe(0);
    expect(anon.stderr).toMatch(/not authori[sz]ed|refused/i);
    const wrong = await pubAs('fl-a', sensorTopic('flood', 'fl-a'), 'wrong', 'not-the-password');
    expect(wrong.code).not.toBe(0);
    const anonSub = subscribe(null, '#');
    expect(await anonSub.exited).not.toBe(0);
  });

  it('gives the web live readings and alert events, and the ingest its outputs, but not the other way round', async () => {
    const web = subscribe(WEB_USER, 'pantau/v1/#');
    await waitFor('web subscription live', async () => {
      await pubAs(INGEST_USER, TOPICS.live, '[]');
      return web.lines.includes(`${TOPICS.live} []`);
    });
    await pubAs('fl-a', sensorTopic('flood', 'fl-a'), 'sensor-data'); // the web may not read raw sensor topics
    await pubAs(WEB_USER, TOPICS.live, 'forged-live'); // nor write the live feed
    await pubAs(WEB_USER, TOPICS.deadLetter, 'forged-dl');
    expect((await pubAs(WEB_USER, TOPICS.alertEvents, 'ack-by-person')).code).toBe(0);
    await pubAs(INGEST_USER, TOPICS.alertEvents, 'raised-by-ingest');
    await waitFor('alert events from both', () => web.lines.includes(`${TOPICS.alertEvents} raised-by-ingest`) && web.lines.includes(`${TOPICS.alertEvents} ack-by-person`));
    expect(web.lines.filter((l) => /forged|sensor-data/.test(l))).toEqual([]);
  });
});
