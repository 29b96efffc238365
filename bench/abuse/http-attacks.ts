/**
 * bench:abuse's HTTP attacks on the command center: the login flood (static file latency against a
 * baseline taken in the same run), a named responder locked out from a proxy address, a cookie used
 * after logout, anonymous forbidden actions filling the audit log, `next` with control characters and
 * an Origin with the wrong scheme. Each bounded in count and time, all to 127.0.0.1.
 */
import { percentile, sleep } from '../lib/proc';
import { proxied, type AbuseStack } from './stack';
import { connect, login } from './watch';

export interface AttackResult {
  achieved: string;
  /** True when the attack achieved nothing (the goal). */
  nothing: boolean;
}

const STATIC_PATH = '/_app/version.json';
const STATIC_SAMPLES = 40;
const LOGIN_FLOOD = 256;
const WRONG_PASSWORDS = 8;
const FORBIDDEN_ACTIONS = 150;

async function timedGet(url: string): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(url, { headers: proxied('192.0.2.40'), signal: AbortSignal.timeout(20_000) }).catch(() => null);
  await res?.arrayBuffer();
  return performance.now() - t0;
}

async function staticLatencies(base: string, until: () => boolean): Promise<number[]> {
  const out: number[] = [];
  while (out.length < STATIC_SAMPLES && !until()) out.push(await timedGet(`${base}${STATIC_PATH}`));
  return out.sort((a, b) => a - b);
}

/** 256 logins with made-up names at once, each from its own address; static files timed meanwhile. */
export async function loginFlood(s: AbuseStack): Promise<AttackResult> {
  const baseline = await staticLatencies(s.base, () => false);
  let settled = false;
  const statuses = new Map<string, number>();
  const flood = Promise.all(Array.from({ length: LOGIN_FLOOD }, async (_, i) => {
    const res = await fetch(`${s.base}/api/auth/login`, {
      method: 'POST', headers: proxied(`10.55.${i >> 8}.${i & 255}`, { 'content-type': 'application/json', origin: s.base }),
      body: JSON.stringify({ user: `made-up-${i}-${Date.now()}`, password: 'guess-guess-guess' }), signal: AbortSignal.timeout(30_000)
    }).catch(() => null);
    const key = res ? String(res.status) : 'error';
    await res?.text();
    statuses.set(key, (statuses.get(key) ?? 0) + 1);
  })).finally(() => (settled = true));
  const during = await staticLatencies(s.base, () => settled);
  await flood;
  const p = (xs: number[], q: number) => percentile(xs, q);
  const ratio = p(during, 95) / p(baseline, 95);
  const errors = [...statuses].filter(([k]) => k === 'error' || Number(k) >= 500).reduce((a, [, n]) => a + n, 0);
  const tally = [...statuses].sort().map(([k, n]) => `${n}×${k}`).join(' ');
  return {
    achieved: `logins ${tally}; static p50/p95 ${p(during, 50).toFixed(1)}/${p(during, 95).toFixed(1)} ms during (${during.length} samples) vs ${p(baseline, 50).toFixed(1)}/${p(baseline, 95).toFixed(1)} ms before: ×${ratio.toFixed(1)} at p95`,
    // Goal: no 5xx, and static files within 10× their own p95 before the flood (or 100 ms, on a fast machine's tiny baseline).
    nothing: errors === 0 && (during.length === 0 || p(during, 95) <= Math.max(10 * p(baseline, 95), 100))
  };
}

/** Wrong passwords for sari from one address (everyone's, behind a proxy without ADDRESS_HEADER), then sari from hers. */
export async function lockout(s: AbuseStack): Promise<AttackResult> {
  const wrong: number[] = [];
  for (let i = 0; i < WRONG_PASSWORDS; i++) wrong.push((await login(s.base, '203.0.113.66', 'sari', `wrong-${i}`)).status);
  const real = await login(s.base, '198.51.100.7', 'sari', s.passwords.sari);
  return { achieved: `${WRONG_PASSWORDS} wrong: ${wrong.join(',')}; then sari from another address: ${real.status === 200 ? '200, signed in' : `${real.status}, LOCKED OUT`}`, nothing: real.status === 200 };
}

/** Log out, then use a copy of the cookie for /api/auth/me and for an alert action. */
export async function logoutReuse(s: AbuseStack, alertId: string): Promise<AttackResult> {
  const from = '198.51.100.8';
  const { cookie } = await login(s.base, from, 'sari', s.passwords.sari);
  if (!cookie) return { achieved: 'could not log in to start', nothing: false };
  const out = await fetch(`${s.base}/logout`, { method: 'POST', redirect: 'manual', headers: proxied(from, { cookie, origin: s.base, 'content-type': 'application/x-www-form-urlencoded' }) });
  const me = (await (await fetch(`${s.base}/api/auth/me`, { headers: proxied(from, { cookie }) })).json()) as { user?: string };
  const act = await fetch(`${s.base}/api/alerts/${encodeURIComponent(alertId)}/actions`, {
    method: 'POST', headers: proxied(from, { cookie, origin: s.base, 'content-type': 'application/json' }), body: JSON.stringify({ action: 'comment', text: 'after logout' })
  });
  const works = me.user === 'sari' || act.ok;
  return { achieved: `logout ${out.status}; the old cookie then: /api/auth/me → ${me.user ?? 'nobody'}, action → ${act.status}`, nothing: !works };
}

