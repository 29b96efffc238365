/**
 * The simulator against the real Mosquitto from `npm test`: run it for 5 s at ×60, listen with
 * Debian's mosquitto_sub (a client we did not write) and check what arrived.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_DECODE_LIMITS, decodePayload } from '../../src/lib/core/decode';
import { parseSensorTopic } from '../../src/lib/core/topic';
import { SENSOR_KINDS } from '../../src/lib/core/sensor';
import samarinda from '../../src/lib/catalog/samarinda.json';
import { createTempDir } from '../helpers/services';
import { spawnProcess } from '../helpers/processes';
import { waitFor } from '../helpers/wait';
import { mosquittoPub } from './mqtt-tools';

function mqttUrl(): string {
  const url = process.env.PANTAU_TEST_MQTT_URL;
  if (!url) throw new Error('PANTAU_TEST_MQTT_URL is not set: run with `npm test -- tests/integration/simulators.test.ts`');
  return url;
}

interface Subscriber {
  lines: string[];
  stop(): void;
}

/**
 * mosquitto_sub on `topic` plus a private probe topic; ready once a probe we publish comes back
 * (its debug output is block-buffered in a pipe, so SUBACK cannot be watched for).
 */
async function subscribe(url: string, topic: string): Promise<Subscriber> {
  const u = new URL(url);
  const probe = `pantau-test/probe/${process.pid}-${Date.now()}`;
  const child: ChildProcessWithoutNullStreams = spawn('mosquitto_sub', ['-h', u.hostname, '-p', u.port, '-q', '1', '-t', topic, '-t', probe, '-v']);
  const lines: string[] = [];
  let buffered = '';
  let ready = false;
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? '';
    for (const line of parts) {
      if (line.startsWith(probe)) ready = true;
      else if (line.startsWith('pantau/')) lines.push(line);
    }
  });
  await waitFor('mosquitto_sub subscribed', async () => {
    if (!ready) await mosquittoPub(url, probe, 'ping', 0);
    return ready;
  }, { timeoutMs: 10_000 });
  return { lines, stop: () => child.kill('SIGTERM') };
}

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function runSim(args: string[]): Promise<{ lines: string[]; logs: string; truth: string }> {
  const url = mqttUrl();
  const tmp = await createTempDir('pantau-sim-');
  cleanups.push(() => tmp.remove());
  const sub = await subscribe(url, 'pantau/v1/sensors/#');
  cleanups.push(() => sub.stop());
  const truthFile = path.join(tmp.dir, 'truth.jsonl');
  const sim = await spawnProcess({
    name: 'simulator',
    args: ['simulators/main.ts', '--mqtt-url', url, '--speed', '60', '--duration', '5', '--truth', truthFile, ...args],
    readyLine: /^sim: \d+ sensors/
  });
  cleanups.push(() => sim.kill());
  const exit = await sim.exited;
  expect(exit.code, sim.logs()).toBe(0);
  expect(sim.logs()).toMatch(/sim: done: \d+ sent, 0 failed/);
  const sent = Number(/sim: done: (\d+) sent/.exec(sim.logs())![1]);
  // QoS 1 both ways: everything the simulator had acknowledged reaches the subscriber.
  await waitFor('all messages at the subscriber', () => sub.lines.length >= sent, { timeoutMs: 10_000 });
  return { lines: sub.lines, logs: sim.logs(), truth: await readFile(truthFile, 'utf8') };
}

/** Decodes every line; returns message counts per sensor id and per kind. */
function decodeAll(lines: string[]): { perSensor: Map<string, number>; perKind: Map<string, number> } {
  const perSensor = new Map<string, number>();
  const perKind = new Map<string, number>();
  const now = Date.now();
  for (const line of lines) {
    const space = line.indexOf(' ');
    const topic = parseSensorTopic(line.slice(0, space));
    if (!topic.ok) throw new Error(`bad topic in ${line.slice(0, 120)}`);
    const decoded = decodePayload(Buffer.from(line.slice(space + 1)), { kind: topic.kind, sensorId: topic.sensorId, now, limits: DEFAULT_DECODE_LIMITS });
    if (!decoded.ok) throw new Error(`${decoded.code} ${decoded.detail} in ${line.slice(0, 160)}`);
    perSensor.set(topic.sensorId, (perSensor.get(topic.sensorId) ?? 0) + 1);
    perKind.set(topic.kind, (perKind.get(topic.kind) ?? 0) + 1);
  }
  return { perSensor, perKind };
}

describe('simulator over real Mosquitto', () => {
  it('publishes valid Pantau JSON for every sensor of every kind and writes ground truth', async () => {
    const { lines, truth } = await runSim(['--seed', '7']);
    const { perSensor, perKind } = decodeAll(lines);
    for (const kind of SENSOR_KINDS) expect(perKind.get(kind) ?? 0).toBeGreaterThan(0);
    for (const s of samarinda.sensors) expect(perSensor.get(s.id) ?? 0, s.id).toBeGreaterThan(1);
    const events = truth.trim().split('\n').map((l) => JSON.parse(l));
    expect(events.find((e) => e.sensorId === 'flood-gunung-lingai')).toMatchObject({ scenario: 'flood-rise', expected: { rule: 'flood_level' } });
  });

  it('publishes valid SenML packs, clones included, with --scale 2', async () => {
    const { lines } = await runSim(['--format', 'senml', '--scale', '2', '--scenario', 'none']);
    expect(lines.every((l) => l.slice(l.indexOf(' ') + 1).startsWith('[{"bn":"urn:dev:pantau:'))).toBe(true);
    const { perSensor, perKind } = decodeAll(lines);
    for (const kind of SENSOR_KINDS) expect(perKind.get(kind) ?? 0).toBeGreaterThan(0);
    expect(perSensor.get('flood-benanga-x2') ?? 0).toBeGreaterThan(1);
    expect(perSensor.size).toBe(samarinda.sensors.length * 2);
  });
});
