/**
 * A connection URL without its password, for logs: `mqtt://user:pass@host` and `redis://:pass@host` both
 * work, so a URL from the environment may carry one (MQTT_URL is treated as secret in config errors too).
 */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}
