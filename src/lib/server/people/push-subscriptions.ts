/**
 * The responder app's Web Push subscriptions: a signed-in person's browser hands over its
 * PushSubscription, which becomes (or refreshes) a `webpush` row of that person's channels, in the
 * directory's change transaction (so the notifier sees the version move). The person is the one
 * whose `login_user` is the session's user; nobody else's channels can be touched from here.
 *
 * What arrives is untrusted JSON from a browser: it is checked for shape and size and stored in a
 * normal form (`{endpoint, keys: {p256dh, auth}}`), never as sent.
 */
import type pg from 'pg';
import type { PushAddress } from '../../core/people';
import type { SensorKind } from '../../core/sensor';
import { endpointKey } from '../../pwa/push-key';
import { say } from '../../schemas/reason';
import { inChange, refusal, type ChangeResult } from './change';

/** Push services use endpoints of 150–500 characters; anything near this is not one. */
export const MAX_ENDPOINT_CHARS = 1_024;
/** The whole request body: a subscription is about 400 bytes of JSON. */
export const MAX_BODY_BYTES = 4_096;
/** Browsers (devices) per person; subscribing one more drops the person's oldest. */
export const MAX_PUSH_DEVICES_PER_PERSON = 10;
/** An uncompressed P-256 point (RFC 8291 `p256dh`) and the 16-byte authentication secret. */
const P256DH_BYTES = 65;
const AUTH_BYTES = 16;
const BASE64URL = /^[A-Za-z0-9_-]+={0,2}$/;

export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: string[] };

function decodedLength(value: unknown): number {
  if (typeof value !== 'string' || value.length > 200 || !BASE64URL.test(value)) return -1;
  return Buffer.from(value.replace(/=+$/, ''), 'base64url').length;
}

function checkEndpoint(value: unknown): string | null {
  if (typeof value !== 'string' || value.length === 0) return `endpoint ${say('url')}`;
  if (value.length > MAX_ENDPOINT_CHARS) return `endpoint ${say('atMostChars', { max: MAX_ENDPOINT_CHARS })}`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `endpoint ${say('url')}`;
  }
  if (url.username || url.password) return `endpoint ${say('noCredentials')}`;
  // Push services are https (RFC 8030), and so is the tests' local endpoint; the notifier's channel checks the same.
  return url.protocol === 'https:' ? null : `endpoint ${say('httpsUrl')}`;
}

/** A browser's `PushSubscription.toJSON()`, checked, in the form it is stored and sent to. */
export function parsePushSubscription(body: unknown): Parsed<PushAddress> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return { ok: false, errors: [say('bodyObject')] };
  const b = body as { endpoint?: unknown; keys?: unknown };
  const errors: string[] = [];
  const endpointError = checkEndpoint(b.endpoint);
  if (endpointError) errors.push(endpointError);
  const keys = (b.keys && typeof b.keys === 'object' ? b.keys : {}) as { p256dh?: unknown; auth?: unknown };
  const p256dh = decodedLength(keys.p256dh);
  if (p256dh !== P256DH_BYTES) errors.push(`keys.p256dh ${say('p256dhKey', { bytes: P256DH_BYTES })}`);
  else if (Buffer.from(String(keys.p256dh), 'base64url')[0] !== 0x04) errors.push(`keys.p256dh ${say('uncompressedPoint')}`);
  if (decodedLength(keys.auth) !== AUTH_BYTES) errors.push(`keys.auth ${say('authSecret', { bytes: AUTH_BYTES })}`);
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: { endpoint: String(b.endpoint), keys: { p256dh: String(keys.p256dh), auth: String(keys.auth) } } };
}

/** What a signed-in person's app needs to know about them: who, and which teams' alerts come first. */
export interface Responder {
  personId: string;
  name: string;
  language: 'id' | 'en';
  teams: Array<{ id: string; name: { id: string; en: string }; kinds: SensorKind[]; districts: string[] }>;
}

/** Teams the person leads or has a shift in (current, coming, or ended within the last day). */
const SELECT_TEAMS = `SELECT t.id, t.name_id, t.name_en, t.kinds, t.districts FROM teams t
  WHERE t.lead_person_id = $1 OR EXISTS (SELECT 1 FROM rota_shifts s WHERE s.team_id = t.id AND s.person_id = $1 AND s.ends_at > now() - interval '1 day')
  ORDER BY t.id`;

