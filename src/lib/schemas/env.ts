/**
 * Environment variables, read the same way by every process's config module (which reads once,
 * validates, freezes): each value goes through a small valibot schema, and a refused value is a
 * coded error naming the variable (`CONFIG_<KEY>`, declared as one family in core/errors.ts), with
 * what it must be and what it was.
 */
import * as v from 'valibot';
import { PantauError } from '../core/errors';

export type Env = Record<string, string | undefined>;

/**
 * Unset and empty both mean "use the default": an empty line in a unit file is not a setting. The
 * refused value is quoted back unless it may hold a password (URLs with credentials): logs keep errors.
 */
function read<T>(env: Env, key: string, fallback: T, schema: v.GenericSchema<string, T>, quote = true): T {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const result = v.safeParse(schema, raw);
  if (result.success) return result.output;
  throw new PantauError(`CONFIG_${key}`, `${key} ${result.issues[0].message}${quote ? `, got "${raw.slice(0, 100)}"` : ''}`);
}

export function readIntEnv(env: Env, key: string, fallback: number, min: number, max: number): number {
  const message = `must be an integer in [${min}, ${max}]`;
  return read(env, key, fallback, v.pipe(v.string(), v.transform(Number), v.integer(message), v.minValue(min, message), v.maxValue(max, message)));
}

/** A 0/1 switch. */
export function readFlagEnv(env: Env, key: string, fallback: boolean): boolean {
  return read(env, key, fallback, v.pipe(v.string(), v.picklist(['0', '1'], 'must be 0 or 1'), v.transform((s) => s === '1')));
}

/** true/1/yes or false/0/no, any case. */
export function readBooleanEnv(env: Env, key: string, fallback: boolean): boolean {
  const message = 'must be true or false';
  return read(env, key, fallback, v.pipe(v.string(), v.regex(/^(true|1|yes|false|0|no)$/i, message), v.transform((s) => /^(true|1|yes)$/i.test(s))));
}

/** One of a few words (`file` or `registry`). */
export function readChoiceEnv<const T extends readonly [string, ...string[]]>(env: Env, key: string, fallback: T[number], choices: T): T[number] {
  return read(env, key, fallback, v.picklist(choices, `must be ${choices.join(' or ')}`));
}

/** A text matching `pattern`; `rule` says in words what the pattern allows; `secret`: never quote it back. */
export function readPatternEnv(env: Env, key: string, fallback: string, pattern: RegExp, rule: string, secret = false): string {
  return read(env, key, fallback, v.pipe(v.string(), v.regex(pattern, `must be ${rule}`)), !secret);
}

/** Ingest, notifier and command center reach the same broker the same ways. */
export function readMqttUrlEnv(env: Env): string {
  return readPatternEnv(env, 'MQTT_URL', 'mqtt://127.0.0.1:1883', /^(mqtts?|wss?|tcp):\/\/[^\s/]+/, 'mqtt(s)://host:port or ws(s)://host:port/path', true);
}

/** MQTT client ids and share-group names: what every broker accepts in a topic filter and a session id. */
export const CLIENT_ID_PATTERN = /^[A-Za-z0-9_.-]{1,128}$/;
export const SHARE_GROUP_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;
/** Where a server listens: a host name, an IPv4 address or an IPv6 one in brackets or not. */
export const HOST_PATTERN = /^[A-Za-z0-9.:\-[\]]{1,255}$/;
