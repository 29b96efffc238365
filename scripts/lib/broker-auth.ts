/**
 * Authentication and ACLs for the brokers `npm start` runs itself. Each Pantau process gets its own
 * generated credential (kept 0600 under the data dir, reused across restarts); the rules are the
 * one table of mqtt-acl.ts: the embedded aedes broker enforces it here, the managed Mosquitto gets
 * it as a password file and acl_file. Nobody connects anonymously.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { AuthenticateError, Client, Subscription } from 'aedes';
import {
  INGEST_USER, MAX_PACKET_BYTES, NOTIFY_USER, SIMULATOR_USER, WEB_USER, aclRules, createPassword, formatAcl, formatBrokerConfig, formatPlainPasswordFile,
  type AclRule, type MqttCredential
} from './mqtt-acl';

/** The processes `npm start` runs, and the credential each one uses. */
export interface LocalBrokerCredentials {
  /** `<dataDir>/mqtt/credentials.json`, mode 0600. */
  file: string;
  ingest: MqttCredential;
  web: MqttCredential;
  notify: MqttCredential;
  simulator: MqttCredential;
  all: MqttCredential[];
}

const SERVICES: ReadonlyArray<Pick<MqttCredential, 'username' | 'role'>> = [
  { username: INGEST_USER, role: 'ingest' },
  { username: WEB_USER, role: 'web' },
  { username: NOTIFY_USER, role: 'notify' },
  { username: SIMULATOR_USER, role: 'simulator' }
];

function readCredentials(file: string): MqttCredential[] | null {
  try {
    const users = (JSON.parse(readFileSync(file, 'utf8')) as { users?: MqttCredential[] }).users ?? [];
    const complete = SERVICES.every((s) => users.some((u) => u.username === s.username && u.role === s.role && typeof u.password === 'string' && u.password.length >= 32));
    return complete ? users.filter((u) => SERVICES.some((s) => s.username === u.username)) : null;
  } catch {
    return null; // missing or damaged: make new ones
  }
}

/** Makes (first run) or reuses the per-process broker credentials under dataDir. */
export function ensureLocalBrokerCredentials(dataDir: string): LocalBrokerCredentials {
  const dir = path.join(dataDir, 'mqtt');
  const file = path.join(dir, 'credentials.json');
  let all = existsSync(file) ? readCredentials(file) : null;
  if (!all) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    all = SERVICES.map((s) => ({ ...s, password: createPassword() }));
    writeFileSync(file, JSON.stringify({ generatedAt: new Date().toISOString(), users: all }, null, 2) + '\n', { mode: 0o600 });
  }
  chmodSync(file, 0o600);
  const by = (role: MqttCredential['role']) => all.find((c) => c.role === role)!;
  return { file, ingest: by('ingest'), web: by('web'), notify: by('notify'), simulator: by('simulator'), all };
}

/** MQTT_USERNAME / MQTT_PASSWORD for one process. */
export function mqttEnv(c: MqttCredential): NodeJS.ProcessEnv {
  return { MQTT_USERNAME: c.username, MQTT_PASSWORD: c.password };
}

/** Whether a concrete topic matches a filter with `+` and `#`. */
export function topicMatches(filter: string, topic: string): boolean {
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return true;
    if (i >= t.length || (f[i] !== '+' && f[i] !== t[i])) return false;
  }
  return f.length === t.length;
}

/** Whether some topic matches both filters (a subscription that can yield anything allowed). */
export function filtersOverlap(a: string, b: string): boolean {
  const x = a.split('/');
  const y = b.split('/');
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if (x[i] === '#' || y[i] === '#') return true;
    if (x[i] === undefined || y[i] === undefined) return false;
    if (x[i] !== '+' && y[i] !== '+' && x[i] !== y[i]) return false;
  }
  return true;
}

const digest = (s: string) => createHash('sha256').update(s).digest();

export interface BrokerPolicy {
  /** The credential these user name and password prove, or null. */
  authenticate(username: string | undefined, password: string | undefined): MqttCredential | null;
  mayPublish(who: MqttCredential, topic: string): boolean;
  /** Whether a message on this topic may be delivered to the client. */
  mayRead(who: MqttCredential, topic: string): boolean;
  /** Whether the filter can yield anything the client may read (each message is still checked by mayRead). */
  maySubscribe(who: MqttCredential, filter: string): boolean;
}

