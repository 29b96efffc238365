import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { endpointKey, pushToggleState } from './push-key';

const mine = 'https://fcm.googleapis.com/fcm/send/abc123';
const someoneElses = 'https://updates.push.services.mozilla.com/wpush/v2/xyz';

describe('push toggle state', () => {
  it('keys an endpoint by its SHA-256, as the server computes it', async () => {
    expect(await endpointKey(mine)).toBe(createHash('sha256').update(mine).digest('hex'));
  });

  it('is on only for a browser subscription the server holds for this person', async () => {
    const server = [await endpointKey(mine)];
    expect(await pushToggleState(mine, server)).toBe('on');
    // The phone was subscribed by the person before (a shared phone), or the channel was removed: off.
    expect(await pushToggleState(someoneElses, server)).toBe('off');
    expect(await pushToggleState(mine, [])).toBe('off');
    expect(await pushToggleState(null, server)).toBe('off');
  });
});
