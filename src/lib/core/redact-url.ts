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
