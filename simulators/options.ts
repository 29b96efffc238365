/** The simulator's one place that reads argv and env: validated, then frozen. */
import { parseArgs } from 'node:util';
import { PAYLOAD_FORMATS, type PayloadFormat } from './payload';
import { MAX_SCALE } from './scale';
import { SCENARIOS } from './scenarios/index';

export interface SimOptions {
  mqttUrl: string;
  mqttUsername?: string;
  mqttPassword?: string;
  catalogPath: string;
  seed: number;
  /** Simulated seconds between two readings of one sensor. */
  intervalS: number;
  speed: number;
  scale: number;
  writeCatalog?: string;
  scenario: string;
  /** Real seconds to run; Infinity = until stopped. */
  durationS: number;
  format: PayloadFormat;
  truthPath?: string;
  qos: 0 | 1;
  /** Messages per second over all sensors; Infinity = unlimited. */
  maxRate: number;
  maxInFlight: number;
  /** Simulated epoch ms at start; undefined = chosen from speed and duration (see USAGE). */
  startMs?: number;
  /** Simulated hours the scenario has been running at start (flood-rise: mid-storm). */
  intoH: number;
  /** Epoch ms at which the scenario clock started, when fixed from outside (overrides intoH). */
  scenarioStartMs?: number;
}

/** `npm run sim` joins the flood 3 h into the storm: the river is already rising, alerts come within minutes. */
export const DEFAULT_INTO_H: Readonly<Record<string, number>> = Object.freeze({ 'flood-rise': 3 });

export const DEFAULT_CATALOG = 'src/lib/catalog/samarinda.json';

export const USAGE = `Pantau sensor simulator: publishes realistic, reproducible readings over MQTT.

Usage: npm run sim -- [options]

  --mqtt-url <url>        broker (default env MQTT_URL or mqtt://127.0.0.1:1883;
                          MQTT_USERNAME / MQTT_PASSWORD from env)
  --catalog <file>        sensor catalog (default env PANTAU_CATALOG or ${DEFAULT_CATALOG})
  --seed <n>              PRNG seed: same seed, same series (default 42)
  --interval <s>          simulated seconds between readings of one sensor (default 5)
  --speed <x>             simulated time runs x times faster than real time (default 1)
  --start <time>          simulated start, ISO 8601 with zone or epoch ms. Default: now; with
                          --speed > 1 and --duration, early enough that the simulated clock
                          reaches the real one at the end (timestamps are never in the future)
  --scale <n>             clone each sensor n times as <id>-x<k> for load tests (default 1)
  --write-catalog <file>  write the scaled catalog (for ingest's PANTAU_CATALOG) and go on
  --scenario <name>       ${Object.keys(SCENARIOS).join(' | ')} (default flood-rise)
  --into <hours>          start this many simulated hours into the scenario (default 3 for
                          flood-rise, else 0); env SIM_SCENARIO_START (epoch ms or ISO 8601)
                          fixes the scenario's start instead, so a restarted simulator and
                          npm start's backfill of the past hours (scripts/backfill.ts) agree
  --duration <s>          real seconds to run (default: until SIGINT/SIGTERM)
  --format json|senml     payload format (default json)
  --truth <file>          append ground-truth events as JSON lines
  --qos 0|1               MQTT QoS (default 1)
  --max-rate <msg/s>      cap on messages per second over all sensors (default unlimited)
  --max-in-flight <n>     unacknowledged publishes allowed at once (default 100)
  --help                  this text
`;

export type ParsedOptions = { ok: true; help: boolean; options: SimOptions } | { ok: false; error: string };

function num(value: string | undefined, name: string, fallback: number, check: (n: number) => boolean, rule: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || !check(n)) throw new Error(`--${name} must be ${rule} (got "${value}")`);
  return n;
}

function parseStart(value: string | undefined, name = '--start'): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (/^\d+$/.test(value)) return Number(value);
  const ms = /(Z|[+-]\d\d:?\d\d)$/.test(value) ? Date.parse(value) : NaN;
  if (!Number.isFinite(ms)) throw new Error(`${name} must be epoch ms or ISO 8601 with a zone (got "${value}")`);
  return ms;
}

