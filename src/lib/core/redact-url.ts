/**
 * A connection URL without its password, for logs: `mqtt://user:pass@host` and `redis://:pass@host` both
 * work, so a URL from the environment may carry one (MQTT_URL is treated as secret in config errors too).
 * The user info runs to the last `@` before the path, as mqtt.js (url.parse) and URL read it: a user name
 * like `ops@example.org` or a password with a raw `@` would otherwise leave the password, or its end, in the
 * log. Everything after the first `:` is hidden (mqtt.js splits at the last one, URL at the first).
 */
export function redactUrl(url: string): string {
  return url.replace(/^([^:/?#]*:\/\/)([^/?#]*)@/, (whole, scheme: string, userInfo: string) => {
    const colon = userInfo.indexOf(':');
    return colon < 0 ? whole : `${scheme}${userInfo.slice(0, colon)}:***@`;
  });
}

/**
 * A webhook's URL as logs, stats, the notifier's MQTT status and scripts show it: the origin, the first path
 * segment when it is a plain word with more path after it (`/services`, `/api`: it names the kind of receiver, never a
 * token; a lone last segment is the receiver itself, ntfy.sh/<topic>, and may be all its secret), and a short
 * fingerprint of the whole URL so an operator can tell two webhooks on one host apart and match one to its
 * configuration. A receiver's token often is its path (Slack's /services/T…/B…/<token>, Discord's
 * /api/webhooks/<id>/<token>, webhook.site/<uuid>) or its query, so neither is shown; nor is user info (`origin`
 * has none). 32 bits of a non-cryptographic hash: enough to tell a handful apart, and no way back to a token that
 * has far more bits. Not a URL (a broken entry): the fingerprint alone.
 */
export function webhookName(url: string): string {
  const tag = `#${fnv1a(url).toString(16).padStart(8, '0')}`;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `(not a URL) ${tag}`;
  }
  // an opaque origin ('null': mailto:, a host-less scheme) says nothing; its text may be the secret
  if (parsed.origin === 'null') return `(not a URL) ${tag}`;
  // only when another segment follows: a last one is the receiver itself (ntfy.sh/<topic>, whose topic is its password)
  const [, first = '', next = ''] = parsed.pathname.split('/');
  const shown = next !== '' && PLAIN_SEGMENT.test(first) ? `/${first}` : '';
  const more = parsed.pathname.length > Math.max(1, shown.length) || parsed.search !== '';
  return `${parsed.origin}${shown}${more ? '/…' : ''} ${tag}`;
}

/** A path segment that names a kind of endpoint: letters, `-` and `_`, short; digits or length may be an id or token. */
const PLAIN_SEGMENT = /^[A-Za-z][A-Za-z_-]{0,23}$/;

/** FNV-1a over the UTF-16 units: small, pure, the same in Node and the browser. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}
