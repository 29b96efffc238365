import type { Browser } from 'playwright-core';
import { PantauError } from '../../core/errors';

/**
 * PDFs printed by Chromium (playwright-core and the system's chromium) from a report's HTML:
 * one render at a time, a few more may wait, the rest are told "busy"; each render has a timeout
 * after which its browser is closed; finished periods are cached (they cannot change), others for
 * a few minutes.
 */
export const PDF_WAITING_MAX = 2;
export const PDF_CACHE_ENTRIES = 32;
export const PDF_CACHE_OPEN_PERIOD_MS = 5 * 60_000;
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

export type PdfResult = { ok: true; pdf: Buffer; cached: boolean } | { ok: false; reason: 'busy' };

export interface PdfRenderer {
  /** The PDF for `key` (cached), or made from `html()` when not cached. `final`: the period has ended. */
  render(key: string, html: () => Promise<string>, final: boolean): Promise<PdfResult>;
  stats(): { renders: number; cacheHits: number; busy: number };
}

/**
 * playwright-core stays out of the web's server bundle (bundled, its CommonJS code looks for
 * __dirname and fails at load): it is imported from node_modules at the first render.
 */
const PLAYWRIGHT_CORE = 'playwright-core';
async function loadChromium(): Promise<typeof import('playwright-core').chromium> {
  return ((await import(/* @vite-ignore */ PLAYWRIGHT_CORE)) as typeof import('playwright-core')).chromium;
}

export async function printPdf(chromiumPath: string, html: string, timeoutMs: number): Promise<Buffer> {
  let browser: Browser | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const work = (async () => {
    const chromium = await loadChromium();
    browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: CHROMIUM_ARGS, timeout: timeoutMs });
    if (stopped) throw new Error('stopped: the render timed out during the launch');
    const page = await browser.newPage();
    // The document is self-contained: nothing is fetched, so no request can leave from here.
    await page.route('**/*', (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load', timeout: timeoutMs });
    return await page.pdf({ format: 'A4', printBackground: true, margin: { top: '15mm', bottom: '15mm', left: '12mm', right: '12mm' } });
  })();
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no PDF within ${timeoutMs} ms`)), timeoutMs)))
    ]);
  } catch (cause) {
    throw new PantauError('REPORT_RENDER', `printing the report failed: ${(cause as Error).message}`, { cause });
  } finally {
    clearTimeout(timer);
    stopped = true;
    // Closed before waiting for the work: a print that hangs (page.pdf has no timeout) only ends when its
    // browser goes, and waiting first would hold the renderer's queue, and every later PDF, forever.
    await (browser as Browser | undefined)?.close().catch(() => undefined);
    await work.catch(() => undefined);
    // A launch that finished after the timeout left a browser of its own (its work stopped right after).
    await (browser as Browser | undefined)?.close().catch(() => undefined);
  }
}

export function createPdfRenderer(opts: { chromiumPath: string; timeoutMs: number; now?: () => number; print?: typeof printPdf }): PdfRenderer {
  const now = opts.now ?? Date.now;
  const print = opts.print ?? printPdf;
  const cache = new Map<string, { pdf: Buffer; until: number }>();
  const counters = { renders: 0, cacheHits: 0, busy: 0 };
  let chain: Promise<unknown> = Promise.resolve();
  let waiting = 0;

  function cached(key: string): Buffer | null {
    const hit = cache.get(key);
    if (!hit || hit.until < now()) return null;
    cache.delete(key); // re-insert: the Map's order is the eviction order
    cache.set(key, hit);
    return hit.pdf;
  }

  return {
    async render(key, html, final) {
      const hit = cached(key);
      if (hit) return counters.cacheHits++, { ok: true, pdf: hit, cached: true };
      if (waiting >= PDF_WAITING_MAX + 1) return counters.busy++, { ok: false, reason: 'busy' };
      waiting++;
      const job = chain.then(async (): Promise<PdfResult> => {
        const again = cached(key); // a request for the same report that waited behind its twin
        if (again) return counters.cacheHits++, { ok: true, pdf: again, cached: true };
        const pdf = await print(opts.chromiumPath, await html(), opts.timeoutMs);
        counters.renders++;
        cache.set(key, { pdf, until: final ? Infinity : now() + PDF_CACHE_OPEN_PERIOD_MS });
        while (cache.size > PDF_CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
        return { ok: true, pdf, cached: false };
      });
      chain = job.catch(() => undefined);
      try {
        return await job;
      } finally {
        waiting--;
      }
    },
    stats: () => ({ ...counters })
  };
}
