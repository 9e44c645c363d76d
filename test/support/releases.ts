/**
 * Real releases rendered in memory by the real release flow (dry run: nothing published),
 * as starting points for the store tests.
 */
import path from 'node:path';
import { runRelease, type ReleaseContext } from '../../pipeline/release.ts';
import { loadIntoMemory, type InMemoryRelease } from '../../pipeline/render/render-assets.ts';
import { readSeedHistory } from '../../pipeline/seeds/seed-history.ts';
import { LocalStore } from '../../pipeline/store/local-store.ts';
import type { ReleaseStore } from '../../pipeline/store/store.ts';
import { makeTempDir } from './temp-dir.ts';
import { copySeeds } from './workspace.ts';

/** Renders the release the seeds in `seedsDir` would make on top of `store`, dated `epoch`. */
export async function renderRelease(seedsDir: string, store: ReleaseStore, epoch = 1_700_000_000): Promise<InMemoryRelease> {
  const ctx: ReleaseContext = {
    seedsDir,
    cwd: path.dirname(seedsDir),
    store,
    date: new Date(epoch * 1000),
    progress: () => undefined,
    now: () => 0,
    readHistory: (range) => readSeedHistory(seedsDir, range),
  };
  const outcome = await runRelease(ctx, { dryRun: true });
  if (outcome.kind !== 'planned') throw new Error(`expected a release to render, got ${outcome.kind}`);
  return loadIntoMemory(outcome.release);
}

/** The first release of the repository's seeds (v1.0.0), rendered against an empty store. */
export async function renderFirstRelease(epoch = 1_700_000_000): Promise<InMemoryRelease> {
  const dir = await makeTempDir();
  return renderRelease(await copySeeds(dir), new LocalStore(path.join(dir, 'releases')), epoch);
}
