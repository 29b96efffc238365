/**
 * VAPID keys for Web Push (RFC 8292): the P-256 key pair the notifier signs pushes with; browsers
 * subscribe with the public key, so it must stay the same for as long as subscriptions should work.
 *
 *   npm run vapid-keys                      prints a new pair as env lines (VAPID_PUBLIC_KEY=…, VAPID_PRIVATE_KEY=…)
 *   npm run vapid-keys -- --write <file>    writes a new pair to <file> (mode 0600, an EnvironmentFile for
 *                                           systemd) unless it exists; prints only the public key
 *
 * `loadOrCreateVapidKeys(file)` is what a launcher (npm start) may call to make the pair once in its data
 * dir and pass it on as VAPID_PUBLIC_KEY / VAPID_PRIVATE_KEY; VAPID_SUBJECT is the operator's contact.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import webpush from 'web-push';

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
}

export function formatVapidEnv(keys: VapidKeys): string {
  return `VAPID_PUBLIC_KEY=${keys.publicKey}\nVAPID_PRIVATE_KEY=${keys.privateKey}\n`;
}

/** The pair in an env file written by this script; null when either line is missing. */
export function parseVapidEnv(text: string): VapidKeys | null {
  const publicKey = /^VAPID_PUBLIC_KEY=([A-Za-z0-9_-]+)$/m.exec(text)?.[1];
  const privateKey = /^VAPID_PRIVATE_KEY=([A-Za-z0-9_-]+)$/m.exec(text)?.[1];
  return publicKey && privateKey ? { publicKey, privateKey } : null;
}

/** Reads the pair from `file`, or makes one and writes it there readable by its owner only. */
export function loadOrCreateVapidKeys(file: string): VapidKeys {
  if (existsSync(file)) {
    const keys = parseVapidEnv(readFileSync(file, 'utf8'));
    if (!keys) throw new Error(`${file} exists but does not hold VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY lines`);
    return keys;
  }
  const keys = webpush.generateVAPIDKeys();
  mkdirSync(path.dirname(file), { recursive: true });
  // 'wx': never overwrite a pair another process wrote in between (subscriptions depend on it).
  writeFileSync(file, formatVapidEnv(keys), { mode: 0o600, flag: 'wx' });
  return keys;
}

function main(argv: string[]): void {
  const at = argv.indexOf('--write');
  if (at < 0) {
    process.stdout.write(formatVapidEnv(webpush.generateVAPIDKeys()));
    return;
  }
  const file = argv[at + 1];
  if (!file) throw new Error('--write needs a file name');
  const existed = existsSync(file);
  const keys = loadOrCreateVapidKeys(path.resolve(file));
  console.error(existed ? `${file} exists: kept its key pair` : `wrote a new key pair to ${file} (mode 0600)`);
  console.log(`VAPID_PUBLIC_KEY=${keys.publicKey}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  try {
    main(process.argv.slice(2));
  } catch (err) {
    console.error(`vapid-keys failed: ${(err as Error).message}`);
    process.exit(1);
  }
}
