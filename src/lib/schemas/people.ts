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
import { say } from './reason';

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

const idMessage = say('directoryId');
const directoryId = v.pipe(v.string(idMessage), v.regex(DIRECTORY_ID_PATTERN, idMessage));
const minuteMessage = say('wholeMinute');
const minuteOfDay = v.pipe(v.number(minuteMessage), v.integer(minuteMessage), v.minValue(0, minuteMessage), v.maxValue(MINUTES_PER_DAY - 1, minuteMessage));

function subset<T extends string>(allowed: readonly T[]) {
  const item = v.picklist(allowed, say('listOnly', { allowed: allowed.join(', ') }));
  return v.optional(listOf(item, say('array'), { max: allowed.length }), () => []);
}

function districtList(known?: readonly string[]) {
  const item = known ? v.picklist(known as string[], say('cityDistricts')) : text(80);
  return v.optional(listOf(item, say('districtArray'), { max: 64 }), () => []);
}

function intIn(min: number, max: number, fallback: number) {
  const message = say('wholeNumberIn', { min, max });
  return v.optional(v.pipe(v.number(message), v.integer(message), v.minValue(min, message), v.maxValue(max, message)), fallback);
}

export const QuietHoursSchema = jsonObject({ startMin: minuteOfDay, endMin: minuteOfDay }, say('quietHours'));

export const PersonSchema = jsonObject(
  {
    id: directoryId,
    name: text(120),
    language: v.optional(v.picklist(['id', 'en'], say('idOrEn')), 'id'),
    user: v.nullish(v.pipe(v.string(say('loginName')), v.regex(/^[\p{L}\p{N}._@-]{1,64}$/u, say('loginName')))),
    active: v.optional(v.boolean(say('trueOrFalse')), true),
    quietHours: v.nullish(QuietHoursSchema)
  },
  say('personObject')
);
export type PersonInput = v.InferOutput<typeof PersonSchema>;

/** Decoded length of unpadded base64 (no Buffer: the browser checks forms with the same schema). */
function base64Bytes(s: string): number {
  return s.length % 4 === 1 ? -1 : Math.floor((s.length * 3) / 4);
}

/** Base64url of exactly `bytes` bytes (the browser's PushSubscription keys). */
function base64urlOf(bytes: number, what: string) {
  const message = say('pushKey', { what, bytes });
  return v.pipe(
    v.string(message),
    v.check((s) => /^[A-Za-z0-9_-]+={0,2}$/.test(s) && base64Bytes(s.replace(/=+$/, '')) === bytes, message)
  );
}

export const PushAddressSchema = jsonObject(
  {
    endpoint: v.pipe(
      v.string(say('httpsUrl')),
      v.maxLength(2_000, say('httpsUrl')),
      v.check((u) => URL.canParse(u) && new URL(u).protocol === 'https:', say('httpsUrl'))
    ),
    keys: jsonObject({ p256dh: base64urlOf(65, 'P-256 public key'), auth: base64urlOf(16, 'auth secret') }, say('pushKeys'))
  },
  say('pushSubscription')
);

/** Per kind, what `address` must look like; the kind picks the rule, so one message names the expected form. */
const ADDRESS_SCHEMAS = {
  email: v.pipe(v.string(say('email')), v.maxLength(254, say('email')), v.email(say('email'))),
  telegram: v.pipe(
    v.union([v.pipe(v.number(), v.safeInteger(), v.transform(String)), v.string()], say('telegram')),
    v.regex(TELEGRAM_PATTERN, say('telegram'))
  ),
  whatsapp: v.pipe(v.string(say('whatsapp')), v.regex(WHATSAPP_PATTERN, say('whatsapp'))),
  webpush: PushAddressSchema
} satisfies Record<ChannelKind, v.GenericSchema>;

const channelFields = { rank: intIn(0, 99, 0), enabled: v.optional(v.boolean(say('trueOrFalse')), true) };

export const ChannelSchema = v.pipe(
  v.unknown(),
  v.check((x) => !!x && typeof x === 'object' && !Array.isArray(x), say('channelObject')),
  v.variant(
    'kind',
    CHANNEL_KINDS.map((kind) => v.looseObject({ kind: v.literal(kind), address: ADDRESS_SCHEMAS[kind], ...channelFields }, () => say('required'))) as never,
    say('channelKind', { allowed: CHANNEL_KINDS.join(', ') })
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
      categories: v.optional(listOf(v.picklist(ALERT_CATEGORIES, say('listOnly', { allowed: ALERT_CATEGORIES.join(', ') })), say('array'), { max: 2 }), () => ['emergency' as const]),
      minSeverity: v.optional(v.picklist(ALERT_SEVERITIES, say('oneOf', { allowed: ALERT_SEVERITIES.join(', ') })), 'warning')
    },
    say('subscriptionObject')
  );
}
export type SubscriptionInput = v.InferOutput<ReturnType<typeof subscriptionSchema>>;

export function teamSchema(districts?: readonly string[]) {
  return v.pipe(
    jsonObject(
      {
        id: directoryId,
        name: jsonObject({ id: text(120), en: text(120) }, say('idAndEn')),
        kinds: subset(SENSOR_KINDS),
        districts: districtList(districts),
        leadPersonId: v.nullish(directoryId),
        backupAfterMin: intIn(1, ESCALATION_MAX_MIN, 10),
        leadAfterMin: intIn(1, ESCALATION_MAX_MIN, 20)
      },
      say('teamObject')
    ),
    v.check((t) => t.leadAfterMin > t.backupAfterMin, say('leadAfterBackup'))
  );
}
export type TeamInput = v.InferOutput<ReturnType<typeof teamSchema>>;

/** Epoch ms, or ISO 8601 with a zone (a time without one would be read in the server's zone, not WITA). */
const instant = v.pipe(
  v.union([v.pipe(v.number(), v.safeInteger()), v.pipe(v.string(), v.regex(/(Z|[+-]\d\d:?\d\d)$/), v.transform((s) => Date.parse(s)))], say('instant')),
  v.check((n) => Number.isFinite(n) && n > 0, say('instant'))
);

export const ShiftSchema = v.pipe(
  jsonObject({ personId: directoryId, role: v.picklist(ROTA_ROLES, say('eitherOf', { a: ROTA_ROLES[0], b: ROTA_ROLES[1] })), start: instant, end: instant }, say('shiftObject')),
  v.check((s) => s.end > s.start, say('endAfterStart')),
  v.check((s) => s.end - s.start <= MAX_SHIFT_MS, say('shiftLength'))
);
export type ShiftInput = v.InferOutput<typeof ShiftSchema>;

export const parsePerson = (input: unknown): Checked<PersonInput> => check(PersonSchema, input);
export const parseChannel = (input: unknown): Checked<ChannelInput> => check(ChannelSchema, input) as Checked<ChannelInput>;
export const parseSubscription = (input: unknown, districts?: readonly string[]): Checked<SubscriptionInput> => check(subscriptionSchema(districts), input);
export const parseTeam = (input: unknown, districts?: readonly string[]): Checked<TeamInput> => check(teamSchema(districts), input);
export const parseShift = (input: unknown): Checked<ShiftInput> => check(ShiftSchema, input);
