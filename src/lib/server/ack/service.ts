import type { Alert } from '../../core/alert';
import { ACTION_REFUSALS, alertVersion } from '../../core/alert-lifecycle';
import type { ActionResult } from '../../core/events';
import { verifyAckToken, type AckClaims } from '../../notify/ack-token';
import type { ActionOptions } from '../alert-actions';
import type { AuditSink } from '../auth/audit';
import type { Identity } from '../auth/gate';
import { may, type Role } from '../auth/roles';
import { createKeyedBuckets, type KeyedBuckets } from '../rate-budget';
import { addressKey } from '../auth/rate-limit';
import type { AckLinkStore, LinkPerson } from './link-store';
import { viaFromTokenId } from './via';
import { keptAlertOf, worseThanTold } from './merged';
import { toAlertView, withMergedFrom as from, type AckAlertView, type AckPage } from './page';
import { catchUp, linkIsAhead, sentBeforeWorsening } from './version';
import { auditDetail, type AuditArgs, type AuditCode } from '../../i18n/audit-detail';

// The service's callers (the page, its tests) keep importing these from here.
export type { AckPage } from './page';
export { BEHIND_GIVE_UP_MS, sentBeforeWorsening } from './version';

/**
 * Acknowledging an alert from a link in a message (`/ack/<token>`): the token is the credential, so
 * the page is open without a login. Looking (GET) never changes anything, because mail scanners and
 * chat previews fetch links; confirming (POST) verifies again, uses the link once and acknowledges
 * through the console's own path, as the person the link was sent to.
 */

/** Per client address: enough for a person clicking around, too few to guess anything. */
export const ACK_BURST = 20;
export const ACK_PER_S = 0.5;

export interface AckHub {
  alert(id: string): Alert | undefined;
  /** The alert after its newest stored copy is read back (InfluxDB) and applied as a catch-up would; rejects if not read. */
  refreshAlert?(id: string): Promise<Alert | undefined>;
  actAs(identity: Identity, action: unknown, options?: ActionOptions): Promise<ActionResult>;
}

/** The role of a command-center login (the users file), or undefined when there is no such login. */
export type RoleOf = (user: string) => Role | undefined;

export interface AckServiceDeps {
  secret: string;
  store: AckLinkStore;
  hub: AckHub;
  roleOf: RoleOf;
  audit: AuditSink;
  now?: () => number;
  budgets?: KeyedBuckets;
}

export interface AckService {
  /** GET: what the link is about; changes nothing. Audited as `ack-link:viewed` (or refused, `view: …`): did the message reach them? */
  inspect(token: string, address: string): Promise<AckPage>;
  /** POST: acknowledge once; every outcome is audited. */
  accept(token: string, address: string): Promise<AckPage>;
}

/**
 * The person as the alert and the audit will name them. With a login (still in the users file) they
 * act as that login with its role, so a link never lets anyone do what the console forbids them; a
 * contact without one is `person:<id>` with role `link`, which may acknowledge and nothing else.
 */
export function actorOf(person: LinkPerson, roleOf: RoleOf): Identity {
  const role = person.user ? roleOf(person.user) : undefined;
  return person.user && role ? { user: person.user, role } : { user: `person:${person.id}`, role: 'link' };
}

const ANON: Identity = { user: 'anonymous', role: 'anonymous' };

interface Checked {
  claims: AckClaims;
  person: LinkPerson;
  actor: Identity;
  /** The alert to acknowledge: the link's, or the one it was merged into (then `mergedFrom` is the link's). */
  alert: Alert;
  mergedFrom?: string;
}

