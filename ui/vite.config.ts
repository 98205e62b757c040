import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// The app build: index.html only. preview.html (sample data) has its own config.
export default defineConfig({
  base: './',
  plugins: [react()],
  clearScreen: false,
  server: { port: 5173, strictPort: true },
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
