import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM_PATH = process.env.PANTAU_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Headless Debian Chromium with WebGL 2 through SwiftShader (maplibre 6 needs WebGL 2).
 * Never add --disable-software-rasterizer: it removes WebGL.
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader'
];

export interface TestBrowser {
  context: BrowserContext;
  profileDir: string;
  /** Close the browser and remove its profile dir. */
  close(): Promise<void>;
}

export interface LaunchBrowserOptions {
  viewport?: { width: number; height: number };
  /** Added to CHROMIUM_ARGS for this launch only (e.g. `--js-flags=--expose-gc` for the soak test). */
  extraArgs?: string[];
  /** 'block': no service worker, so page.route sees every request (the app's worker serves its scripts from a cache). */
  serviceWorkers?: 'allow' | 'block';
}

export async function launchBrowser(opts: LaunchBrowserOptions = {}): Promise<TestBrowser> {
  const profileDir = await mkdtemp(path.join(os.tmpdir(), 'pantau-chromium-'));
  // A --user-data-dir in args is refused by Playwright: the persistent context takes the dir instead.
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS, ...(opts.extraArgs ?? [])],
    viewport: opts.viewport ?? { width: 1280, height: 800 },
    serviceWorkers: opts.serviceWorkers ?? 'allow'
  });
  return {
    context,
    profileDir,
    async close() {
      await context.close().catch(() => undefined);
      await rm(profileDir, { recursive: true, force: true });
    }
  };
}
