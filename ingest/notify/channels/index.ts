import type { Agent } from 'node:https';
import type { ChannelKind } from '../../../src/lib/core/people';
import { readIntEnv } from '../../../src/lib/schemas/env';
import { createEmailChannel, parseEmailConfig, type EmailConfig } from './email';
import { createTelegramChannel, parseTelegramConfig, type TelegramConfig } from './telegram';
import type { Channel } from './types';
import { createWebPushChannel, parseWebPushConfig, type WebPushConfig } from './webpush';
import { createWhatsAppChannel, parseWhatsAppConfig, type WhatsAppConfig } from './whatsapp';

/**
 * The channel registry: kind → how to read its configuration and how to build it. A channel whose
 * variables are all absent is off (its config is null, its factory returns null); one with some but not
 * all is a CONFIG_<VARIABLE> error at start, naming what is missing. Secrets stay inside the configs:
 * `describeChannels` prints which channels are on and their hosts only.
 */

export interface ChannelsConfig {
  email: EmailConfig | null;
  telegram: TelegramConfig | null;
  whatsapp: WhatsAppConfig | null;
  webpush: WebPushConfig | null;
  /** One provider request may take this long (CHANNEL_TIMEOUT_MS) before it counts as a retryable failure. */
  timeoutMs: number;
}

export interface ChannelDeps {
  /** Web Push only, tests only: an https.Agent trusting a local push endpoint's self-signed certificate. */
  pushAgent?: Agent;
}

type Env = Record<string, string | undefined>;

interface ChannelPlugin<C> {
  parse(env: Env): C | null;
  create(config: C | null, deps: { timeoutMs: number; agent?: Agent }): Channel | null;
  /** Where it sends, for the start-up log: a host, never a credential. */
  describe(config: C): string;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '?';
  }
}

export const CHANNEL_PLUGINS: { readonly [K in ChannelKind]: ChannelPlugin<NonNullable<ChannelsConfig[K]>> } = {
  webpush: { parse: parseWebPushConfig, create: createWebPushChannel, describe: (c) => `VAPID ${c.publicKey.slice(0, 8)}…, contact at ${c.subject.startsWith('mailto:') ? c.subject.slice(c.subject.indexOf('@') + 1) : hostOf(c.subject)}` },
  whatsapp: { parse: parseWhatsAppConfig, create: createWhatsAppChannel, describe: (c) => `${hostOf(c.apiUrl)}, template ${c.template}` },
  telegram: { parse: parseTelegramConfig, create: createTelegramChannel, describe: (c) => hostOf(c.apiUrl) },
  email: { parse: parseEmailConfig, create: createEmailChannel, describe: (c) => `${c.host}:${c.port}${c.secure ? ' (TLS)' : ''}` }
};

const KINDS = Object.keys(CHANNEL_PLUGINS) as ChannelKind[];

/** Reads every channel's variables once; the result is frozen (nested configs too). */
export function parseChannelsConfig(env: Env): Readonly<ChannelsConfig> {
  const config = {
    email: parseEmailConfig(env),
    telegram: parseTelegramConfig(env),
    whatsapp: parseWhatsAppConfig(env),
    webpush: parseWebPushConfig(env),
    timeoutMs: readIntEnv(env, 'CHANNEL_TIMEOUT_MS', 10_000, 100, 120_000)
  };
  for (const kind of KINDS) if (config[kind]) Object.freeze(config[kind]);
  return Object.freeze(config);
}

/** "channels: webpush on (…), whatsapp off, telegram on (api.telegram.org), email on (smtp.example.org:587)". */
export function describeChannels(config: ChannelsConfig): string {
  const parts = KINDS.map((kind) => {
    const c = config[kind];
    return c ? `${kind} on (${(CHANNEL_PLUGINS[kind] as ChannelPlugin<typeof c>).describe(c)})` : `${kind} off`;
  });
  return `channels: ${parts.join(', ')}`;
}

/** The channels that are on, by kind. */
export function createChannels(config: ChannelsConfig, deps: ChannelDeps = {}): ReadonlyMap<ChannelKind, Channel> {
  const channels = new Map<ChannelKind, Channel>();
  for (const kind of KINDS) {
    const plugin = CHANNEL_PLUGINS[kind] as ChannelPlugin<unknown>;
    const channel = plugin.create(config[kind], { timeoutMs: config.timeoutMs, agent: deps.pushAgent });
    if (channel) channels.set(kind, channel);
  }
  return channels;
}

export type { Channel, OutgoingMessage, SendResult, ChannelAddress } from './types';