const auditRows = (s: AbuseStack) => s.influxSelect('SELECT * FROM "events"."audit"');

/** Anonymous forbidden actions with attacker text, over Socket.IO and HTTP; then the audit log is counted. */
export async function auditSpam(s: AbuseStack): Promise<AttackResult> {
  const rows0 = await auditRows(s);
  const before = rows0.length;
  const sari0 = rows0.filter((r) => r.user === 'sari').length;
  const text = '<b>EVIL</b> forged audit text';
  const sock = await connect(s.base, '198.51.100.50');
  const viaSocket = sock.snapshot
    ? Promise.all(Array.from({ length: FORBIDDEN_ACTIONS }, (_, i) => sock.client.timeout(5000).emitWithAck('alert:action', { alertId: `EVIL-${i}`, action: 'resolve', text }).catch(() => null)))
    : Promise.resolve([]);
  const viaHttp = Promise.all(Array.from({ length: FORBIDDEN_ACTIONS }, (_, i) =>
    fetch(`${s.base}/api/alerts/EVIL-${i}/actions`, { method: 'POST', headers: proxied('198.51.100.51', { origin: s.base, 'content-type': 'application/json' }), body: JSON.stringify({ action: 'comment', text }), signal: AbortSignal.timeout(10_000) })
      .then((r) => r.status, () => 0)
  ));
  const [socketReplies, httpStatuses] = await Promise.all([viaSocket, viaHttp]);
  sock.client.close();
  await sleep(3000); // the audit log writes in batches
  const rows = await auditRows(s);
  const evil = rows.filter((r) => JSON.stringify(r).includes('EVIL')).length;
  // The responder acts during every attack: her entries must keep coming while anonymous ones are summarised.
  const sari = rows.filter((r) => r.user === 'sari').length;
  const accepted = socketReplies.filter((r) => r?.ok).length + httpStatuses.filter((st) => st >= 200 && st < 300).length;
  return {
    achieved: `${2 * FORBIDDEN_ACTIONS} refused (${accepted} accepted); audit entries ${before} → ${rows.length}, ${evil} with the attacker's text; sari's own ${sari0} → ${sari}`,
    nothing: accepted === 0 && evil === 0 && rows.length - before <= 10 && sari > sari0
  };
}

/** The login form's `next` with control characters and foreign targets. */
export async function nextControl(s: AbuseStack): Promise<AttackResult> {
  const out: string[] = [];
  for (const next of ['/\t/evil.example', '/a\r\nSet-Cookie: x=1', '//evil.example', '/\\evil.example']) {
    const res = await fetch(`${s.base}/login`, {
      method: 'POST', redirect: 'manual',
      headers: proxied('198.51.100.60', { 'content-type': 'application/x-www-form-urlencoded', origin: s.base, accept: 'text/html' }),
      body: new URLSearchParams({ user: 'budi', password: s.passwords.budi, next })
    });
    await res.text();
    out.push(`${res.status} → ${JSON.stringify(res.headers.get('location'))}`);
  }
  const page = await (await fetch(`${s.base}/login?next=${encodeURIComponent('/\t/evil.example')}`, { headers: proxied('198.51.100.60') })).text();
  const escaped = out.some((o) => !o.endsWith('"/"')) || page.includes('evil.example');
  return { achieved: `${[...new Set(out)].join('; ')}; login page names evil.example: ${page.includes('evil.example') ? 'yes' : 'no'}`, nothing: !escaped };
}

/** The right password, but an Origin with the wrong scheme (https for an http command center). */
export async function originScheme(s: AbuseStack): Promise<AttackResult> {
  const https = s.base.replace('http://', 'https://');
  const res = await fetch(`${s.base}/api/auth/login`, {
    method: 'POST', headers: proxied('198.51.100.70', { 'content-type': 'application/json', origin: https }), body: JSON.stringify({ user: 'budi', password: s.passwords.budi })
  });
  await res.text();
  const sock = await connect(s.base, '198.51.100.71', { origin: https });
  sock.client.close();
  return { achieved: `login with Origin ${https}: ${res.status}; socket: ${sock.snapshot ? 'CONNECTED' : `refused (${sock.refused})`}`, nothing: res.status === 403 && !sock.snapshot };
}
