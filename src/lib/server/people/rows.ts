/**
 * Between the directory's table rows (migrations 002, 003) and the core's people types. Pure.
 * bigserial ids arrive as strings from `pg` and leave as numbers; jsonb addresses arrive parsed.
 */
import type { AlertCategory, AlertSeverity } from '../../core/alert';
import type { ChannelKind, Language, Person, PersonChannel, PushAddress, RotaRole, RotaShift, Subscription, Team } from '../../core/people';
import type { SensorKind } from '../../core/sensor';

/** Who last changed a person or team, and the revision an edit must name. */
export interface EditMeta {
  revision: number;
  updatedAt: number;
  updatedBy: string;
}
export type PersonRecord = Person & EditMeta;
export type TeamRecord = Team & EditMeta;

export interface PersonRow {
  id: string;
  name: string;
  language: string;
  login_user: string | null;
  active: boolean;
  quiet_start: number | null;
  quiet_end: number | null;
  revision: number;
  updated_at: Date;
  updated_by: string;
}
export interface ChannelRow {
  id: string;
  person_id: string;
  kind: string;
  address: string | PushAddress;
  rank: number;
  enabled: boolean;
}
export interface SubscriptionRow {
  id: string;
  person_id: string;
  districts: string[];
  kinds: string[];
  categories: string[];
  min_severity: string;
}
export interface TeamRow {
  id: string;
  name_id: string;
  name_en: string;
  kinds: string[];
  districts: string[];
  lead_person_id: string | null;
  backup_after_min: number;
  lead_after_min: number;
  revision: number;
  updated_at: Date;
  updated_by: string;
}
export interface ShiftRow {
  id: string;
  team_id: string;
  person_id: string;
  role: string;
  starts_at: Date;
  ends_at: Date;
}

const meta = (r: { revision: number; updated_at: Date; updated_by: string }): EditMeta => ({ revision: r.revision, updatedAt: r.updated_at.getTime(), updatedBy: r.updated_by });

export function rowToChannel(r: ChannelRow): PersonChannel {
  return { id: Number(r.id), kind: r.kind as ChannelKind, address: r.address, rank: r.rank, enabled: r.enabled };
}

export function rowToSubscription(r: SubscriptionRow): Subscription {
  return { id: Number(r.id), districts: r.districts, kinds: r.kinds as SensorKind[], categories: r.categories as AlertCategory[], minSeverity: r.min_severity as AlertSeverity };
}

/** A person with their own channel rows (already by rank, then age) and subscription rows. */
export function rowToPerson(r: PersonRow, channels: readonly ChannelRow[] = [], subscriptions: readonly SubscriptionRow[] = []): PersonRecord {
  const person: PersonRecord = {
    id: r.id,
    name: r.name,
    language: r.language as Language,
    active: r.active,
    channels: channels.map(rowToChannel),
    subscriptions: subscriptions.map(rowToSubscription),
    ...meta(r)
  };
  if (r.login_user) person.user = r.login_user;
  if (r.quiet_start !== null && r.quiet_end !== null) person.quietHours = { startMin: r.quiet_start, endMin: r.quiet_end };
  return person;
}

export function rowToTeam(r: TeamRow): TeamRecord {
  const team: TeamRecord = {
    id: r.id,
    name: { id: r.name_id, en: r.name_en },
    kinds: r.kinds as SensorKind[],
    districts: r.districts,
    backupAfterMin: r.backup_after_min,
    leadAfterMin: r.lead_after_min,
    ...meta(r)
  };
  if (r.lead_person_id) team.leadPersonId = r.lead_person_id;
  return team;
}

export function rowToShift(r: ShiftRow): RotaShift {
  return { id: Number(r.id), teamId: r.team_id, personId: r.person_id, role: r.role as RotaRole, start: r.starts_at.getTime(), end: r.ends_at.getTime() };
}

/** Drops the bookkeeping the notifier does not need, so its snapshot is exactly the core's Directory shapes. */
export function withoutMeta<T extends EditMeta>(record: T): Omit<T, keyof EditMeta> {
  const { revision: _r, updatedAt: _a, updatedBy: _b, ...rest } = record;
  return rest;
}

/** A push subscription's secret parts never leave the server in lists: the endpoint's host names the device's push service. */
export function redactChannel(c: PersonChannel): PersonChannel {
  if (typeof c.address === 'string') return c;
  let host = 'push';
  try {
    host = new URL(c.address.endpoint).host;
  } catch {
    // a stored endpoint is checked on the way in; keep the placeholder if an old row is odd
  }
  return { ...c, address: host };
}

/** Rows grouped by their person, keeping their order (a directory of thousands is read in one pass). */
export function byPerson<R extends { person_id: string }>(rows: readonly R[]): Map<string, R[]> {
  const out = new Map<string, R[]>();
  for (const r of rows) {
    const list = out.get(r.person_id);
    if (list) list.push(r);
    else out.set(r.person_id, [r]);
  }
  return out;
}

export function redactPerson<P extends Person>(p: P): P {
  return { ...p, channels: p.channels.map(redactChannel) };
}

/** For audit lines: the kind and where to (an email, a chat id, a number; a push service's host only). */
export function describeChannel(c: Pick<PersonChannel, 'kind' | 'address'> & { rank?: number }): string {
  const where = redactChannel({ id: 0, rank: 0, enabled: true, ...c }).address as string;
  return `${c.kind} ${where.slice(0, 120)}${c.rank === undefined ? '' : ` (rank ${c.rank})`}`;
}
