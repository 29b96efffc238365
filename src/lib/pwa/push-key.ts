/**
 * Whether this browser's push subscription is one the server sends the signed-in person's alerts to.
 * The browser keeps its subscription across logins (a shared phone), and the server may have dropped
 * or moved it (another person subscribed this browser, an admin removed the channel, the notifier
 * disabled it after a 410): a toggle that trusted the browser alone would say "on" to someone who
 * receives nothing. The page carries keys, not the endpoints (each is a capability to push to the phone).
 */

/** SHA-256 of the endpoint, hex: the same in the server (Node) and in the browser (Web Crypto; push needs a secure context). */
export async function endpointKey(endpoint: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(endpoint));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** `on` only when the browser has a subscription and the server holds it, enabled, for this person. */
export async function pushToggleState(browserEndpoint: string | null, serverKeys: readonly string[]): Promise<'on' | 'off'> {
  if (browserEndpoint === null) return 'off';
  return serverKeys.includes(await endpointKey(browserEndpoint)) ? 'on' : 'off';
}
