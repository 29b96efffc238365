/**
 * Expected failures are values: every way a message can be refused has a code here.
 * docs/errors.md (with meanings) and the README's "Dead-letter reasons" list the same codes; tests/unit/errors-doc.test.ts keeps them in step.
 */
export const REJECT_CODES = {
  bad_topic: 'topic is not pantau/v1/sensors/<kind>/<sensorId>',
  unknown_kind: 'sensor kind is not traffic, flood or air',
  unknown_sensor: 'sensor id is not in the catalog',
  kind_mismatch: 'sensor is of another kind than the topic says',
  too_large: 'payload is larger than the configured limit',
  not_json: 'payload is not valid UTF-8 JSON',
  bad_shape: 'payload is not Pantau JSON, a SenML pack or a FIWARE entity Pantau reads',
  unknown_field: 'field is not one this sensor kind reports',
  bad_type: 'a value is not a number',
  not_finite: 'a value is NaN or infinite',
  out_of_range: 'a value is outside the physical range of the field',
  missing_field: 'no measurement in the payload',
  bad_time: 'timestamp is missing a valid form',
  time_out_of_window: 'timestamp is too far in the future or the past',
  bad_unit: 'SenML unit or NGSI unitCode does not match the field',
  rate_limited: 'sensor publishes faster than its allowed rate'
} as const;

export type RejectCode = keyof typeof REJECT_CODES;

export interface Rejection {
  ok: false;
  code: RejectCode;
  /** Human-readable detail: which field, which value. Never includes the raw payload. */
  detail: string;
  /** For value errors: which field, and the value when it was a number (out_of_range feeds the fault detector). */
  field?: string;
  value?: number;
}

export function reject(code: RejectCode, detail: string = REJECT_CODES[code]): Rejection {
  return { ok: false, code, detail };
}

export interface ErrorSpec {
  /** What the code means; the default message, and its row in docs/errors.md. */
  message: string;
  /** Whether the same operation may succeed if tried again later (the caller chooses; nothing retries on its own). */
  retryable: boolean;
}

/**
 * Unexpected failures: every code a PantauError carries, declared once with its meaning and whether
 * retrying can help. docs/errors.md has the same table; tests/unit/errors-doc.test.ts keeps the two in
 * step and checks that every code thrown is declared here and every code declared is thrown somewhere.
 */
