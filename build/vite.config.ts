import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

// The page lives in resources/ (with its CSP); the code in renderer/. Relative asset URLs let
// Electron load the build from file:// and the end-to-end harness from a file:// URL too.
export default defineConfig({
  root,
  base: './',
  publicDir: false,
  build: {
    outDir: 'dist/renderer',
    emptyOutDir: true,
    target: 'chrome130',
    sourcemap: true,
    modulePreload: { polyfill: false },
    rollupOptions: { input: 'resources/index.html' },
  },
});
