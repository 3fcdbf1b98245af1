import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  worker: { format: 'es' },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
  test: {
    include: ['app/**/*.test.{ts,tsx}', 'sim-worker/**/*.test.ts'],
    environment: 'node',
  },
});