export function createBrokerPolicy(credentials: readonly MqttCredential[]): BrokerPolicy {
  const users = new Map(credentials.map((c) => [c.username, { c, hash: digest(c.password) }]));
  const rules = (who: MqttCredential): AclRule[] => aclRules(who.role, who.topic);
  return {
    authenticate(username, password) {
      const entry = username ? users.get(username) : undefined;
      // Compared as digests in constant time; an unknown name costs the same.
      const same = timingSafeEqual(digest(password ?? ''), entry?.hash ?? digest('\0no user'));
      return entry && same && password ? entry.c : null;
    },
    mayPublish: (who, topic) => rules(who).some(([access, p]) => access !== 'read' && topicMatches(p, topic)),
    mayRead: (who, topic) => rules(who).some(([access, p]) => access !== 'write' && topicMatches(p, topic)),
    maySubscribe(who, filter) {
      // A shared subscription is checked against the filter after `$share/<group>/`, as Mosquitto does.
      const plain = filter.startsWith('$share/') ? filter.split('/').slice(2).join('/') : filter;
      return rules(who).some(([access, p]) => access !== 'write' && filtersOverlap(p, plain));
    }
  };
}

/**
 * aedes options that enforce a policy like Mosquitto does: unknown clients are refused at CONNECT, a
 * filter that can yield nothing allowed gets 0x80, and every delivery is checked against the read rules
 * (a wide filter such as `pantau/v1/#` gets only what the client may read).
 */
export function aedesAuthOptions(policy: BrokerPolicy) {
  const who = new WeakMap<Client, MqttCredential>();
  return {
    authenticate(client: Client, username: string | undefined, password: Buffer | undefined, done: (e: AuthenticateError | null, ok: boolean | null) => void) {
      const c = policy.authenticate(username, password?.toString('utf8'));
      if (c) {
        who.set(client, c);
        return done(null, true);
      }
      const err = new Error('not authorized') as AuthenticateError;
      err.returnCode = 5;
      done(err, false);
    },
    authorizePublish(client: Client | null, packet: { topic: string; payload?: Buffer | string }, done: (e?: Error | null) => void) {
      const c = client ? who.get(client) : undefined;
      // As Mosquitto's max_packet_size. The embedded broker's listener refuses such a packet from its header, before
      // its body (mqtt-frame-guard.ts); this catches any stream handed to aedes without that guard.
      if ((packet.payload?.length ?? 0) > MAX_PACKET_BYTES) return done(new Error(`publish to ${packet.topic.slice(0, 100)} refused: larger than ${MAX_PACKET_BYTES} bytes`));
      // aedes drops the connection of a client whose publish is refused: a forger is cut off.
      done(c && policy.mayPublish(c, packet.topic) ? null : new Error(`publish to ${packet.topic.slice(0, 100)} refused`));
    },
    authorizeSubscribe(client: Client, sub: Subscription, done: (e: Error | null, s?: Subscription | null) => void) {
      const c = who.get(client);
      done(null, c && policy.maySubscribe(c, sub.topic) ? sub : null);
    },
    authorizeForward<P extends { topic: string }>(client: Client, packet: P): P | null {
      const c = who.get(client);
      return c && policy.mayRead(c, packet.topic) ? packet : null;
    }
  };
}

/** Password file (hashed by mosquitto_passwd) and acl_file for the managed Mosquitto; returns its config lines. */
export function writeMosquittoAuth(dir: string, credentials: readonly MqttCredential[]): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const passwordFile = path.join(dir, 'passwd');
  const aclFile = path.join(dir, 'acl');
  writeFileSync(passwordFile, formatPlainPasswordFile([...credentials]), { mode: 0o600 });
  chmodSync(passwordFile, 0o600);
  execFileSync('mosquitto_passwd', ['-U', passwordFile], { stdio: ['ignore', 'ignore', 'pipe'] });
  writeFileSync(aclFile, formatAcl([...credentials]), { mode: 0o600 });
  return formatBrokerConfig({ passwordFile, aclFile });
}
