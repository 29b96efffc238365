/**
 * What an admin sends to the people directory (/api/people, /api/teams): a person, a channel, a
 * subscription, a team and a rota shift. Every problem is listed with its path (issues.ts); the API
 * answers them all at once as `{ ok: false, code: 'INVALID', errors }`. Districts are checked against
 * the city's list when one is given (the API passes the catalog's).
 */
import * as v from 'valibot';
import { ALERT_CATEGORIES, ALERT_SEVERITIES } from '../core/alert';
import { CHANNEL_KINDS, ROTA_ROLES, type ChannelKind, type PushAddress } from '../core/people';
import { SENSOR_KINDS } from '../core/sensor';
import { check, type Checked } from './issues';
import { jsonObject, listOf, text } from './common';

/** Same as the tables' CHECK: short, lower case, usable in a URL and an audit tag. */
export const DIRECTORY_ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;
export const MINUTES_PER_DAY = 1440;
/** A shift longer than this is a typo (a year instead of a day), not a rota. */
export const MAX_SHIFT_MS = 31 * 24 * 3_600_000;
/** Escalation steps are minutes after the alert was raised, within a day (the table's CHECK). */
const ESCALATION_MAX_MIN = 1440;
export const WHATSAPP_PATTERN = /^[1-9]\d{7,14}$/;
/** A numeric chat id (groups and channels are negative) or a public @channelname (5–32 characters). */
export const TELEGRAM_PATTERN = /^(-?\d{1,20}|@[A-Za-z][A-Za-z0-9_]{4,31})$/;

const idMessage = 'must be 1–64 lower-case letters, digits, _ or - (starting with a letter or digit)';
const directoryId = v.pipe(v.string(idMessage), v.regex(DIRECTORY_ID_PATTERN, idMessage));
const minuteOfDay = v.pipe(v.number('must be a whole minute in [0, 1439]'), v.integer('must be a whole minute in [0, 1439]'), v.minValue(0, 'must be a whole minute in [0, 1439]'), v.maxValue(MINUTES_PER_DAY - 1, 'must be a whole minute in [0, 1439]'));

function subset<T extends string>(allowed: readonly T[]) {
  const item = v.picklist(allowed, `must list only ${allowed.join(', ')}`);
  return v.optional(listOf(item, 'must be an array', { max: allowed.length }), () => []);
}

function districtList(known?: readonly string[]) {
  const item = known ? v.picklist(known as string[], 'must name districts of the city') : text(80);
  return v.optional(listOf(item, 'must be an array of district names', { max: 64 }), () => []);
}

function intIn(min: number, max: number, fallback: number) {
  const message = `must be a whole number in [${min}, ${max}]`;
  return v.optional(v.pipe(v.number(message), v.integer(message), v.minValue(min, message), v.maxValue(max, message)), fallback);
}

export const QuietHoursSchema = jsonObject({ startMin: minuteOfDay, endMin: minuteOfDay }, 'must be {startMin, endMin} (minutes after midnight WITA) or null');

export const PersonSchema = jsonObject(
  {
    id: directoryId,
    name: text(120),
    language: v.optional(v.picklist(['id', 'en'], 'must be id or en'), 'id'),
    user: v.nullish(v.pipe(v.string('must be a login name'), v.regex(/^[\p{L}\p{N}._@-]{1,64}$/u, 'must be a login name'))),
    active: v.optional(v.boolean('must be true or false'), true),
    quietHours: v.nullish(QuietHoursSchema)
  },
  'must be a person object'
);
export type PersonInput = v.InferOutput<typeof PersonSchema>;

/** Decoded length of unpadded base64 (no Buffer: the browser checks forms with the same schema). */
function base64Bytes(s: string): number {
  return s.length % 4 === 1 ? -1 : Math.floor((s.length * 3) / 4);
}

/** Base64url of exactly `bytes` bytes (the browser's PushSubscription keys). */
function base64urlOf(bytes: number, what: string) {
  const message = `must be the subscription's ${what} (base64url of ${bytes} bytes)`;
  return v.pipe(
    v.string(message),
    v.check((s) => /^[A-Za-z0-9_-]+={0,2}$/.test(s) && base64Bytes(s.replace(/=+$/, '')) === bytes, message)
  );
}

export const PushAddressSchema = jsonObject(
  {
    endpoint: v.pipe(
      v.string('must be an https URL'),
      v.maxLength(2_000, 'must be an https URL'),
      v.check((u) => URL.canParse(u) && new URL(u).protocol === 'https:', 'must be an https URL')
    ),
    keys: jsonObject({ p256dh: base64urlOf(65, 'P-256 public key'), auth: base64urlOf(16, 'auth secret') }, 'must be {p256dh, auth}')
  },
  'must be a push subscription {endpoint, keys}'
);

