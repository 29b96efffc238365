import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ACK_SECRET_MIN_CHARS } from '../../src/lib/notify/ack-token';
import { loadOrCreateVapidKeys } from '../vapid-keys';

/**
 * What npm start hands the web and the notifier so delivery to people works with no setup: the secret
 * that signs acknowledge links (both must hold the same) and the Web Push key pair (the web gives the
 * public key to the responder app, the notifier signs with the private one). Made once under the data
 * dir, readable by the owner only, and reused: a new secret would break links already sent, a new key
 * pair every push subscription. Values the operator set in the environment win.
 */
export function ensurePeopleDeliveryEnv(dataDir: string, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const dir = path.join(dataDir, 'notify');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const out: NodeJS.ProcessEnv = {};
  if (!env.PANTAU_ACK_SECRET) out.PANTAU_ACK_SECRET = loadOrCreateSecret(path.join(dir, 'ack-secret'));
  if (!env.VAPID_PUBLIC_KEY && !env.VAPID_PRIVATE_KEY) {
    const keys = loadOrCreateVapidKeys(path.join(dir, 'vapid.env'));
    out.VAPID_PUBLIC_KEY = keys.publicKey;
    out.VAPID_PRIVATE_KEY = keys.privateKey;
    // Push services want a contact for the sender; a local run has none better than this.
    if (!env.VAPID_SUBJECT) out.VAPID_SUBJECT = 'mailto:pantau@localhost.localdomain';
  }
  return out;
}

function loadOrCreateSecret(file: string): string {
  if (existsSync(file)) {
    const secret = readFileSync(file, 'utf8').trim();
    if (secret.length >= ACK_SECRET_MIN_CHARS) return secret;
  }
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
