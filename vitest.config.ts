import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // End-to-end tests start real emulators on free ports; give a loaded 2-core box room.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Quiet runs: no handler INFO lines, no EMF metric lines (tests that assert logs raise the level
    // in their own file; metrics are asserted through the Metrics API).
    env: { POWERTOOLS_LOG_LEVEL: 'SILENT', POWERTOOLS_METRICS_DISABLED: 'true' },
  },
});