export const ERROR_CODES = {
  BACKUP_FAILED: { message: 'influxd backup or pg_dump failed', retryable: true },
  BACKUP_INVALID: { message: 'the restore directory is not a complete Pantau backup', retryable: false },
  BACKUP_SOURCE: { message: 'the database to back up or restore into is missing or cannot be reached', retryable: true },
  BACKUP_USAGE: { message: 'the backup or restore command line is invalid', retryable: false },
  BAD_DETECTOR_OPTION: { message: 'a detector option names a field the sensor kind does not report', retryable: false },
  BAD_DISTRICT: { message: 'district name is empty or longer than 64 characters', retryable: false },
  BAD_PROCEDURES: { message: 'the response procedures file is invalid', retryable: false },
  BAD_SCALE: { message: 'the simulator scale is not an integer in range', retryable: false },
  BAD_SENSOR_ID: { message: 'sensor id must match [a-z0-9][a-z0-9_-]{0,63}', retryable: false },
  BUILD_FAILED: { message: 'the web app does not build', retryable: false },
  CATALOG_INVALID: { message: 'the sensor catalog breaks its schema', retryable: false },
  CATALOG_READ: { message: 'the sensor catalog file cannot be read', retryable: false },
  CHILD_EXITED: { message: 'a managed process exited before it was ready', retryable: false },
  CHILD_NOT_READY: { message: 'a managed process was not ready in time', retryable: true },
  HUB_MISSING: { message: 'the realtime hub is not running in this process yet', retryable: true },
  INFLUXD_AUTH: { message: 'the managed InfluxDB does not know the generated admin', retryable: false },
  INFLUXD_MISSING: { message: 'the influxd binary cannot be run', retryable: false },
  INFLUXD_RUNNING: { message: 'an InfluxDB already runs on this data dir', retryable: false },
  INFLUX_QUERY: { message: 'InfluxDB did not answer the query (unreachable, database not created yet, or an error answer)', retryable: true },
  INFLUX_REJECTED: { message: 'InfluxDB refused a batch as unwritable (400, 413, 422)', retryable: false },
  INFLUX_UNAVAILABLE: { message: 'InfluxDB could not store a batch now (network, 401/403/404, 429, 5xx)', retryable: true },
  INFLUX_WRITE: { message: 'storing an alert event in InfluxDB failed', retryable: true },
  MIGRATION_FAILED: { message: 'a registry migration failed and was rolled back', retryable: false },
  MIGRATION_NAME: { message: 'a registry migration file is not named NNN_name.sql', retryable: false },
  NOTIFY_JOURNAL_ORDER: { message: 'the notifier journal was appended to before its replay', retryable: false },
  POSTGRES_DIR: { message: 'the postgres user cannot reach the PostgreSQL data dir', retryable: false },
  POSTGRES_INITDB: { message: 'initdb failed to create the PostgreSQL data dir', retryable: false },
  POSTGRES_MISSING: { message: 'the PostgreSQL binaries are not installed', retryable: false },
  POSTGRES_USER: { message: 'running as root without a postgres system user', retryable: false },
  REPORT_RENDER: { message: 'Chromium did not print the report (not found, crashed or over REPORT_PDF_TIMEOUT_MS)', retryable: true },
  RESTORE_FAILED: { message: 'influxd restore or pg_restore failed', retryable: false },
  RESTORE_TARGET: { message: 'the restore target holds data already (without --replace) or npm start runs on it', retryable: false },
  START_ABORTED: { message: 'stopped during startup', retryable: false },
  STATE_TOO_LARGE: { message: 'a detector state block is larger than a slab', retryable: false },
  TOO_MANY_RULES: { message: 'a sensor has more detector rules than the engine allows', retryable: false },
  UNKNOWN_SENSOR: { message: 'a reading reached detection for a sensor that is not in the catalog', retryable: false },
  USERS_FILE: { message: 'the PANTAU_USERS file cannot be read or is invalid', retryable: false },
  WAL_DIR: { message: 'the ingest journal dir cannot be created', retryable: false },
  WAL_LINE_TOO_LONG: { message: 'an ingest journal line is longer than the read limit', retryable: false },
  WAL_LOCKED: { message: 'another process holds the ingest journal', retryable: false }
} as const satisfies Record<string, ErrorSpec>;

/**
 * A refused setting: the code names the variable (`CONFIG_INFLUX_URL`), so one family stands for all
 * of them instead of a row per variable; the README's configuration table lists the variables.
 */
export type ConfigErrorCode = `CONFIG_${string}`;
export const CONFIG_ERROR: ErrorSpec = { message: 'a setting is refused at start; the code names the variable', retryable: false };

export type ErrorCode = keyof typeof ERROR_CODES | ConfigErrorCode;

/** An undeclared code (it can only come from code that skipped the type check; the errors-doc test finds it) still makes an error, not a crash. */
const UNDECLARED: ErrorSpec = { message: 'undeclared error', retryable: false };

export function errorSpec(code: ErrorCode): ErrorSpec {
  if (code.startsWith('CONFIG_')) return CONFIG_ERROR;
  return Object.hasOwn(ERROR_CODES, code) ? ERROR_CODES[code as keyof typeof ERROR_CODES] : UNDECLARED;
}

/** Unexpected failures carry a declared code; `retryable` comes from the declaration, never from the thrower. */
export class PantauError extends Error {
  readonly retryable: boolean;

  /** `message` adds the detail of this case (which file, which value); it defaults to the code's meaning. */
  constructor(
    readonly code: ErrorCode,
    message: string = errorSpec(code).message,
    options?: { cause?: unknown }
  ) {
    super(message, options);
    this.name = 'PantauError';
    this.retryable = errorSpec(code).retryable;
  }
}
