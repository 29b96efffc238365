import { PantauError } from '../../core/errors';
import { readPatternEnv } from '../../schemas/env';
import { loadWebConfig } from '../config';

/** What the CAP feed says about who sends it. Read once from the environment, validated, frozen. */
export interface CapConfig {
  /** CAP `<sender>`: globally unique, no spaces, commas, `<` or `&` (CAP 1.2 §3.2.1). */
  sender: string;
  senderName: string;
  /** Public origin for feed links (behind a proxy); empty = the origin of the request. */
  publicUrl: string;
}

export function parseCapConfig(env: Record<string, string | undefined>): CapConfig {
  const sender = readPatternEnv(env, 'PANTAU_CAP_SENDER', 'pantau@samarinda.go.id', /^[^\s,<&]{1,200}$/, '1–200 characters without spaces, commas, < or &');
  const senderName = (env.PANTAU_CAP_SENDER_NAME || 'Pantau Samarinda').slice(0, 200);
  const publicUrl = (env.PANTAU_PUBLIC_URL ?? '').replace(/\/+$/, '');
  if (publicUrl && !/^https?:\/\/[^\s/]+(\/[^\s]*)?$/.test(publicUrl)) throw new PantauError('CONFIG_PANTAU_PUBLIC_URL', `PANTAU_PUBLIC_URL must be an http(s) URL, got "${publicUrl}"`);
  return Object.freeze({ sender, senderName, publicUrl });
}

/** The web process's one config (config.ts) carries the CAP settings. */
export function loadCapConfig(): CapConfig {
  return loadWebConfig().cap;
}
