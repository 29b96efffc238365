/**
 * The brokers `npm start` runs itself (embedded aedes, managed Mosquitto) admit only Pantau's own
 * processes, each under its ACL: probed with Debian's mosquitto_pub/mosquitto_sub, as an attacker
 * on the same machine would.
 */
import type { ChildProcess } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOPICS, sensorTopic } from '../../src/lib/core/topic';
import { ensureLocalBrokerCredentials, type LocalBrokerCredentials } from '../../scripts/lib/broker-auth';
import { startLocalBroker, type LocalBroker } from '../../scripts/lib/stack';
import { parseStartConfig } from '../../scripts/lib/start-config';
import type { MqttCredential } from '../../scripts/lib/mqtt-acl';
import { createTempDir, findFreePort } from '../helpers/services';
import { waitFor } from '../helpers/wait';
import { mosquittoPubAs, mosquittoSubAs } from './mqtt-tools';

const children: ChildProcess[] = [];

/** Both brokers are probed over MQTT 3.1.1, named explicitly. */
const V311 = ['-V', 'mqttv311'];

function subscribe(url: string, who: MqttCredential | null, filter: string): { lines: string[]; exited: Promise<number | null> } {
  return mosquittoSubAs(url, who, filter, children, { extraArgs: V311 });
}

async function pub(url: string, who: MqttCredential | null, topic: string, message: string, password?: string): Promise<number> {
  return (await mosquittoPubAs(url, who, topic, message, { extraArgs: V311, password, timeoutMs: 10_000 })).code;
}

for (const kind of ['aedes', 'mosquitto'] as const) {
  describe(`npm start's ${kind} broker`, () => {
    let tmp: { dir: string; remove(): Promise<void> };
    let users: LocalBrokerCredentials;
    let broker: LocalBroker;

    beforeAll(async () => {
      tmp = await createTempDir(`pantau-sec-${kind}-`);
      const config = parseStartConfig({ PANTAU_BROKER: kind, MQTT_PORT: String(await findFreePort()), PANTAU_DATA_DIR: tmp.dir }, tmp.dir);
      users = ensureLocalBrokerCredentials(config.dataDir);
      broker = await startLocalBroker(config, users, () => undefined);
    });

    afterAll(async () => {
      for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGTERM');
      await broker?.close();
      await tmp?.remove();
    });

    it('keeps the generated credentials owner-only and reuses them', () => {
      expect(statSync(users.file).mode & 0o077).toBe(0);
      expect(ensureLocalBrokerCredentials(tmp.dir).web.password).toBe(users.web.password);
      if (kind === 'mosquitto') expect(readFileSync(path.join(tmp.dir, 'mosquitto', 'mosquitto.conf'), 'utf8')).not.toMatch(/allow_anonymous true/);
    });

    it('refuses anonymous clients and wrong passwords', async () => {
      expect(await pub(broker.url, null, sensorTopic('flood', 'flood-benanga'), '{"values":{"water_level":900}}')).not.toBe(0);
      expect(await pub(broker.url, users.simulator, sensorTopic('flood', 'flood-benanga'), 'x', 'not-the-password')).not.toBe(0);
      expect(await subscribe(broker.url, null, '#').exited).not.toBe(0);
    });

    it('lets sensors write only sensor topics and only the ingest and web forge nothing', async () => {
      const web = subscribe(broker.url, users.web, 'pantau/v1/#');
      const ingest = subscribe(broker.url, users.ingest, TOPICS.alertEvents);
      const sensors = subscribe(broker.url, users.ingest, 'pantau/v1/sensors/#');
      await waitFor('subscriptions live', async () => {
        await pub(broker.url, users.ingest, TOPICS.live, 'ready');
        await pub(broker.url, users.web, TOPICS.alertEvents, 'ready');
        await pub(broker.url, users.simulator, sensorTopic('flood', 'flood-benanga'), 'ready');
        return web.lines.includes(`${TOPICS.live} ready`) && ingest.lines.includes(`${TOPICS.alertEvents} ready`) && sensors.lines.length > 0;
      });
      // What an attacker holding a sensor credential (or the notifier's) tries.
      await pub(broker.url, users.simulator, TOPICS.live, 'forged-live');
      await pub(broker.url, users.simulator, TOPICS.alertEvents, 'forged-alert');
      await pub(broker.url, users.simulator, `${TOPICS.status}/ingest/x`, 'forged-status');
      await pub(broker.url, users.notify, TOPICS.alertEvents, 'forged-by-notify');
      await pub(broker.url, users.web, TOPICS.live, 'forged-live-by-web');
      await pub(broker.url, users.web, sensorTopic('flood', 'flood-benanga'), 'forged-reading-by-web');
      // Sensors and the notifier read nothing they do not need.
      const nosy = subscribe(broker.url, users.simulator, 'pantau/v1/#');
      const notifySensors = subscribe(broker.url, users.notify, 'pantau/v1/sensors/#');
      expect(await pub(broker.url, users.ingest, TOPICS.live, 'after')).toBe(0);
      expect(await pub(broker.url, users.ingest, TOPICS.alertEvents, 'after')).toBe(0);
      expect(await pub(broker.url, users.simulator, sensorTopic('flood', 'flood-benanga'), 'after')).toBe(0);
      await waitFor('the legitimate messages after the forged ones', () =>
        web.lines.includes(`${TOPICS.live} after`) && ingest.lines.includes(`${TOPICS.alertEvents} after`) && sensors.lines.some((l) => l.endsWith(' after'))
      );
      const all = [...web.lines, ...ingest.lines, ...sensors.lines, ...nosy.lines, ...notifySensors.lines];
      expect(all.filter((l) => l.includes('forged'))).toEqual([]);
      expect(nosy.lines).toEqual([]);
      expect(notifySensors.lines).toEqual([]);
      expect(web.lines.filter((l) => l.startsWith('pantau/v1/sensors/'))).toEqual([]);
    });
  });
}
