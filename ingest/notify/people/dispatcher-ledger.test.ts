import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { abortableSleep } from './dispatcher';

describe('dispatcher and send ledger', () => {
  it('a sleep that ends by itself leaves no listener on the long-lived signal', async () => {
    const abort = new AbortController();
    for (let i = 0; i < 20; i++) await abortableSleep(0, abort.signal);
    expect(getEventListeners(abort.signal, 'abort')).toHaveLength(0);
    const cut = abortableSleep(60_000, abort.signal);
    abort.abort();
    await cut;
  });
});
