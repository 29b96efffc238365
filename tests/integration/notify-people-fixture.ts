/**
 * Shared by the people-delivery tests and bench (tests/integration/notify-people*.test.ts,
 * tests/e2e/escalation.test.ts, bench/notify.ts): a people directory written through the real store
 * into the test's PostgreSQL database, VAPID keys, and the notifier process with people delivery on.
 */
import pg from 'pg';
import webpush from 'web-push';
import type { ChannelInput, PersonInput, ShiftInput, SubscriptionInput, TeamInput } from '../../src/lib/schemas/people';
import { migrate, readMigrations } from '../../src/lib/server/registry/migrate';
import { createPeopleStore } from '../../src/lib/server/people/store';
import { readTestServices } from '../helpers/env';
import { createDatabase, dropDatabase } from '../helpers/influx';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres';
import { spawnProcess, type SpawnedProcess } from '../helpers/processes';
import { createTempDir } from '../helpers/services';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp-server';

export const ACK_SECRET = 'people-test-ack-secret-0123456789abcdef';
const ADMIN = { user: 'test-admin', role: 'admin' };

export interface PersonSeed {
  person: Partial<PersonInput> & Pick<PersonInput, 'id' | 'name'>;
  channels?: ChannelInput[];
  subscriptions?: Partial<SubscriptionInput>[];
}

export interface DirectorySeed {
  people: PersonSeed[];
  teams?: { team: Partial<TeamInput> & Pick<TeamInput, 'id'>; shifts?: ShiftInput[] }[];
}

function ok<T>(what: string, r: { ok: true; value: T } | { ok: false; errors: string[] }): T {
  if (!r.ok) throw new Error(`seeding ${what} refused: ${r.errors.join('; ')}`);
  return r.value;
}

/** Migrates the database and writes the directory through the people store (as the admin API does). */
export async function seedDirectory(databaseUrl: string, seed: DirectorySeed): Promise<void> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  try {
    await migrate(pool, await readMigrations());
    const store = createPeopleStore(pool);
    for (const p of seed.people) {
      ok(`person ${p.person.id}`, await store.createPerson(ADMIN, { language: 'id', active: true, user: null, quietHours: null, ...p.person } as PersonInput));
      for (const c of p.channels ?? []) ok(`channel of ${p.person.id}`, await store.addChannel(ADMIN, p.person.id, c));
      for (const s of p.subscriptions ?? []) {
        ok(`subscription of ${p.person.id}`, await store.addSubscription(ADMIN, p.person.id, { districts: [], kinds: [], categories: ['emergency'], minSeverity: 'warning', ...s }));
      }
    }
    for (const t of seed.teams ?? []) {
      const team = { name: { id: t.team.id.toUpperCase(), en: t.team.id.toUpperCase() }, kinds: [], districts: [], leadPersonId: null, backupAfterMin: 10, leadAfterMin: 20, ...t.team };
      ok(`team ${t.team.id}`, await store.createTeam(ADMIN, team as TeamInput));
      for (const s of t.shifts ?? []) ok(`shift of ${t.team.id}`, await store.addShift(ADMIN, t.team.id, s));
    }
  } finally {
    await pool.end();
  }
}

export function vapidEnv(): Record<string, string> {
  const keys = webpush.generateVAPIDKeys();
  // The tests' push service listens on loopback, which the notifier refuses unless told (channels/public-address.ts).
  return { VAPID_PUBLIC_KEY: keys.publicKey, VAPID_PRIVATE_KEY: keys.privateKey, VAPID_SUBJECT: 'mailto:ops@pantau.test', WEBPUSH_ALLOW_PRIVATE: 'true' };
}

export interface PeopleNotifier {
  proc: SpawnedProcess;
  stop(): Promise<void>;
}

/** The notifier with people delivery (and no webhooks) on the `npm test` broker and InfluxDB. */
export async function startPeopleNotifier(opts: { db: string; databaseUrl: string; publicUrl: string; env: Record<string, string>; name?: string; journalDir?: string }): Promise<PeopleNotifier> {
  const services = readTestServices();
  // A given journal dir outlives the process (restart tests); a temp one goes with it.
  const journal = opts.journalDir ? { dir: opts.journalDir, remove: async () => undefined } : await createTempDir('pantau-notify-people-');
  const proc = await spawnProcess({
    name: opts.name ?? 'notify',
    args: ['ingest/notify/main.ts'],
    env: {
      MQTT_URL: services.mqttUrl,
      INFLUX_URL: services.influxUrl,
      INFLUX_DB: opts.db,
      DATABASE_URL: opts.databaseUrl,
      PANTAU_PUBLIC_URL: opts.publicUrl,
      PANTAU_ACK_SECRET: ACK_SECRET,
      PANTAU_WEBHOOKS: '',
      NOTIFY_CLIENT_ID: `notify-${opts.db}`,
      NOTIFY_JOURNAL_DIR: journal.dir,
      NOTIFY_METRICS_PORT: 'off',
      NOTIFY_DIRECTORY_POLL_MS: '500',
      ...opts.env
    },
    readyLine: /subscribed to/,
    timeoutMs: 60_000
  });
  return {
    proc,
    async stop() {
      await proc.stop();
      await journal.remove();
    }
  };
}

/**
 * What the restart tests share: an InfluxDB database, a PostgreSQL one, an SMTP server and one
 * journal directory that outlives each notifier, so `start` runs a new notifier where a killed one
 * left off (email from pantau@pantau.test through that server, plus `env`).
 */
export interface RestartBed {
  pg: TestDatabase;
  smtp: TestSmtpServer;
  start(name: string, env?: Record<string, string>): Promise<PeopleNotifier>;
  /** Stops every notifier started here, then removes what the bed made. */
  close(): Promise<void>;
}

export async function createRestartBed(db: string, label: string): Promise<RestartBed> {
  const services = readTestServices();
  await createDatabase(services.influxUrl, db);
  const [pgDb, smtp, journal] = await Promise.all([createTestDatabase(label), startSmtpServer(), createTempDir(`pantau-${label}-`)]);
  const running: PeopleNotifier[] = [];
  return {
    pg: pgDb,
    smtp,
    async start(name, env = {}) {
      const mail = { SMTP_URL: smtp.url, SMTP_FROM: 'pantau@pantau.test' };
      const n = await startPeopleNotifier({ db, name, databaseUrl: pgDb.url, publicUrl: 'https://pantau.test', journalDir: journal.dir, env: { ...mail, ...env } });
      running.push(n);
      return n;
    },
    async close() {
      for (const n of running) await n.stop();
      await smtp.close();
      await journal.remove();
      await pgDb.drop();
      await dropDatabase(services.influxUrl, db);
    }
  };
}

/** The acknowledge link in a message's text. */
export function ackLinkIn(text: string): string | null {
  return /https?:\/\/\S+\/ack\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/.exec(text)?.[0] ?? null;
}
