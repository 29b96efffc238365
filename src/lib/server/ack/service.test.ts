import { describe, expect, it } from 'vitest';
import type { Alert } from '../../core/alert';
import { applyAlertAction } from '../../core/alert-lifecycle';
import { ACK_TOKEN_TTL_MS, signAckToken } from '../../notify/ack-token';
import type { AuditEntry } from '../auth/audit';
import { testAlert } from '../alert-fixtures';
import { performAction } from '../alert-actions';
import type { Role } from '../auth/roles';
import type { AckLinkStore, LinkPerson } from './link-store';
import { actorOf, BEHIND_GIVE_UP_MS, createAckService, sentBeforeWorsening } from './service';
import { createAlertStore } from '../alert-store';
import { catchUpAlerts } from '../alert-catch-up';
import { createKeyedBuckets } from '../rate-budget';

const SECRET = 'a-secret-of-at-least-thirty-two-characters';
const NOW = 1_000_000;
const alert = testAlert('s1:flood_level:1', 1);
const token = signAckToken(SECRET, { alertId: alert.id, personId: 'sari', exp: NOW + 60_000, jti: 'email.x1' });

/** A link store whose database is away: every call fails the way pg does when the server restarts. */
function storeDown(failOn: ReadonlySet<keyof AckLinkStore>): AckLinkStore {
  const down = () => Promise.reject(new Error('Connection terminated unexpectedly'));
  return {
    person: (id) => (failOn.has('person') ? down() : Promise.resolve({ id, name: 'Sari', active: true })),
    usedAt: () => (failOn.has('usedAt') ? down() : Promise.resolve(null)),
    claim: () => (failOn.has('claim') ? down() : Promise.resolve(true)),
    release: () => Promise.resolve()
  } as AckLinkStore;
}

function service(store: AckLinkStore) {
  const audit: AuditEntry[] = [];
  let acted = 0;
  const hub = { alert: () => alert, actAs: async () => (acted++, { ok: false as const, error: 'not in this test' }) };
  return { svc: createAckService({ secret: SECRET, store, hub, roleOf: () => undefined, audit: (e) => audit.push(e), now: () => NOW }), audit, acted: () => acted };
}

describe('acknowledge links while the database is away', () => {
  it('the page says try again (not a server error) and nothing is acknowledged', async () => {
    const { svc, audit, acted } = service(storeDown(new Set(['person'])));
    expect(await svc.inspect(token, '10.0.0.1')).toEqual({ status: 'failed' });
    expect(await svc.accept(token, '10.0.0.1')).toEqual({ status: 'failed' });
    expect(acted()).toBe(0);
    expect(audit.every((e) => !e.ok && /Connection terminated/.test(e.detail))).toBe(true);
  });

  it('a link that cannot be marked used is not acted on', async () => {
    const { svc, acted } = service(storeDown(new Set(['claim'])));
    expect(await svc.accept(token, '10.0.0.1')).toEqual({ status: 'failed' });
    expect(acted()).toBe(0);
  });
});

