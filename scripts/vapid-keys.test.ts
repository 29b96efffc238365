import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseWebPushConfig } from '../ingest/notify/channels/webpush';
import { loadOrCreateVapidKeys, parseVapidEnv } from './vapid-keys';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('loadOrCreateVapidKeys', () => {
  it('makes a pair once, owner-only, that the web push config accepts, and keeps it after', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pantau-vapid-'));
    dirs.push(dir);
    const file = path.join(dir, 'sub', 'vapid.env');
    const first = loadOrCreateVapidKeys(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadOrCreateVapidKeys(file)).toEqual(first);
    expect(parseVapidEnv(readFileSync(file, 'utf8'))).toEqual(first);
    const config = parseWebPushConfig({ VAPID_PUBLIC_KEY: first.publicKey, VAPID_PRIVATE_KEY: first.privateKey, VAPID_SUBJECT: 'mailto:ops@bpbd.example' });
    expect(config).toMatchObject({ publicKey: first.publicKey });
  });
});
