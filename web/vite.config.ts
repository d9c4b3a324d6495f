import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import { fileURLToPath } from 'node:url';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const backend = process.env.YIBAO_DEV_BACKEND ?? 'http://127.0.0.1:8080';

// Two pages: the citizen app at / and the agency console at /console/.
// Everything (fonts excepted: the system's Noto CJK) ships from our own server; no CDN.
export default defineConfig({
  base: '/',
  plugins: [vue()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2020',
    chunkSizeWarningLimit: 800,
    rollupOptions: {
      input: {
        main: here('./index.html'),
        console: here('./console/index.html'),
      },
    },
  },
  server: {
    proxy: {
      '/api': backend,
      '/localcfc': backend,
    },
  },
});
