import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { PipelineError } from '../errors.ts';
import type { ReleaseContext } from '../release.ts';
import { readSeedHistory } from '../seeds/seed-history.ts';
import { LocalStore } from '../store/local-store.ts';
import type { ReleaseStore } from '../store/store.ts';
import { readString, type CliIo, type Values } from './command.ts';
import { readSeedsDir } from './seeds-dir.ts';

const run = promisify(execFile);

/** Options shared by the commands that read seeds and releases. */
export const STORE_OPTIONS = {
  seeds: { type: 'string' },
  store: { type: 'string' },
  releases: { type: 'string' },
} as const;

export const STORE_HELP = `  --seeds DIR        seeds folder (default: seeds)
  --store KIND       local (default) or github (GitHub Releases; reads GITHUB_TOKEN,
                     GITHUB_REPOSITORY, GITHUB_API_URL, GITHUB_SHA as Actions sets them)
  --releases DIR     folder of the local store (default: dist/releases)`;

/**
 * The release time: SOURCE_DATE_EPOCH when set, else the time of the last commit that
 * touched the seeds, else null. Never the wall clock, so builds are reproducible.
 */
export async function resolveReleaseDate(env: CliIo['env'], seedsDir: string): Promise<Date | null> {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && epoch !== '') {
    if (!/^\d{1,12}$/.test(epoch)) throw new PipelineError('E_CONFIG', `SOURCE_DATE_EPOCH must be whole seconds since 1970, not "${epoch}"`);
    return new Date(Number(epoch) * 1000);
  }
  try {
    const { stdout } = await run('git', ['log', '-1', '--format=%ct', '--', '.'], { cwd: seedsDir, timeout: 10_000 });
    const seconds = stdout.trim();
    return /^\d+$/.test(seconds) ? new Date(Number(seconds) * 1000) : null;
  } catch {
    return null; // not a git checkout, or git missing: no date
  }
}

/** The store named by --store (local by default). */
export async function createStore(values: Values, io: CliIo): Promise<ReleaseStore> {
  const kind = readString(values, 'store', 'local');
  if (kind === 'local') {
    const rel = readString(values, 'releases', path.join('dist', 'releases'));
    const waitSeconds = Number(io.env.RELEASE_LOCK_WAIT_SECONDS ?? '120');
    return new LocalStore(path.resolve(io.cwd, rel), rel.split(path.sep).join('/'), {
      lockWaitMs: Number.isFinite(waitSeconds) && waitSeconds >= 0 ? waitSeconds * 1000 : 120_000,
      onWait: (message) => io.stderr(`• ${message}\n`),
      signal: io.signal,
    });
  }
  if (kind === 'github') {
    const { createGithubStoreFromEnv } = await import('../store/github/from-env.ts');
    return createGithubStoreFromEnv(io.env, { log: (line: string) => io.stderr(`${line}\n`), signal: io.signal });
  }
  throw new PipelineError('E_USAGE', `--store must be local or github, not "${kind}"`);
}

/** Builds the release context from the command line and environment. */
export async function createReleaseContext(values: Values, io: CliIo, options: { quiet?: boolean } = {}): Promise<ReleaseContext> {
  const seedsDir = await readSeedsDir(path.resolve(io.cwd, readString(values, 'seeds', 'seeds')));
  return {
    seedsDir,
    cwd: io.cwd,
    store: await createStore(values, io),
    date: await resolveReleaseDate(io.env, seedsDir),
    progress: options.quiet ? () => undefined : (line) => io.stderr(`• ${line}\n`),
    now: () => performance.now(),
    readHistory: (range) => readSeedHistory(seedsDir, range),
    // The staging folder goes where the caller's TMPDIR says (the system's temp folder otherwise).
    ...(io.env.TMPDIR ? { tempDir: path.resolve(io.cwd, io.env.TMPDIR) } : {}),
    ...(io.signal ? { signal: io.signal } : {}),
  };
}
