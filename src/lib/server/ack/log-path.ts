/**
 * A request path as it may be written to a log. An acknowledge link's path carries its token, which is
 * the credential (server/ack/service.ts): a log line naming it would let whoever reads the log
 * acknowledge as the person the link was sent to, for as long as the link is unused.
 */
const ACK_PATH = /^\/ack\/[^/]+/;

export function loggablePath(pathname: string): string {
  return pathname.replace(ACK_PATH, '/ack/<token>').slice(0, 200);
}
