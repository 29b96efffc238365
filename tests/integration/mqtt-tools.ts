import { execFile, spawn, type ChildProcess } from 'node:child_process';

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

/** A broker login for the probes below; null in their place means anonymous. */
export interface MqttLogin {
  username: string;
  password: string;
}

export interface ProbeOptions {
  /** Given before the login (e.g. `-V mqttv311` for a broker that speaks no MQTT 5). */
  extraArgs?: string[];
  /** A wrong password to try instead of the login's own. */
  password?: string;
  /** Kill mosquitto_pub after this long (0: never); a refused client can otherwise hang. */
  timeoutMs?: number;
}

function loginArgs(who: MqttLogin | null, password?: string): string[] {
  return who ? ['-u', who.username, '-P', password ?? who.password] : [];
}

/**
 * A mosquitto_sub at QoS 1 as `who` that records `topic payload` lines; `exited` resolves with its
 * exit code (a refused client exits at once). Pushed to `running` so the test's afterAll can end it.
 */
export function mosquittoSubAs(mqttUrl: string, who: MqttLogin | null, filter: string, running: ChildProcess[], opts: ProbeOptions = {}): { lines: string[]; exited: Promise<number | null> } {
  const args = [...brokerArgs(mqttUrl), ...(opts.extraArgs ?? []), ...loginArgs(who), '-q', '1', '-v', '-t', filter];
  const child = spawn('mosquitto_sub', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(child);
  const lines: string[] = [];
  let buf = '';
  child.stdout!.on('data', (d: Buffer) => {
    buf += d.toString();
    const parts = buf.split('\n');
    buf = parts.pop()!;
    lines.push(...parts);
  });
  return { lines, exited: new Promise((ok) => child.on('exit', (code) => ok(code))) };
}

/** mosquitto_pub at QoS 1 as `who`; resolves with its exit code (not 0: refused) and stderr. */
export function mosquittoPubAs(mqttUrl: string, who: MqttLogin | null, topic: string, message: string, opts: ProbeOptions = {}): Promise<{ code: number; stderr: string }> {
  const args = [...brokerArgs(mqttUrl), ...(opts.extraArgs ?? []), ...loginArgs(who, opts.password), '-q', '1', '-t', topic, '-m', message];
  return new Promise((resolve) => {
    execFile('mosquitto_pub', args, { timeout: opts.timeoutMs ?? 0 }, (err, _out, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stderr: String(stderr) });
    });
  });
}