describe('who acknowledges by link, and with which role', () => {
  const logins = new Map<string, Role>([['budi', 'operator'], ['rina', 'responder']]);
  const roleOf = (user: string) => logins.get(user);

  /** A working store and a hub acting through the console's own permission check (performAction). */
  function withPerson(person: LinkPerson) {
    const audit: AuditEntry[] = [];
    let acted = 0;
    const store: AckLinkStore = { person: async () => person, usedAt: async () => null, claim: async () => true, release: async () => undefined };
    const act = async (_: unknown, user: string) => (acted++, { ok: true as const, event: { type: 'acknowledged' as const, at: NOW, by: user, alert: { ...alert, state: 'acknowledged' as const, acknowledgedBy: user } } });
    const hub = { alert: () => alert, actAs: (who: Parameters<typeof performAction>[0], action: unknown, o?: { byLink?: boolean }) => performAction(who, action, act, (e) => audit.push(e), o) };
    const svc = createAckService({ secret: SECRET, store, hub, roleOf, audit: (e) => audit.push(e), now: () => NOW });
    return { svc, audit, acted: () => acted };
  }

  it('acts as the login with its own role, or as person:<id> with role link without one', () => {
    expect(actorOf({ id: 'p1', name: 'Budi', user: 'budi', active: true }, roleOf)).toEqual({ user: 'budi', role: 'operator' });
    expect(actorOf({ id: 'p2', name: 'Rina', user: 'rina', active: true }, roleOf)).toEqual({ user: 'rina', role: 'responder' });
    expect(actorOf({ id: 'p3', name: 'Sari', active: true }, roleOf)).toEqual({ user: 'person:p3', role: 'link' });
    // A login since removed from the users file grants nothing of it: the person is a contact again.
    expect(actorOf({ id: 'p4', name: 'Gone', user: 'old-login', active: true }, roleOf)).toEqual({ user: 'person:p4', role: 'link' });
  });

  it('an operator, whom the console forbids to acknowledge, cannot by link either, and the link stays unused', async () => {
    const { svc, audit, acted } = withPerson({ id: 'p1', name: 'Budi', user: 'budi', active: true });
    expect(await svc.inspect(token, '10.0.0.2')).toEqual({ status: 'invalid' });
    expect(await svc.accept(token, '10.0.0.2')).toEqual({ status: 'invalid' });
    expect(acted()).toBe(0);
    expect(audit.map((e) => [e.user, e.role, e.ok, e.detail])).toEqual([
      ['budi', 'operator', false, 'view: role operator may not acknowledge'],
      ['budi', 'operator', false, 'role operator may not acknowledge']
    ]);
  });

  it('a responder acknowledges as themselves; a contact without a login as role link; the audit says so', async () => {
    for (const [person, who] of [
      [{ id: 'p2', name: 'Rina', user: 'rina', active: true }, ['rina', 'responder']],
      [{ id: 'p3', name: 'Sari', active: true }, ['person:p3', 'link']]
    ] as const) {
      const { svc, audit, acted } = withPerson(person);
      expect((await svc.accept(token, '10.0.0.3')).status).toBe('done');
      expect(acted()).toBe(1);
      const acks = audit.filter((e) => e.action === 'alert:acknowledge' || e.action === 'ack-link:accepted');
      expect(acks.map((e) => [e.user, e.role, e.ok])).toEqual([[...who, true], [...who, true]]);
    }
  });
});

describe('a link sent before the alert got worse', () => {
  it('is refused (the acknowledgement it offers was for the milder state) and stays unused', async () => {
    // The token was issued at NOW + 60 s − 24 h; the alert was reopened an hour before NOW (Siaga 3 → 2).
    const worse = { ...alert, severity: 'critical' as const, level: 2, worsenedAt: NOW - 3_600_000 };
    let claimed = 0;
    const store: AckLinkStore = { person: async (id) => ({ id, name: 'Sari', active: true }), usedAt: async () => null, claim: async () => (claimed++, true), release: async () => undefined };
    const hub = { alert: () => worse, actAs: async () => ({ ok: false as const, error: 'must not act' }) };
    const audit: AuditEntry[] = [];
    const svc = createAckService({ secret: SECRET, store, hub, roleOf: () => undefined, audit: (e) => audit.push(e), now: () => NOW });
    const page = await svc.accept(token, '10.0.0.3');
    expect(page.status).toBe('stale');
    expect(claimed).toBe(0);
    expect(audit.at(-1)?.detail).toMatch(/before the alert got worse/);
    // a link sent after the worsening is good
    const fresh = signAckToken(SECRET, { alertId: alert.id, personId: 'sari', exp: NOW - 60_000 + 24 * 3_600_000, jti: 'email.x2' });
    expect((await svc.inspect(fresh, '10.0.0.3')).status).toBe('confirm');
  });
});

describe('a link carries the alert version it was sent about', () => {
  const worsenedAt = NOW - 60_000;
  const worse: Alert = { ...alert, severity: 'critical', level: 3, worsenedAt };
  const store: AckLinkStore = { person: async (id) => ({ id, name: 'Sari', active: true }), usedAt: async () => null, claim: async () => true, release: async () => undefined };
  const svc = createAckService({ secret: SECRET, store, hub: { alert: () => worse, actAs: async () => ({ ok: false as const, error: 'x' }) }, roleOf: () => undefined, audit: () => undefined, now: () => NOW });
  // The re-page after the worsening, signed on a notifier whose clock is 30 ms behind the ingest's.
  const signed = (version: number | undefined, jti: string) =>
    signAckToken(SECRET, { alertId: alert.id, personId: 'sari', exp: worsenedAt - 25 + ACK_TOKEN_TTL_MS, jti, ...(version === undefined ? {} : { version }) });

  it('the re-page\'s link is good whatever the notifier\'s clock; one about the milder state is stale', async () => {
    // was: stale (signing time 25 ms before worsenedAt)
    expect((await svc.inspect(signed(worsenedAt, 'email.v1'), '10.0.0.5')).status).toBe('confirm');
    expect((await svc.inspect(signed(0, 'email.v2'), '10.0.0.5')).status).toBe('stale');
    expect((await svc.inspect(signed(worsenedAt - 1, 'email.v3'), '10.0.0.5')).status).toBe('stale');
  });

  it('a link signed before versions were added keeps the old rule (signed before worsenedAt: stale)', async () => {
    expect((await svc.inspect(signed(undefined, 'email.o1'), '10.0.0.5')).status).toBe('stale');
    const claims = { alertId: alert.id, personId: 'sari', exp: worsenedAt + 1 + ACK_TOKEN_TTL_MS, jti: 'email.o2' };
    expect(sentBeforeWorsening(claims, worse)).toBe(false);
    expect(sentBeforeWorsening({ ...claims, version: 0 }, alert)).toBe(false);
  });
});

