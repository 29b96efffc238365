import type { AedesOptions } from 'aedes';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestBroker } from '../../src/lib/server/mqtt-test-broker';
import { createMqttSource } from './mqtt';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A broker (aedes, as `npm start` embeds) that admits one user name and password. */
async function startBroker(user: string, password: string): Promise<number> {
  const authenticate: AedesOptions['authenticate'] = (_client, username, given, done) => done(null, username === user && String(given) === password);
  return (await startTestBroker(cleanups, { authenticate })).port;
}

describe('MQTT source log', () => {
  it('names the broker without the password a URL may carry (mqtt.js logs in with it)', async () => {
    const port = await startBroker('pantau-ingest', 'S3cret-pass');
    const lines: string[] = [];
    let connected!: () => void;
    const up = new Promise<void>((r) => (connected = r));
    const source = createMqttSource({
      url: `mqtt://pantau-ingest:S3cret-pass@127.0.0.1:${port}`,
      username: '',
      password: '',
      clientId: 'ingest-log-test',
      protocolVersion: 4,
      shareGroup: '',
      onReading: () => undefined,
      onAlertEvent: () => undefined,
      beforeAck: () => true,
      ackBatchMs: 0,
      onConnect: () => connected(),
      log: (m) => lines.push(m)
    });
    cleanups.push(() => source.close());
    await up;
    const line = lines.find((l) => l.startsWith('connected to'));
    expect(line).toBe(`connected to mqtt://pantau-ingest:***@127.0.0.1:${port} (session new)`);
    expect(lines.join('\n')).not.toContain('S3cret-pass');
  });
});
