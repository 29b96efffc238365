import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    // scripts/web.ts wraps build/handler.js in its own http.Server so Socket.IO can share the port.
    adapter: adapter({ out: 'build' })
  }
};

export default config;