describe('a worsening heard while the link is being confirmed', () => {
  it('is not acknowledged unseen: the hub refuses the version the link was checked against, the page says stale', async () => {
    let held: Alert = { ...alert, severity: 'critical', level: 2 };
    const released: string[] = [];
    // The worsening arrives while the link is claimed in Postgres (or the action waits in the hub's queue).
    const claim = async () => ((held = { ...held, level: 3, worsenedAt: NOW - 1_000, updatedAt: NOW - 1_000 }), true);
    const store: AckLinkStore = { person: async (id) => ({ id, name: 'Sari', active: true }), usedAt: async () => null, claim, release: async (jti) => void released.push(jti) };
    const act = async (action: Parameters<typeof applyAlertAction>[1], user: string) => {
      const e = applyAlertAction(held, action, user, NOW);
      if ('ok' in e) return { ok: false as const, error: e.detail };
      held = e.alert;
      return { ok: true as const, event: e };
    };
    const hub = { alert: () => held, actAs: (who: Parameters<typeof performAction>[0], action: unknown, o?: { byLink?: boolean }) => performAction(who, action, act, undefined, o) };
    const audit: AuditEntry[] = [];
    const svc = createAckService({ secret: SECRET, store, hub, roleOf: () => undefined, audit: (e) => audit.push(e), now: () => NOW });
    const page = await svc.accept(token, '10.0.0.4');
    // was: done, the alert acknowledged at level 3
    expect(page).toMatchObject({ status: 'stale', worsenedAt: NOW - 1_000, alert: { state: 'raised' } });
    expect(held).toMatchObject({ state: 'raised', level: 3 });
    expect(released).toEqual(['email.x1']);
    expect(audit.at(-1)?.detail).toMatch(/before the alert got worse/);
  });
});

describe('the per-address budget of acknowledge links', () => {
  it('counts an IPv6 host by its /64: rotating through the prefix does not buy more tries', async () => {
    const store: AckLinkStore = { person: async (id) => ({ id, name: 'Sari', active: true }), usedAt: async () => null, claim: async () => true, release: async () => undefined };
    const hub = { alert: () => alert, actAs: async () => ({ ok: false as const, error: 'not in this test' }) };
    const svc = createAckService({ secret: SECRET, store, hub, roleOf: () => undefined, audit: () => undefined, now: () => NOW, budgets: createKeyedBuckets(2, 0.001) });
    const pages = [];
    for (let i = 1; i <= 4; i++) pages.push((await svc.inspect('not-a-token', `2001:db8:1:2::${i}`)).status);
    // was: invalid ×4 (each address of the /64 had its own budget)
    expect(pages).toEqual(['invalid', 'invalid', 'busy', 'busy']);
    expect((await svc.inspect('not-a-token', '2001:db8:1:3::1')).status).toBe('invalid');
  });
});

