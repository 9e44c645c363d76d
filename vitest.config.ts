import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * Two loops, told apart by the file name. `npm test` (and CI) runs both projects;
 * `npm run test:fast` (`vitest run --project fast`) only the first: the inner loop.
 * Name a test file `*.slow.test.ts` when it launches a browser, starts child processes (the
 * CLI, git, bash) more than a couple of times, clones a repository, or sweeps a scenario over
 * every crash point, fault or race offset: anything that takes more than a few seconds of a
 * two-core machine. Every other `*.test.ts` is in the fast loop.
 */
const SLOW = 'test/**/*.slow.test.ts';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    setupFiles: ['test/support/setup.ts'],
    // One test file per core. Vitest's default (cores - 1) runs one file at a time on a
    // two-core machine, though the files' own work (child processes included) leaves the
    // main process all but idle.
    maxWorkers: availableParallelism(),
    projects: [
      { extends: true, test: { name: 'fast', include: ['test/**/*.test.ts'], exclude: [SLOW] } },
      { extends: true, test: { name: 'slow', include: [SLOW] } },
    ],
  },
});