export function parseSimOptions(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): ParsedOptions {
  try {
    const stringFlags = ['mqtt-url', 'catalog', 'seed', 'interval', 'speed', 'start', 'scale', 'write-catalog', 'scenario', 'into',
      'duration', 'format', 'truth', 'qos', 'max-rate', 'max-in-flight'];
    const flags: Record<string, { type: 'string' | 'boolean' }> = { help: { type: 'boolean' } };
    for (const k of stringFlags) flags[k] = { type: 'string' };
    const { values: v } = parseArgs({ args: [...argv], strict: true, allowPositionals: false, options: flags }) as {
      values: Record<string, string | boolean | undefined>;
    };
    const s = (k: string) => v[k] as string | undefined;
    const scenario = s('scenario') ?? 'flood-rise';
    if (!Object.hasOwn(SCENARIOS, scenario)) throw new Error(`--scenario must be one of ${Object.keys(SCENARIOS).join(', ')}`);
    const format = (s('format') ?? 'json') as PayloadFormat;
    if (!PAYLOAD_FORMATS.includes(format)) throw new Error('--format must be json or senml');
    const qos = num(s('qos'), 'qos', 1, (n) => n === 0 || n === 1, '0 or 1') as 0 | 1;
    const options: SimOptions = {
      mqttUrl: s('mqtt-url') ?? env.MQTT_URL ?? 'mqtt://127.0.0.1:1883',
      mqttUsername: env.MQTT_USERNAME || undefined,
      mqttPassword: env.MQTT_PASSWORD || undefined,
      catalogPath: s('catalog') ?? env.PANTAU_CATALOG ?? DEFAULT_CATALOG,
      seed: num(s('seed'), 'seed', 42, (n) => Number.isInteger(n) && Math.abs(n) < 2 ** 31, 'an integer'),
      intervalS: num(s('interval'), 'interval', 5, (n) => n >= 0.01 && n <= 86_400, 'in [0.01, 86400] seconds'),
      speed: num(s('speed'), 'speed', 1, (n) => n > 0 && n <= 100_000, 'in (0, 100000]'),
      scale: num(s('scale'), 'scale', 1, (n) => Number.isInteger(n) && n >= 1 && n <= MAX_SCALE, `an integer in [1, ${MAX_SCALE}]`),
      writeCatalog: s('write-catalog'),
      scenario,
      durationS: num(s('duration'), 'duration', Infinity, (n) => n > 0, 'a positive number of seconds'),
      format,
      truthPath: s('truth'),
      qos,
      maxRate: num(s('max-rate'), 'max-rate', Infinity, (n) => n > 0, 'a positive rate'),
      maxInFlight: num(s('max-in-flight'), 'max-in-flight', 100, (n) => Number.isInteger(n) && n >= 1 && n <= 100_000, 'an integer in [1, 100000]'),
      startMs: parseStart(s('start')),
      intoH: num(s('into'), 'into', DEFAULT_INTO_H[scenario] ?? 0, (n) => n >= 0 && n <= 240, 'in [0, 240] hours'),
      scenarioStartMs: parseStart(env.SIM_SCENARIO_START, 'SIM_SCENARIO_START')
    };
    if (!/^(mqtts?|wss?|tcp):\/\//.test(options.mqttUrl)) throw new Error('--mqtt-url must be mqtt://, mqtts://, ws:// or wss://');
    return { ok: true, help: v.help === true, options: Object.freeze(options) };
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
}

/** Simulated start: now, or early enough that a fast run ends on the real clock (never in the future). */
export function chooseStartMs(o: Pick<SimOptions, 'startMs' | 'speed' | 'durationS'>, nowMs: number): number {
  if (o.startMs !== undefined) return o.startMs;
  if (o.speed > 1 && Number.isFinite(o.durationS)) return nowMs - o.durationS * (o.speed - 1) * 1000;
  return nowMs;
}

/** Where the scenario clock starts: fixed from outside, else `intoH` before the simulated start. */
export function chooseScenarioStartMs(o: Pick<SimOptions, 'scenarioStartMs' | 'intoH'>, startSimMs: number): number {
  return o.scenarioStartMs ?? startSimMs - o.intoH * 3_600_000;
}
