// Builds the renderer: the Svelte app the desktop window loads, and unchanged, the static web edition
// (`npm run build:web` writes dist/web). Relative base: the folder works from any static file server.
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [svelte()],
  build: { outDir: '../dist/web', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 1500 },
  worker: { format: 'es' },
  server: { host: '127.0.0.1', strictPort: false },
});