export function createAckService(deps: AckServiceDeps): AckService {
  const now = deps.now ?? Date.now;
  const budgets = deps.budgets ?? createKeyedBuckets(ACK_BURST, ACK_PER_S);
  const record = (who: Identity, ok: boolean, target: string, said: Said, action = ok ? 'ack-link:accepted' : 'ack-link:refused') =>
    deps.audit({ at: now(), user: who.user, role: who.role, action, target, ok, ...auditDetail(...said) });

  /** An alert closed by someone who acknowledged by link without a login says their name, not `person:<id>`. */
  async function namedView(alert: Alert): Promise<AckAlertView> {
    const view = toAlertView(alert);
    for (const field of ['acknowledgedBy', 'resolvedBy'] as const) {
      const by = view[field];
      if (by?.startsWith('person:')) view[field] = (await deps.store.person(by.slice('person:'.length)).catch(() => null))?.name ?? by;
    }
    return view;
  }

  /** Everything both verbs check, in order; a page when the link cannot go further. */
  async function check(token: string, address: string, verb: 'view' | 'confirm'): Promise<Checked | AckPage> {
    // Refusals from nobody in particular (anonymous) are summarised by the audit log, so a flood costs little.
    const refuse = (who: Identity, target: string, said: Said, page: AckPage): AckPage => {
      if (verb !== 'view') record(who, false, target, said);
      else record(who, false, target, [said[0], { ...said[1], view: 1 }]);
      return page;
    };
    // One IPv6 host's whole /64 is one budget (addressKey), else it guesses from 2^64 addresses.
    if (!budgets.take(addressKey(address), now())) return refuse(ANON, '', ['ack.rateLimited', { address }], { status: 'busy' });
    const verdict = verifyAckToken(deps.secret, token, now());
    if (!verdict.ok) return refuse(ANON, '', ['ack.token', { error: verdict.error }], { status: verdict.error === 'expired' ? 'expired' : 'invalid' });
    const { claims } = verdict;
    const person = await deps.store.person(claims.personId);
    if (!person || !person.active) return refuse(ANON, claims.alertId, ['ack.person', { personId: claims.personId }], { status: 'unknown' });
    const actor = actorOf(person, deps.roleOf);
    // Refused before the confirm button, and the link is not used up: its login may not acknowledge.
    if (!may(actor.role, 'acknowledge')) return refuse(actor, claims.alertId, ['ack.role', { role: actor.role }], { status: 'invalid' });
    const usedAt = await deps.store.usedAt(claims.jti);
    if (usedAt !== null) return refuse(actor, claims.alertId, ['ack.used', { jti: claims.jti }], { status: 'used', usedAt });
    let alert = deps.hub.alert(claims.alertId);
    if (!alert) return refuse(actor, claims.alertId, ['ack.notHeld', {}], { status: 'unknown' });
    const kept = keptAlertOf(alert, (id) => deps.hub.alert(id));
    if (kept) return checkKept({ claims, person, actor, alert: kept, mergedFrom: alert.id }, alert, refuse);
    // Sent about a worsening this server has not heard yet (an MQTT gap, this instance behind): acknowledging its older
    // copy would say done while the ingest refuses it (older version) and paging goes on. Not used up: it works once caught up.
    // Before 'closed': an acknowledgement of the older copy made here was refused by the ingest too, so "already
    // acknowledged" would stop the backup while paging goes on. A resolution is final whatever the version.
    if (alert.state !== 'resolved' && linkIsAhead(claims, alert)) {
      const caught = await catchUp(deps.hub, now, claims, alert);
      if ('status' in caught) return refuse(actor, claims.alertId, [caught.said.code, caught.said.args ?? {}], { status: caught.status });
      alert = caught;
    }
    if (alert.state !== 'raised') return refuse(actor, claims.alertId, closedDetail(alert, {}), { status: 'closed', alert: await namedView(alert) });
    // Sent before the alert got worse (reopened): whoever clicks it has not seen the worse state, and
    // acknowledging would stop the new escalation. Not used up: the newest message carries a new link.
    if (sentBeforeWorsening(claims, alert)) {
      return refuse(actor, claims.alertId, ['ack.stale', { jti: claims.jti }], { status: 'stale', alert: toAlertView(alert), worsenedAt: alertVersion(alert) });
    }
    return { claims, person, actor, alert };
  }

  /**
   * A link for an alert merged into `c.alert`: the kept alert's own checks, with "got worse" judged against what the
   * merged alert last said (the link's version is about that alert, not this one).
   */
  async function checkKept(c: Checked, told: Alert, refuse: (who: Identity, target: string, said: Said, page: AckPage) => AckPage): Promise<Checked | AckPage> {
    const { claims, actor, alert, mergedFrom } = c;
    if (alert.state !== 'raised') return refuse(actor, alert.id, closedDetail(alert, mergedArgs(c)), { status: 'closed', alert: await namedView(alert), ...from(mergedFrom) });
    if (sentBeforeWorsening(claims, told) || worseThanTold(alert, told)) {
      return refuse(actor, alert.id, ['ack.staleCondition', { jti: claims.jti, ...mergedArgs(c) }], { status: 'stale', alert: toAlertView(alert), worsenedAt: alertVersion(alert), ...from(mergedFrom) });
    }
    return c;
  }

  /** The database away for a moment: "try again" rather than a bare server error, and nothing used up. */
  async function checkOrFail(token: string, address: string, verb: 'view' | 'confirm'): Promise<Checked | AckPage> {
    try {
      return await check(token, address, verb);
    } catch (err) {
      record(ANON, false, '', ['ack.notChecked', { verb, error: (err as Error).message.slice(0, 200) }]);
      return { status: 'failed' };
    }
  }

  return {
    async inspect(token, address) {
      const c = await checkOrFail(token, address, 'view');
      if ('status' in c) return c;
      // A mail scanner or chat preview shows up here too: it says the message arrived, not that a person read it.
      record(c.actor, true, c.alert.id, ['ack.opened', { jti: c.claims.jti, ...mergedArgs(c) }], 'ack-link:viewed');
      return { status: 'confirm', alert: toAlertView(c.alert), personName: c.person.name, via: viaFromTokenId(c.claims.jti), ...from(c.mergedFrom) };
    },
    async accept(token, address) {
      const c = await checkOrFail(token, address, 'confirm');
      if ('status' in c) return c;
      const { claims, person, actor, alert, mergedFrom } = c;
      const via = viaFromTokenId(claims.jti);
      const merged = from(mergedFrom);
      const note = mergedArgs(c);
      // Used first, acknowledged second: a link is never good twice, even if the acknowledgement then fails.
      const claimed = await deps.store.claim(claims).catch((err: Error) => {
        record(actor, false, alert.id, ['ack.notClaimed', { jti: claims.jti, error: err.message.slice(0, 200), ...note }]);
        return null;
      });
      if (claimed === null) return { status: 'failed' };
      if (!claimed) {
        record(actor, false, alert.id, ['ack.usedRace', { jti: claims.jti, ...note }]);
        return { status: 'used', usedAt: now() };
      }
      // The version the link is for (its own, else the copy it was checked against; for a merged alert's link the kept
      // copy checked): a worsening heard while the link was claimed or the action queued is refused by the hub
      // (ACTION_REFUSALS.worsened), not acknowledged unseen.
      const version = mergedFrom === undefined ? (claims.version ?? alertVersion(alert)) : alertVersion(alert);
      const result = await deps.hub.actAs(actor, { alertId: alert.id, action: 'acknowledge', via, version }, { byLink: true });
      if (result.ok) {
        record(actor, true, alert.id, ['ack.done', { via, jti: claims.jti, name: person.name, ...note }]);
        return { status: 'done', alert: toAlertView(result.event.alert), personName: person.name, via, ...merged };
      }
      const after = deps.hub.alert(alert.id);
      if (result.error === ACTION_REFUSALS.worsened && after) {
        // As check() refuses it: not used up, the newest message carries a new link.
        record(actor, false, alert.id, ['ack.staleConfirming', { jti: claims.jti, ...note }]);
        await deps.store.release(claims.jti).catch(() => undefined);
        return { status: 'stale', alert: toAlertView(after), worsenedAt: alertVersion(after), ...merged };
      }
      record(actor, false, alert.id, ['ack.failed', { error: result.error, ...note }]);
      if (after && after.state !== 'raised') return { status: 'closed', alert: await namedView(after), ...merged };
      // Nothing happened to the alert (a busy server): the link stays good for another try.
      await deps.store.release(claims.jti);
      return { status: 'failed' };
    }
  };
}

/** An audit detail as data (i18n/audit-detail.ts). */
type Said = [AuditCode, AuditArgs];

/** The audit names both alerts when a link for a merged one acts on the one it went into. */
function mergedArgs(c: Pick<Checked, 'mergedFrom'>): AuditArgs {
  return c.mergedFrom === undefined ? {} : { mergedFrom: c.mergedFrom };
}

function closedDetail(a: Alert, note: AuditArgs): Said {
  return a.state === 'resolved' ? ['ack.resolved', { by: a.resolvedBy ?? '?', ...note }] : ['ack.acknowledged', { by: a.acknowledgedBy ?? '?', ...note }];
}
