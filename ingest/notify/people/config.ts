import { PantauError } from '../../../src/lib/core/errors';
import { parseInfluxConfig, type InfluxConfig } from '../../../src/lib/core/influx-config';
import { ACK_SECRET_MIN_CHARS } from '../../../src/lib/notify/ack-token';
import { readIntEnv as int, readPatternEnv } from '../../../src/lib/schemas/env';

/**
 * Delivery to people: on when DATABASE_URL names the PostgreSQL holding the people directory. Read once
 * with the rest of the notifier's config (config.ts), validated, frozen. Secrets are never quoted back.
 */
export interface PeopleConfig {
  databaseUrl: string;
  /** Where people open alerts and acknowledge links: `<publicUrl>/alerts?…`, `<publicUrl>/ack/<token>`. */
  publicUrl: string;
  ackSecret: string;
  /** Records go to InfluxDB's events policy (deliveries and audit). */
  influx: InfluxConfig;
  /** How often the directory's version is checked (a change reloads the snapshot). */
  directoryPollMs: number;
  digest: { maxPerWindow: number; windowMs: number };
  /** Length of a team's escalation minute: 60,000 except in tests (NOTIFY_TEST_MINUTE_MS, a test knob). */
  minuteMs: number;
  /** Messages being delivered at once. */
  concurrency: number;
  /** The longest wait between tries of the restore at start: 30,000 except in tests (NOTIFY_TEST_RESTORE_RETRY_MS, a test knob). */
  restoreRetryMs: number;
}

export function parsePeopleConfig(env: Record<string, string | undefined>): PeopleConfig | null {
  const databaseUrl = readPatternEnv(env, 'DATABASE_URL', '', /^postgres(ql)?:\/\/\S+/, 'postgres://user:password@host:port/database', true);
  if (!databaseUrl) return null;
  const publicUrl = (env.PANTAU_PUBLIC_URL ?? '').replace(/\/+$/, '');
  if (!/^https?:\/\/[^\s/]+(\/[^\s]*)?$/.test(publicUrl)) {
    throw new PantauError('CONFIG_PANTAU_PUBLIC_URL', `PANTAU_PUBLIC_URL must be the command center's http(s) URL (links in messages point there), got "${publicUrl.slice(0, 100)}"`);
  }
  const ackSecret = readPatternEnv(env, 'PANTAU_ACK_SECRET', '', new RegExp(`^\\S{${ACK_SECRET_MIN_CHARS},}$`), `at least ${ACK_SECRET_MIN_CHARS} characters without spaces`, true);
  if (!ackSecret) throw new PantauError('CONFIG_PANTAU_ACK_SECRET', `PANTAU_ACK_SECRET must be set (at least ${ACK_SECRET_MIN_CHARS} characters, the same as the command center's) to sign acknowledge links`);
  return Object.freeze({
    databaseUrl,
    publicUrl,
    ackSecret,
    influx: parseInfluxConfig(env),
    directoryPollMs: int(env, 'NOTIFY_DIRECTORY_POLL_MS', 5_000, 200, 300_000),
    digest: Object.freeze({ maxPerWindow: int(env, 'NOTIFY_DIGEST_MAX', 3, 1, 100), windowMs: int(env, 'NOTIFY_DIGEST_WINDOW_S', 60, 5, 3_600) * 1000 }),
    minuteMs: int(env, 'NOTIFY_TEST_MINUTE_MS', 60_000, 100, 60_000),
    concurrency: int(env, 'NOTIFY_CONCURRENCY', 64, 1, 1_000),
    restoreRetryMs: int(env, 'NOTIFY_TEST_RESTORE_RETRY_MS', 30_000, 50, 30_000)
  });
}
