// Builds the Svelte inbox into web/dist, which the server serves at / with an SPA fallback.
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  plugins: [svelte()],
  resolve: {
    // cron-parser (bundled for the workflow editor's schedule check) requires luxon, which resolved to its CommonJS
    // build beside the ES build the reports import: two copies of the same library. One file serves both.
    alias: [{ find: /^luxon$/, replacement: fileURLToPath(new URL('../node_modules/luxon/build/es6/luxon.mjs', import.meta.url)) }],
  },
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
