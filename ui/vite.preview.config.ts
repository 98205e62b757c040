import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// A layout preview in a plain browser: preview.html installs a fake Tauri bridge with sample
// data. Built into dist-preview/, never into the app's dist/.
export default defineConfig({
  base: './',
  plugins: [react()],
  build: {
    outDir: 'dist-preview',
    rollupOptions: { input: 'preview.html' },
  },
  preview: { open: false },
});
