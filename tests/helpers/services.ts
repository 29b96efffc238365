/** Private InfluxDB and Mosquitto instances for tests: free loopback ports, temp dirs, stop()/kill()/restart(). */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export { startInfluxd as startInflux, type InfluxdHandle as InfluxHandle } from '../../scripts/lib/influxd';
export { startMosquitto, type MosquittoHandle } from '../../scripts/lib/mosquitto';
export { findFreePort } from '../../scripts/lib/free-port';

/** A fresh temp dir and its removal, for a service's data. */
export async function createTempDir(prefix = 'pantau-test-'): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
