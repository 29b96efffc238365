import type { AlertSeverity } from '../../../src/lib/core/alert';
import type { ChannelKind, Language, PushAddress } from '../../../src/lib/core/people';

/**
 * The channel plugin contract: one file per channel (email, telegram, whatsapp, webpush), registered in
 * channels/index.ts, all run through one contract suite (tests/contracts/channel.ts). A channel only
 * sends; choosing people, retrying, falling back and digesting are the dispatcher's.
 */

/** One message for one person, already in their language. */
export interface OutgoingMessage {
  personId: string;
  language: Language;
  severity: AlertSeverity;
  /** The alert(s) this message is about (several for a digest). */
  alertIds: string[];
  /** One line: "Siaga 2 · Gunung Lingai 215 cm". */
  title: string;
  /** Plain text body: why it fired, what to do, the alert's page, the acknowledge link. */
  body: string;
  /**
   * One short paragraph without links (why it fired, what to do), for channels that carry little text:
   * a WhatsApp template parameter, a push notification's body. Channels fall back to `body` without it.
   */
  summary?: string;
  /** The alert's page in the command center (or the responder app). */
  url: string;
  /** Signed single-use acknowledge link; absent for digests and resolved notices. */
  ackUrl?: string;
  /** Same tag = replaces the earlier notification on the phone (Web Push), e.g. the alert id. */
  tag: string;
}

export type SendResult =
  | { ok: true; providerId?: string }
  /** `retryable`: worth trying again later (network, 429, 5xx); `gone`: the address is dead (push 404/410), disable it. */
  | { ok: false; retryable: boolean; error: string; retryAfterMs?: number; gone?: boolean };

export type ChannelAddress = string | PushAddress;

export interface Channel {
  readonly kind: ChannelKind;
  /** Shape check of a stored address (an email, a chat id, E.164 digits, a push subscription): a message explaining the problem, or null. */
  checkAddress(address: unknown): string | null;
  send(address: ChannelAddress, message: OutgoingMessage, signal?: AbortSignal): Promise<SendResult>;
  close?(): Promise<void>;
}
