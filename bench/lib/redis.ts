import { canConnect, findFreePort } from '../../scripts/lib/free-port';
import { spawnManaged, waitUntilReady } from '../../scripts/lib/managed-process';

const REDIS_READY_TIMEOUT_MS = 10_000;

export interface RedisHandle {
  /** redis://127.0.0.1:<port> */
  readonly url: string;
  readonly port: number;
  logs(): string;
  stop(): Promise<void>;
}

/** A private redis-server on a free loopback port, nothing saved to disk (tests and benchmarks). */
export async function startRedis(): Promise<RedisHandle> {
  const port = await findFreePort();
  const proc = spawnManaged({
    name: `redis:${port}`,
    command: 'redis-server',
    args: ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no']
  });
  try {
    await waitUntilReady(proc, `TCP connect on port ${port}`, () => canConnect(port), REDIS_READY_TIMEOUT_MS);
  } catch (err) {
    await proc.kill();
    throw err;
  }
  return { url: `redis://127.0.0.1:${port}`, port, logs: () => proc.logs.text(), stop: () => proc.stop() };
}