/** Per kind, what `address` must look like; the kind picks the rule, so one message names the expected form. */
const ADDRESS_SCHEMAS = {
  email: v.pipe(v.string('must be an email address'), v.maxLength(254, 'must be an email address'), v.email('must be an email address')),
  telegram: v.pipe(
    v.union([v.pipe(v.number(), v.safeInteger(), v.transform(String)), v.string()], 'must be a Telegram chat id (integer) or @channelname'),
    v.regex(TELEGRAM_PATTERN, 'must be a Telegram chat id (integer) or @channelname')
  ),
  whatsapp: v.pipe(v.string('must be a WhatsApp number: E.164 digits without the plus, 8–15 of them'), v.regex(WHATSAPP_PATTERN, 'must be a WhatsApp number: E.164 digits without the plus, 8–15 of them')),
  webpush: PushAddressSchema
} satisfies Record<ChannelKind, v.GenericSchema>;

const channelFields = { rank: intIn(0, 99, 0), enabled: v.optional(v.boolean('must be true or false'), true) };

export const ChannelSchema = v.pipe(
  v.unknown(),
  v.check((x) => !!x && typeof x === 'object' && !Array.isArray(x), 'must be a channel object'),
  v.variant(
    'kind',
    CHANNEL_KINDS.map((kind) => v.looseObject({ kind: v.literal(kind), address: ADDRESS_SCHEMAS[kind], ...channelFields }, () => 'is required')) as never,
    `kind must be one of ${CHANNEL_KINDS.join(', ')}`
  )
);
export interface ChannelInput {
  kind: ChannelKind;
  address: string | PushAddress;
  rank: number;
  enabled: boolean;
}

export function subscriptionSchema(districts?: readonly string[]) {
  return jsonObject(
    {
      districts: districtList(districts),
      kinds: subset(SENSOR_KINDS),
      categories: v.optional(listOf(v.picklist(ALERT_CATEGORIES, `must list only ${ALERT_CATEGORIES.join(', ')}`), 'must be an array', { max: 2 }), () => ['emergency' as const]),
      minSeverity: v.optional(v.picklist(ALERT_SEVERITIES, `must be one of ${ALERT_SEVERITIES.join(', ')}`), 'warning')
    },
    'must be a subscription object'
  );
}
export type SubscriptionInput = v.InferOutput<ReturnType<typeof subscriptionSchema>>;

export function teamSchema(districts?: readonly string[]) {
  return v.pipe(
    jsonObject(
      {
        id: directoryId,
        name: jsonObject({ id: text(120), en: text(120) }, 'must be {id, en}'),
        kinds: subset(SENSOR_KINDS),
        districts: districtList(districts),
        leadPersonId: v.nullish(directoryId),
        backupAfterMin: intIn(1, ESCALATION_MAX_MIN, 10),
        leadAfterMin: intIn(1, ESCALATION_MAX_MIN, 20)
      },
      'must be a team object'
    ),
    v.check((t) => t.leadAfterMin > t.backupAfterMin, 'leadAfterMin must be later than backupAfterMin (the lead comes after the backup)')
  );
}
export type TeamInput = v.InferOutput<ReturnType<typeof teamSchema>>;

/** Epoch ms, or ISO 8601 with a zone (a time without one would be read in the server's zone, not WITA). */
const instant = v.pipe(
  v.union([v.pipe(v.number(), v.safeInteger()), v.pipe(v.string(), v.regex(/(Z|[+-]\d\d:?\d\d)$/), v.transform((s) => Date.parse(s)))], 'must be epoch ms or an ISO time with a zone'),
  v.check((n) => Number.isFinite(n) && n > 0, 'must be epoch ms or an ISO time with a zone')
);

export const ShiftSchema = v.pipe(
  jsonObject({ personId: directoryId, role: v.picklist(ROTA_ROLES, `must be ${ROTA_ROLES.join(' or ')}`), start: instant, end: instant }, 'must be a shift object'),
  v.check((s) => s.end > s.start, 'end must be after start'),
  v.check((s) => s.end - s.start <= MAX_SHIFT_MS, 'a shift must last at most 31 days')
);
export type ShiftInput = v.InferOutput<typeof ShiftSchema>;

export const parsePerson = (input: unknown): Checked<PersonInput> => check(PersonSchema, input);
export const parseChannel = (input: unknown): Checked<ChannelInput> => check(ChannelSchema, input) as Checked<ChannelInput>;
export const parseSubscription = (input: unknown, districts?: readonly string[]): Checked<SubscriptionInput> => check(subscriptionSchema(districts), input);
export const parseTeam = (input: unknown, districts?: readonly string[]): Checked<TeamInput> => check(teamSchema(districts), input);
export const parseShift = (input: unknown): Checked<ShiftInput> => check(ShiftSchema, input);
