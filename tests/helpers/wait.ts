export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
  /** Names the condition in the timeout error; defaults to the function's source text. */
  what?: string;
}

type Check<T> = () => T | Promise<T>;

/**
 * Poll `fn` until it returns a truthy value and return that value. On timeout the error says what
 * never happened (opts.what, or the function's source) and the last error `fn` threw, if any.
 * Also callable as waitFor('what', fn, opts).
 */
export async function waitFor<T>(fn: Check<T>, opts?: WaitOptions): Promise<NonNullable<T>>;
export async function waitFor<T>(what: string, fn: Check<T>, opts?: WaitOptions): Promise<NonNullable<T>>;
export async function waitFor<T>(a: Check<T> | string, b?: Check<T> | WaitOptions, c?: WaitOptions): Promise<NonNullable<T>> {
  const fn = (typeof a === 'string' ? b : a) as Check<T>;
  const opts = (typeof a === 'string' ? c : (b as WaitOptions | undefined)) ?? {};
  const what = typeof a === 'string' ? a : (opts.what ?? describe(fn));
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const intervalMs = opts.intervalMs ?? 50;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await fn();
      if (value) return value as NonNullable<T>;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadline) {
      const why = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${why}`);
    }
    await sleep(intervalMs);
  }
}

function describe(fn: Check<unknown>): string {
  const src = fn.toString().replace(/\s+/g, ' ');
  return src.length > 120 ? src.slice(0, 117) + '...' : src;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
