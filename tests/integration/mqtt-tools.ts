import { execFile } from 'node:child_process';

/** Host and port of an mqtt:// URL, for mosquitto_pub/sub. */
export function brokerArgs(mqttUrl: string): string[] {
  const u = new URL(mqttUrl);
  return ['-h', u.hostname, '-p', u.port || '1883'];
}

/** Publishes with Debian's mosquitto_pub (a client nobody here wrote). Resolves with its exit code. */
export function mosquittoPub(mqttUrl: string, topic: string, message: string | { file: string }, qos = 1): Promise<{ code: number; stderr: string }> {
  const payload = typeof message === 'string' ? ['-m', message] : ['-f', message.file];
  return new Promise((resolve) => {
    execFile('mosquitto_pub', [...brokerArgs(mqttUrl), '-q', String(qos), '-t', topic, ...payload], { maxBuffer: 1 << 20 }, (err, _out, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stderr: String(stderr) });
    });
  });
}

/** Publishes many lines `topic<TAB>payload`… through one mosquitto_pub per topic group is slow; use -l with stdin per topic. */
export function mosquittoPubLines(mqttUrl: string, topic: string, lines: string[], qos = 1): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = execFile('mosquitto_pub', [...brokerArgs(mqttUrl), '-q', String(qos), '-t', topic, '-l'], (err) => {
      if (err) reject(err);
      else resolve(lines.length);
    });
    child.stdin!.end(lines.join('\n') + '\n');
  });
}
