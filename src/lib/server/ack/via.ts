import type { AckVia } from '../../core/alert';
import { CHANNEL_KINDS, type ChannelKind } from '../../core/people';

/**
 * The notifier gives every acknowledge link a token id `<channel>.<random>` (channel = webpush, whatsapp,
 * telegram or email), so the link says which message it came in. A prefix that names no channel (an
 * older or hand-made link) still counts as a link: `link`.
 */
const CHANNELS: ReadonlySet<string> = new Set(CHANNEL_KINDS);

export function viaFromTokenId(jti: string): AckVia {
  const dot = jti.indexOf('.');
  const prefix = dot > 0 ? jti.slice(0, dot) : '';
  return CHANNELS.has(prefix) ? (prefix as ChannelKind) : 'link';
}
