import { randomBytes } from 'node:crypto';
import type { ChannelKind } from '../../../src/lib/core/people';
import { ACK_TOKEN_TTL_MS, signAckToken } from '../../../src/lib/notify/ack-token';

/**
 * The links a message carries: the alert in the command center, and a signed single-use acknowledge
 * link whose token id starts with the channel (`email.<random>`), so the command center can say how
 * the acknowledgement came (src/lib/server/ack/via.ts reads it back).
 */
export interface LinkMaker {
  /** The alert's page; '' = the alert list (a digest). */
  alertUrl(alertId: string): string;
  /** `version`: the alert's version (core `alertVersion`) the message is about; the link is stale once the alert is newer. */
  ackUrl(alertId: string, personId: string, channel: ChannelKind, now: number, version: number): string;
}

export function createLinkMaker(publicUrl: string, ackSecret: string): LinkMaker {
  return {
    alertUrl: (alertId) => (alertId ? `${publicUrl}/alerts?alert=${encodeURIComponent(alertId)}` : `${publicUrl}/alerts`),
    ackUrl(alertId, personId, channel, now, version) {
      const jti = `${channel}.${randomBytes(12).toString('base64url')}`;
      return `${publicUrl}/ack/${signAckToken(ackSecret, { alertId, personId, exp: now + ACK_TOKEN_TTL_MS, jti, version })}`;
    }
  };
}
