import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseNotifyConfig } from '../../ingest/notify/config';
import { parseWebPushConfig } from '../../ingest/notify/channels/webpush';
import { ensurePeopleDeliveryEnv } from './people-delivery';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('npm start: people delivery secrets', () => {
  it('makes the ack secret and the VAPID pair once, owner-only, and reuses them; the notifier accepts them', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pantau-people-env-'));
    dirs.push(dir);
    const first = ensurePeopleDeliveryEnv(dir, {});
    const again = ensurePeopleDeliveryEnv(dir, {});
    expect(again).toEqual(first);
    for (const f of ['ack-secret', 'vapid.env']) expect(statSync(path.join(dir, 'notify', f)).mode & 0o077).toBe(0);
    expect(parseWebPushConfig(first)).not.toBeNull();
    const config = parseNotifyConfig({ ...first, DATABASE_URL: 'postgres://u:p@127.0.0.1/pantau', PANTAU_PUBLIC_URL: 'http://127.0.0.1:3000' }, () => '[]');
    expect(config.people?.ackSecret).toBe(first.PANTAU_ACK_SECRET);
  });

  it('leaves what the operator set alone', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pantau-people-env-'));
    dirs.push(dir);
    expect(ensurePeopleDeliveryEnv(dir, { PANTAU_ACK_SECRET: 'x'.repeat(40), VAPID_PUBLIC_KEY: 'k', VAPID_PRIVATE_KEY: 'p' })).toEqual({});
  });
});
