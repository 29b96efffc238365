/**
 * A provider's or webhook receiver's answer, read up to a bound. fetch's res.json() / arrayBuffer() read the whole
 * body into memory: a receiver (a misconfigured proxy, a compromised endpoint) answering hundreds of megabytes
 * within the request timeout grew the notifier by as much, per delivery in flight, until it died and paging with it.
 * The answers read here are small (a Telegram message object, a WhatsApp id): past the bound the rest is cancelled
 * (the connection closes instead of going back to the pool).
 */
export const MAX_ANSWER_BYTES = 64 * 1024;

/** The body's bytes, or null when it is longer than `maxBytes` (said by its length header, or found on the way). */
export async function readCapped(res: Response, maxBytes: number = MAX_ANSWER_BYTES): Promise<Uint8Array | null> {
  const declared = Number(res.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) {
    await res.body?.cancel().catch(() => undefined);
    return null;
  }
  const reader = res.body?.getReader();
  if (!reader) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks);
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
}
