/**
 * The contract every delivery channel (ingest/notify/channels) keeps, whatever provider is behind it:
 * run by tests/integration/channels.test.ts for email, Telegram, WhatsApp and Web Push against local
 * stand-ins of their providers (tests/helpers/{smtp-server,fake-telegram,fake-whatsapp,push-endpoint}.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelKind } from '../../src/lib/core/people';
import type { Channel, ChannelAddress, OutgoingMessage } from '../../ingest/notify/channels/types';

/** A delivered message as the person would see it, read back from the provider stand-in. */
export interface Delivered {
  /** Everything visible: title/subject and text, decoded and unescaped. */
  text: string;
  /** Links the person can follow (buttons, hrefs, URLs in the payload). */
  links: string[];
  /** The HTML as sent, for channels that send HTML (email, Telegram). */
  html?: string;
}

export type FailureMode = 'retryable' | 'permanent' | 'hang' | null;

export interface ChannelHarness {
  channel: Channel;
  /** A valid address at the stand-in (a new one per call where the provider has per-address state). */
  address(): ChannelAddress;
  /** Addresses checkAddress must refuse. */
  badAddresses: unknown[];
  /** What arrived so far, oldest first. */
  delivered(): Delivered[];
  /** Requests the stand-in refused for their shape (must stay empty: the channel speaks the API correctly). */
  refusedShapes(): unknown[];
  /** From now on the provider answers like this (null = normally). */
  fail(mode: FailureMode): void;
  /** The same channel's configuration pointed at a port where nothing listens. */
  unreachable: Channel;
  /** Strings that must never appear in an error text (tokens, passwords, private keys). */
  secrets: string[];
  close(): Promise<void>;
}

export const CONTRACT_TITLE = 'Sungai Karang Mumus — Siaga 2 ≥ 215 cm';
/** HTML-special characters that must arrive as text (escaped on the wire where the wire is HTML). */
export const CONTRACT_SPECIAL = `<b>Tom & "Jerry"</b> 'quoted' 5 < 7 > 3`;

export function contractMessage(over: Partial<OutgoingMessage> = {}): OutgoingMessage {
  return {
    personId: 'sari',
    language: 'id',
    severity: 'critical',
    alertIds: ['gunung-lingai:flood_level:1796536920000'],
    title: CONTRACT_TITLE,
    body: `Muka air 221 cm. ${CONTRACT_SPECIAL}\n\nLihat: https://pantau.example/alerts/gunung-lingai\n\nKonfirmasi: https://pantau.example/ack/abc.def`,
    summary: `Muka air 221 cm. ${CONTRACT_SPECIAL}`,
    url: 'https://pantau.example/alerts/gunung-lingai',
    ackUrl: 'https://pantau.example/ack/abc.def',
    tag: 'gunung-lingai:flood_level:1796536920000',
    ...over
  };
}

export function describeChannelContract(kind: ChannelKind, start: () => Promise<ChannelHarness>): void {
  describe(`channel contract: ${kind}`, () => {
    let h: ChannelHarness;
    const errors: string[] = [];
    beforeAll(async () => {
      h = await start();
    });
    afterAll(async () => {
      await h?.close();
    });

    async function sendFailing(mode: FailureMode, signal?: AbortSignal) {
      h.fail(mode);
      try {
        const result = await h.channel.send(h.address(), contractMessage(), signal);
        if (!result.ok) errors.push(result.error);
        return result;
      } finally {
        h.fail(null);
      }
    }

    it('is the kind it is registered as', () => {
      expect(h.channel.kind).toBe(kind);
    });

    it('delivers: title and non-ASCII text intact, HTML-special characters arrive as text, the acknowledge link followable', async () => {
      const before = h.delivered().length;
      const result = await h.channel.send(h.address(), contractMessage());
      expect(result).toMatchObject({ ok: true });
      const got = h.delivered().slice(before);
      expect(got).toHaveLength(1);
      expect(got[0].text).toContain(CONTRACT_TITLE);
      expect(got[0].text).toContain(CONTRACT_SPECIAL);
      expect(got[0].links).toContain('https://pantau.example/ack/abc.def');
      if (got[0].html !== undefined) {
        expect(got[0].html).not.toContain('<b>Tom');
        expect(got[0].html).toContain('&lt;b&gt;Tom &amp; ');
      }
      expect(h.refusedShapes()).toEqual([]);
    });

    it('refuses bad addresses by checkAddress and does not send to them', async () => {
      expect(h.channel.checkAddress(h.address())).toBeNull();
      for (const bad of h.badAddresses) expect(h.channel.checkAddress(bad), JSON.stringify(bad)).toEqual(expect.any(String));
      const before = h.delivered().length;
      const result = await h.channel.send(h.badAddresses[0] as ChannelAddress, contractMessage());
      expect(result).toMatchObject({ ok: false, retryable: false });
      expect(h.delivered().length).toBe(before);
    });

    it('reports a passing failure (rate limit, server trouble) as retryable', async () => {
      expect(await sendFailing('retryable')).toMatchObject({ ok: false, retryable: true, error: expect.any(String) });
    });

    it('reports a permanent failure as not retryable', async () => {
      expect(await sendFailing('permanent')).toMatchObject({ ok: false, retryable: false, error: expect.any(String) });
    });

    it('ends a request that hangs when the signal fires, as a retryable failure, and works again after', async () => {
      const result = await sendFailing('hang', AbortSignal.timeout(300));
      expect(result).toMatchObject({ ok: false, retryable: true });
      expect(result.ok ? '' : result.error).toMatch(/timed out|abort/i);
      expect(await h.channel.send(h.address(), contractMessage())).toMatchObject({ ok: true });
    });

    it('reports an unreachable provider as retryable', async () => {
      const result = await h.unreachable.send(h.address(), contractMessage(), AbortSignal.timeout(5_000));
      expect(result).toMatchObject({ ok: false, retryable: true });
      if (!result.ok) errors.push(result.error);
    });

    it('never puts a secret in an error text', () => {
      expect(errors.length).toBeGreaterThanOrEqual(3);
      for (const error of errors) for (const secret of h.secrets) expect(error).not.toContain(secret);
    });
  });
}
