/**
 * Who may ask the notifier for a test message: the generated Mosquitto ACL (scripts/mqtt-acl.ts) on a
 * real Mosquitto. Only the web writes requests and only the notifier reads them; only the notifier
 * writes results, which the web reads. A request forged by the ingest or a sensor never arrives.
 */
import type { ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/lib/core/sensor';
import { TOPICS } from '../../src/lib/core/topic';
import { INGEST_USER, NOTIFY_USER, WEB_USER, type MqttCredential } from '../../scripts/lib/mqtt-acl';
import { writeMqttAcl } from '../../scripts/mqtt-acl';
import { createTempDir, startMosquitto, type MosquittoHandle } from '../helpers/services';
import { waitFor } from '../helpers/wait';
import { mosquittoPubAs, mosquittoSubAs } from './mqtt-tools';

const catalog: Catalog = {
  city: 'T',
  districts: [{ code: '1', name: 'Samarinda Ulu', lat: -0.5, lon: 117.1 }],
  sensors: [{ id: 'fl-a', kind: 'flood', name: 'A', district: 'Samarinda Ulu', lat: -0.5, lon: 117.1, intervalS: 60 }]
};

let broker: MosquittoHandle;
let removeTemp: () => Promise<void>;
const users = new Map<string, MqttCredential>();
const subscribers: ChildProcess[] = [];
const sub = (user: string, filter: string) => mosquittoSubAs(broker.url, users.get(user)!, filter, subscribers);
const pub = (user: string, topic: string, message: string) => mosquittoPubAs(broker.url, users.get(user)!, topic, message, {});

beforeAll(async () => {
  const tmp = await createTempDir('pantau-acl-tests-');
  removeTemp = tmp.remove;
  const catalogPath = path.join(tmp.dir, 'catalog.json');
  writeFileSync(catalogPath, JSON.stringify(catalog));
  const files = writeMqttAcl(catalogPath, path.join(tmp.dir, 'acl'));
  for (const u of (JSON.parse(readFileSync(files.secretsFile, 'utf8')) as { users: MqttCredential[] }).users) users.set(u.username, u);
  broker = await startMosquitto({ dataDir: path.join(tmp.dir, 'broker'), extraConfig: readFileSync(files.configFile, 'utf8') });
});

afterAll(async () => {
  for (const s of subscribers) if (s.exitCode === null) s.kill('SIGTERM');
  await broker?.stop();
  await removeTemp?.();
});

describe('channel test topics under the generated ACL', () => {
  it('carry requests only from the web to the notifier, and results only back', async () => {
    const notify = sub(NOTIFY_USER, TOPICS.channelTests);
    const web = sub(WEB_USER, TOPICS.channelTestResults);
    const ingestEars = sub(INGEST_USER, TOPICS.channelTests); // the ingest may not read requests
    await waitFor('the notifier hears the web', async () => {
      await pub(WEB_USER, TOPICS.channelTests, 'from-web');
      return notify.lines.includes(`${TOPICS.channelTests} from-web`);
    });
    await pub(INGEST_USER, TOPICS.channelTests, 'forged-by-ingest');
    await pub('fl-a', TOPICS.channelTests, 'forged-by-sensor');
    await waitFor('the web hears the notifier', async () => {
      await pub(NOTIFY_USER, TOPICS.channelTestResults, 'from-notify');
      return web.lines.includes(`${TOPICS.channelTestResults} from-notify`);
    });
    await pub(INGEST_USER, TOPICS.channelTestResults, 'forged-result');
    await pub(WEB_USER, TOPICS.channelTestResults, 'forged-result-web');
    // A marker after the forgeries: once it is through, they would have been too.
    await pub(WEB_USER, TOPICS.channelTests, 'marker');
    await pub(NOTIFY_USER, TOPICS.channelTestResults, 'marker');
    await waitFor('markers', () => notify.lines.includes(`${TOPICS.channelTests} marker`) && web.lines.includes(`${TOPICS.channelTestResults} marker`));
    expect([...notify.lines, ...web.lines, ...ingestEars.lines].filter((l) => l.includes('forged'))).toEqual([]);
    expect(ingestEars.lines).toEqual([]);
  });
});