describe('a link about a worsening this server has not heard yet', () => {
  it('says try again in a moment and stays unused, rather than acknowledging the older copy', async () => {
    // The ingest worsened the alert at W1 and the notifier re-paged with a W1 link; this hub still holds the copy before it.
    const W1 = NOW - 20_000;
    let held: Alert = { ...alert, severity: 'critical', level: 2 };
    let claimed = 0;
    const store: AckLinkStore = { person: async (id) => ({ id, name: 'Sari', active: true }), usedAt: async () => null, claim: async () => (claimed++, true), release: async () => undefined };
    const act = async (action: Parameters<typeof applyAlertAction>[1], user: string) => {
      const e = applyAlertAction(held, action, user, NOW);
      if ('ok' in e) return { ok: false as const, error: e.detail };
      held = e.alert;
      return { ok: true as const, event: e };
    };
    const hub = { alert: () => held, actAs: (who: Parameters<typeof performAction>[0], action: unknown, o?: { byLink?: boolean }) => performAction(who, action, act, undefined, o) };
    const audit: AuditEntry[] = [];
    const svc = createAckService({ secret: SECRET, store, hub, roleOf: () => undefined, audit: (e) => audit.push(e), now: () => NOW });
    const link = signAckToken(SECRET, { alertId: alert.id, personId: 'sari', exp: NOW + ACK_TOKEN_TTL_MS, jti: 'email.b1', version: W1 });
    expect(await svc.inspect(link, '10.0.0.6')).toEqual({ status: 'behind' });
    // was: done, the hub's level-2 copy acknowledged (which the ingest's merge then refuses), the link used up
    expect(await svc.accept(link, '10.0.0.6')).toEqual({ status: 'behind' });
    expect(claimed).toBe(0);
    expect(held.state).toBe('raised');
    expect(audit.at(-1)).toMatchObject({ ok: false, user: 'person:sari' });
    // Once the worsening reaches this server, the same link acknowledges.
    held = { ...held, level: 3, worsenedAt: W1, updatedAt: W1 };
    expect(await svc.accept(link, '10.0.0.6')).toMatchObject({ status: 'done', alert: { state: 'acknowledged' } });
    expect(claimed).toBe(1);
  });
});

describe('a link about a worsening this server has not heard, on a copy acknowledged here', () => {
  // The hub missed W1; an operator acknowledged its old copy on the console (the ingest refused it: older version; the
  // notifier ignored it, so paging goes on). The backup, paged with a W1 link, opens it.
  const W1 = NOW - 60_000;
  const page = async (held: Alert) => {
    const store: AckLinkStore = { person: async (id) => ({ id, name: 'Budi', active: true }), usedAt: async () => null, claim: async () => true, release: async () => undefined };
    const hub = { alert: () => held, actAs: async () => ({ ok: false as const, error: 'not in this test' }) };
    const svc = createAckService({ secret: SECRET, store, hub, roleOf: () => undefined, audit: () => undefined, now: () => NOW });
    const link = signAckToken(SECRET, { alertId: alert.id, personId: 'budi', exp: NOW + ACK_TOKEN_TTL_MS, jti: 'email.c1', version: W1 });
    return [await svc.inspect(link, '10.0.0.7'), await svc.accept(link, '10.0.0.7')];
  };

  it('says behind, not "already acknowledged by operator1"', async () => {
    const acked = applyAlertAction({ ...alert, severity: 'critical', level: 2 }, { alertId: alert.id, action: 'acknowledge', version: 0 }, 'operator1', NOW - 30_000);
    if ('ok' in acked) throw new Error(`console acknowledgement refused: ${acked.detail}`);
    // was: closed, acknowledged by operator1 (both verbs)
    expect(await page(acked.alert)).toEqual([{ status: 'behind' }, { status: 'behind' }]);
  });

  it('a resolved copy is closed whatever the link\'s version', async () => {
    const resolved: Alert = { ...alert, state: 'resolved', resolvedBy: 'operator1', resolvedAt: NOW - 1_000 };
    expect((await page(resolved)).map((p) => p.status)).toEqual(['closed', 'closed']);
  });
});

