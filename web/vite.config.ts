// Builds the Svelte inbox into web/dist, which the server serves at / with an SPA fallback.
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  plugins: [svelte()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Heavy screens are split by dynamic import; this warns if the initial bundle creeps up.
    chunkSizeWarningLimit: 400,
  },
  server: {
    // During `vite dev`, forward API and SSE calls to a locally running server.
    proxy: { '/api': 'http://127.0.0.1:3000', '/webhooks': 'http://127.0.0.1:3000' },
  },
});
