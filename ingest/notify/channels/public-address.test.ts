import { createECDH } from 'node:crypto';
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import webpush from 'web-push';
import { isPublicAddress } from './public-address';
import { createWebPushChannel, parseWebPushConfig } from './webpush';
import type { OutgoingMessage } from './types';

describe('isPublicAddress', () => {
  it('refuses loopback, private, link-local, CGNAT, multicast, reserved and mapped forms of them', () => {
    for (const ip of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', '255.255.255.255', '::1', '::', 'fd00::1', 'fe80::1', 'ff02::1', '::ffff:127.0.0.1', '::ffff:a00:1']) {
      expect(isPublicAddress(ip), ip).toBe(false);
    }
  });

  it('checks the IPv4 address an IPv6 one carries to a gateway as that address (NAT64 64:ff9b::/96, 6to4 2002::/16), refuses IPv4-compatible and other reserved IPv6', () => {
    // On an IPv6-only host with NAT64 (how such a host reaches IPv4 at all), 64:ff9b::a00:5 is 10.0.0.5.
    for (const ip of ['64:ff9b::a00:5', '64:ff9b::10.0.0.5', '64:ff9b::7f00:1', '64:ff9b::a9fe:a9fe', '2002:c0a8:101::1', '2002:7f00:1::', '::7f00:1', '::10.0.0.5', '64:ff9b:1::a00:5', 'fec0::1', '100::1']) {
      expect(isPublicAddress(ip), ip).toBe(false);
    }
    // A public IPv4 service reached through NAT64 (DNS64 answers such names) stays reachable.
    for (const ip of ['64:ff9b::808:808', '64:ff9b::8.8.8.8', '2002:808:808::1']) expect(isPublicAddress(ip), ip).toBe(true);
  });

  it('takes public IPv4 and IPv6 addresses, and nothing that is not an address', () => {
    for (const ip of ['8.8.8.8', '142.250.4.95', '172.32.0.1', '2a00:1450:4001:80b::200a', '::ffff:8.8.8.8']) expect(isPublicAddress(ip), ip).toBe(true);
    for (const text of ['localhost', '', 'fcm.googleapis.com']) expect(isPublicAddress(text), text).toBe(false);
  });
});

/**
 * A subscription any signed-in person can make (POST /api/push/subscribe takes any https endpoint) must not make
 * the notifier connect into its own host or network: a TCP listener on loopback counts the connections it gets.
 */
describe('web push endpoints that are not public', () => {
  const keys = webpush.generateVAPIDKeys();
  const env = { VAPID_PUBLIC_KEY: keys.publicKey, VAPID_PRIVATE_KEY: keys.privateKey, VAPID_SUBJECT: 'mailto:ops@bpbd.example' };
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const browser = { p256dh: ecdh.getPublicKey().toString('base64url'), auth: Buffer.alloc(16, 5).toString('base64url') };
  const message: OutgoingMessage = { personId: 'p', language: 'en', severity: 'critical', alertIds: ['a'], title: 't', body: 'b', url: 'https://pantau.example/alerts', tag: 'a' };
  let server: Server;
  let port = 0;
  let connections = 0;

  beforeAll(async () => {
    server = createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('never connects to a loopback address or a name that resolves to one, and says so without retrying', async () => {
    const channel = createWebPushChannel(parseWebPushConfig(env), { timeoutMs: 2_000 })!;
    for (const host of ['127.0.0.1', 'localhost', '[::ffff:127.0.0.1]']) {
      const result = await channel.send({ endpoint: `https://${host}:${port}/push/x`, keys: browser }, message);
      expect(result, host).toMatchObject({ ok: false, retryable: false });
      expect(result.ok ? '' : result.error).toMatch(/not a public address/);
    }
    expect(connections).toBe(0);
  });

  it('WEBPUSH_ALLOW_PRIVATE=true reaches a local push service (the tests\' own)', async () => {
    const channel = createWebPushChannel(parseWebPushConfig({ ...env, WEBPUSH_ALLOW_PRIVATE: 'true' }), { timeoutMs: 2_000 })!;
    const result = await channel.send({ endpoint: `https://127.0.0.1:${port}/push/x`, keys: browser }, message);
    expect(result).toMatchObject({ ok: false, retryable: true });
    expect(connections).toBe(1);
  });
});