describe('a link still ahead of this server: one alert read back from the stored events', () => {
  // The hub's store is real and is caught up by the catch-up's own function (catchUpAlerts) from `stored`, which stands
  // for InfluxDB's alert events (the read itself: tests/integration/ack-refresh.test.ts).
  function bed(linkVersion: number, stored: Alert[], reachable = true) {
    const store = createAlertStore();
    const old: Alert = { ...alert, severity: 'critical', level: 2 };
    store.apply({ type: 'raised', at: old.raisedAt, by: 'ingest', alert: old }, NOW);
    const acked = applyAlertAction(old, { alertId: alert.id, action: 'acknowledge', version: 0 }, 'operator1', NOW - 30_000);
    if ('ok' in acked) throw new Error(acked.detail);
    store.apply(acked, NOW);
    let reads = 0;
    let claimed = 0;
    const refreshAlert = async (id: string) => {
      reads++;
      if (!reachable) throw new Error('timeout of 3000ms exceeded');
      catchUpAlerts(store, stored.map((a) => ({ type: 'escalated' as const, at: a.updatedAt, by: 'ingest', alert: a })), NOW);
      return store.get(id);
    };
    const act = async (action: Parameters<typeof applyAlertAction>[1], user: string) => {
      const e = applyAlertAction(store.get(alert.id)!, action, user, NOW);
      if ('ok' in e) return { ok: false as const, error: e.detail };
      store.apply(e, NOW);
      return { ok: true as const, event: e };
    };
    const hub = { alert: (id: string) => store.get(id), refreshAlert, actAs: (who: Parameters<typeof performAction>[0], action: unknown, o?: { byLink?: boolean }) => performAction(who, action, act, undefined, o) };
    const links: AckLinkStore = { person: async (id) => ({ id, name: 'Budi', active: true }), usedAt: async () => null, claim: async () => (claimed++, true), release: async () => undefined };
    const audit: AuditEntry[] = [];
    const svc = createAckService({ secret: SECRET, store: links, hub, roleOf: () => undefined, audit: (e) => audit.push(e), now: () => NOW });
    const link = signAckToken(SECRET, { alertId: alert.id, personId: 'budi', exp: NOW + ACK_TOKEN_TTL_MS, jti: `sms.${linkVersion}`, version: linkVersion });
    return { svc, link, store, audit, reads: () => reads, claimed: () => claimed };
  }
  const worsened = (at: number): Alert => ({ ...alert, severity: 'critical', level: 3, worsenedAt: at, updatedAt: at });

  it('the worsening found in the store is taken in (walls too) and the link acknowledges it', async () => {
    const W1 = NOW - 2 * BEHIND_GIVE_UP_MS;
    const b = bed(W1, [worsened(W1)]);
    // was: behind (a day of "try again": the hub never hears W1 without an MQTT resubscribe)
    expect(await b.svc.inspect(b.link, '10.0.0.8')).toMatchObject({ status: 'confirm', alert: { state: 'raised' } });
    expect(b.store.get(alert.id)).toMatchObject({ level: 3, worsenedAt: W1, state: 'raised' });
    expect(b.store.since(0)?.at(-1)).toMatchObject({ type: 'escalated', alert: { worsenedAt: W1 } });
    expect(await b.svc.accept(b.link, '10.0.0.8')).toMatchObject({ status: 'done', alert: { state: 'acknowledged', acknowledgedBy: 'person:budi' } });
    expect([b.reads(), b.claimed()]).toEqual([1, 1]);
    expect(b.store.get(alert.id)).toMatchObject({ state: 'acknowledged', level: 3, acknowledgedBy: 'person:budi' });
  });

  it('not stored yet: try again while the worsening is fresh, call the command center once it is not', async () => {
    const fresh = bed(NOW - 60_000, []);
    expect(await fresh.svc.inspect(fresh.link, '10.0.0.9')).toEqual({ status: 'behind' });
    const old = bed(NOW - BEHIND_GIVE_UP_MS - 1, []);
    // was: behind (the link stays 'try again' until it expires, a day)
    expect(await old.svc.inspect(old.link, '10.0.0.9')).toEqual({ status: 'failed' });
    expect(await old.svc.accept(old.link, '10.0.0.9')).toEqual({ status: 'failed' });
    expect(old.audit.at(-1)).toMatchObject({ ok: false, detail: expect.stringMatching(/read back from InfluxDB.*call the command center/) });
    expect([old.claimed(), old.store.get(alert.id)?.acknowledgedBy]).toEqual([0, 'operator1']);
  });

  it('InfluxDB not answering: try again whatever the age (a backup or lead page carries a version 10-20 min old), the reason audited', async () => {
    const fresh = bed(NOW - 60_000, [], false);
    expect(await fresh.svc.accept(fresh.link, '10.0.0.10')).toEqual({ status: 'behind' });
    // The backup's page, sent 10 min after the worsening it carries: was 'failed' (counted from the worsening).
    const old = bed(NOW - 10 * 60_000, [], false);
    expect(await old.svc.inspect(old.link, '10.0.0.10')).toEqual({ status: 'behind' });
    expect(await old.svc.accept(old.link, '10.0.0.10')).toEqual({ status: 'behind' });
    expect(old.audit.at(-1)?.detail).toMatch(/not read back: timeout of 3000ms exceeded/);
    expect(old.audit.at(-1)?.detail).not.toMatch(/call the command center/);
    expect([fresh.claimed(), old.claimed()]).toEqual([0, 0]);
  });
});