/** The active person whose login is `user`, or null when the directory has none. */
export async function findResponder(db: pg.Pool | pg.PoolClient, user: string): Promise<Responder | null> {
  const person = await db.query<{ id: string; name: string; language: 'id' | 'en' }>('SELECT id, name, language FROM people WHERE login_user = $1 AND active', [user]);
  const row = person.rows[0];
  if (!row) return null;
  const teams = await db.query<{ id: string; name_id: string; name_en: string; kinds: SensorKind[]; districts: string[] }>(SELECT_TEAMS, [row.id]);
  return {
    personId: row.id,
    name: row.name,
    language: row.language,
    teams: teams.rows.map((t) => ({ id: t.id, name: { id: t.name_id, en: t.name_en }, kinds: t.kinds, districts: t.districts }))
  };
}

export interface Subscribed {
  channelId: number;
  /** False when this browser had subscribed before (its row was refreshed). */
  created: boolean;
  /** The person the endpoint belonged to before, when it was someone else (a shared phone, a new login). */
  movedFrom?: string;
  /** Old devices dropped to keep the person within MAX_PUSH_DEVICES_PER_PERSON. */
  dropped: number;
}

const UPSERT = `INSERT INTO person_channels (person_id, kind, address, rank, enabled) VALUES ($1, 'webpush', $2::jsonb, 0, true)
  ON CONFLICT ((address ->> 'endpoint')) WHERE kind = 'webpush'
  DO UPDATE SET person_id = EXCLUDED.person_id, address = EXCLUDED.address, enabled = true
  RETURNING id, (xmax = 0) AS created`;
const PREVIOUS_OWNER = `SELECT person_id FROM person_channels WHERE kind = 'webpush' AND address ->> 'endpoint' = $1`;
/** The browser subscribing now is never the one dropped, even when its row is old (a refresh, a phone moved from someone else). */
const DROP_OLDEST = `DELETE FROM person_channels WHERE id IN (
  SELECT id FROM person_channels WHERE person_id = $1 AND kind = 'webpush' ORDER BY (id = $3) DESC, created_at DESC, id DESC OFFSET $2)`;

/** Stores or refreshes one browser's subscription for the person (a new directory version either way). */
export function savePushSubscription(pool: pg.Pool, personId: string, address: PushAddress): Promise<ChangeResult<Subscribed>> {
  return inChange(pool, async (db) => {
    const before = (await db.query<{ person_id: string }>(PREVIOUS_OWNER, [address.endpoint])).rows[0]?.person_id;
    const row = (await db.query<{ id: string; created: boolean }>(UPSERT, [personId, JSON.stringify(address)])).rows[0];
    const dropped = (await db.query(DROP_OLDEST, [personId, MAX_PUSH_DEVICES_PER_PERSON, row.id])).rowCount ?? 0;
    const movedFrom = before && before !== personId ? before : undefined;
    return { ok: true, value: { channelId: Number(row.id), created: row.created, dropped, ...(movedFrom ? { movedFrom } : {}) } };
  });
}

/** Removes this browser's subscription, if it is the person's own (404 otherwise: nothing to say about others'). */
export function removePushSubscription(pool: pg.Pool, personId: string, endpoint: string): Promise<ChangeResult<{ channelId: number }>> {
  return inChange(pool, async (db) => {
    const removed = await db.query<{ id: string }>(
      `DELETE FROM person_channels WHERE kind = 'webpush' AND person_id = $1 AND address ->> 'endpoint' = $2 RETURNING id`,
      [personId, endpoint]
    );
    if (removed.rows.length === 0) return refusal(404, say('noPushSubscription'));
    return { ok: true, value: { channelId: Number(removed.rows[0].id) } };
  });
}

/** Keys (pwa/push-key.ts) of the person's enabled Web Push endpoints: the app's toggle is on only for one of these. */
export async function pushEndpointKeys(db: pg.Pool | pg.PoolClient, personId: string): Promise<string[]> {
  const { rows } = await db.query<{ endpoint: string }>(
    `SELECT address ->> 'endpoint' AS endpoint FROM person_channels WHERE person_id = $1 AND kind = 'webpush' AND enabled`,
    [personId]
  );
  return Promise.all(rows.map((r) => endpointKey(r.endpoint)));
}
