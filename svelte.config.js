import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    // scripts/web.ts wraps build/handler.js in its own http.Server so Socket.IO can share the port.
    adapter: adapter({ out: 'build' }),
    // Nonces for SvelteKit's inline scripts on rendered pages (and app.html's boot watchdog), hashes on
    // prerendered ones (there are none); no remote origins.
    // maplibre-gl runs its worker from a blob: URL and draws markers from data:/blob: images;
    // Socket.IO connects to this origin over ws:/wss:. Inline style attributes (Svelte's style:, maplibre)
    // need 'unsafe-inline' for styles only: styles cannot run code.
    // Origin is checked for every state-changing request in hooks.server.ts (host-based, so it also
    // works on plain http without ORIGIN set); SvelteKit's form-only check would refuse those forms.
    csrf: { trustedOrigins: ['*'] },
    // Every page asks for _app/version.json this often: a wall left running reloads itself on a new release,
    // other pages load the next one on the next click (src/routes/+layout.svelte).
    version: { pollInterval: 60_000 },
    csp: {
      mode: 'auto',
      directives: {
        'default-src': ['self'],
        'script-src': ['self'],
        'style-src': ['self', 'unsafe-inline'],
        'img-src': ['self', 'data:', 'blob:'],
        'font-src': ['self'],
        'connect-src': ['self', 'ws:', 'wss:'],
        'worker-src': ['self', 'blob:'],
        'child-src': ['self', 'blob:'],
        'object-src': ['none'],
        'base-uri': ['self'],
        'form-action': ['self'],
        'frame-ancestors': ['none']
      }
    }
  }
};

export default config;
