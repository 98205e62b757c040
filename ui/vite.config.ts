import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// The app build: index.html only. preview.html (sample data) has its own config.
export default defineConfig({
  base: './',
  plugins: [react()],
  clearScreen: false,
  // The Fluent files live with the Rust crate that words the same messages (crates/sb-i18n).
  server: { port: 5173, strictPort: true, fs: { allow: ['..'] } },
  build: {
    outDir: 'dist',
    target: 'es2021',
    rollupOptions: { input: 'index.html' },
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/test/setup.ts'],
    css: false,
    restoreMocks: true,
  },
});
