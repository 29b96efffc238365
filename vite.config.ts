import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig, type Plugin } from 'vite';
import type { Server as HttpServer } from 'node:http';
import { tsImport } from 'tsx/esm/api';

type DevEntry = typeof import('./src/lib/server/dev-entry');

/**
 * Socket.IO for `vite dev` and `vite preview`: the production server (scripts/web.ts) attaches the
 * hub itself. The hub reaches SvelteKit endpoints through hub-handle's globalThis key.
 */
function pantauRealtime(): Plugin {
  async function start(httpServer: HttpServer | null | undefined, mode: string): Promise<void> {
    // Vitest (mode "test") would run configureServer too if it loaded this config; it needs no broker.
    // Not process.env.VITEST: a dev server spawned by a test inherits that variable.
    if (!httpServer || mode === 'test') return;
    // Loaded through tsx like scripts/web.ts, not bundled into the config: the server code stays
    // out of Vite's config loader, and dev runs the same module graph as production.
    const { startDevRealtime } = (await tsImport('./src/lib/server/dev-entry.ts', import.meta.url)) as DevEntry;
    await startDevRealtime(httpServer);
  }
  return {
    name: 'pantau-realtime',
    configureServer: (server) => start(server.httpServer as HttpServer | null, server.config.mode),
    configurePreviewServer: (server) => start(server.httpServer as HttpServer | null, server.config.mode)
  };
}

export default defineConfig({
  plugins: [sveltekit(), pantauRealtime()],
  // The map's worker is imported as `maplibre-gl/dist/maplibre-gl-worker.mjs?url` and handed to
  // setWorkerUrl: bundling it into a chunk breaks its URL, so it is emitted as a plain asset.
  optimizeDeps: { include: ['maplibre-gl'] },
  worker: { format: 'es' },
  build: { chunkSizeWarningLimit: 1500 },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' }
});
