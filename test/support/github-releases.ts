/**
 * Helpers for the GitHub tests: temporary workspaces with the repo's real seeds, real
 * rendered releases, a GitHub store pointed at a fake, and checks of the fake's end state.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { runCli } from '../../pipeline/cli.ts';
import { runRelease, type ReleaseContext } from '../../pipeline/release.ts';
import { sha256Hex } from '../../pipeline/release-format/checksums.ts';
import { loadIntoMemory, type InMemoryRelease } from '../../pipeline/render/render-assets.ts';
import { readSeedHistory } from '../../pipeline/seeds/seed-history.ts';
import type { Seed } from '../../pipeline/schemas/seed.ts';
import { renderSeedFile } from '../../pipeline/seeds/canonical.ts';
import type { GithubTiming } from '../../pipeline/store/github/client.ts';
import { GithubStore } from '../../pipeline/store/github/github-store.ts';
import { LocalStore } from '../../pipeline/store/local-store.ts';
import type { ReleaseStore } from '../../pipeline/store/store.ts';
import { HEAD_SHA, WRITE_TOKEN, type FakeGithub } from './fake-github/server.ts';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Waits shrunk to milliseconds: 1 ms per second GitHub asks for. */
export const TEST_TIMING: GithubTiming = { msPerSecond: 1, maxRateLimitWaitSeconds: 600, maxRateLimitWaits: 3, retries: 3, requestTimeoutMs: 5_000 };

/** A temporary folder; the caller removes it with the returned function. */
export async function makeGithubTempDir(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'commitments-github-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Copies the repo's seeds into `dir`/seeds. */
export async function copySeeds(dir: string): Promise<string> {
  const seeds = path.join(dir, 'seeds');
  await cp(path.join(REPO_ROOT, 'seeds'), seeds, { recursive: true });
  return seeds;
}

/** Rewords the first commitment of Jinan: a patch release. */
export async function rewordJinan(seedsDir: string, suffix = '（修订）'): Promise<void> {
  const file = path.join(seedsDir, '2023', 'jinan.json');
  const seed = JSON.parse(await readFile(file, 'utf8')) as Seed; // test input we wrote ourselves
  const first = seed.commitments[0]!;
  seed.commitments[0] = { ...first, text: `${first.text}${suffix}` };
  await writeFile(file, renderSeedFile(seed));
}

/** Renders the release the seeds would make on top of `store` (nothing is published). */
export async function renderRelease(seedsDir: string, store: ReleaseStore, epoch = 1_700_000_000): Promise<InMemoryRelease> {
  const ctx: ReleaseContext = { seedsDir, cwd: path.dirname(seedsDir), store, date: new Date(epoch * 1000), progress: () => undefined, now: () => 0, readHistory: (range) => readSeedHistory(seedsDir, range) };
  const outcome = await runRelease(ctx, { dryRun: true });
  if (outcome.kind !== 'planned') throw new Error(`expected a release to render, got ${outcome.kind}`);
  return loadIntoMemory(outcome.release);
}

/** The first release of the repo's seeds (v1.0.0), rendered against an empty store. */
export async function renderFirstRelease(epoch = 1_700_000_000): Promise<InMemoryRelease> {
  const tmp = await makeGithubTempDir();
  try {
    return await renderRelease(await copySeeds(tmp.dir), new LocalStore(path.join(tmp.dir, 'releases')), epoch);
  } finally {
    await tmp.remove();
  }
}

/** A GitHub store pointed at the fake, with shrunk waits; `log` collects its lines. */
export function storeFor(
  fake: FakeGithub,
  over: { token?: string; fetch?: typeof fetch; log?: string[]; commitSha?: string | null; timing?: GithubTiming; repo?: string } = {},
): GithubStore {
  return new GithubStore({
    repo: { owner: fake.origins.owner, repo: over.repo ?? fake.origins.repo },
    token: over.token ?? WRITE_TOKEN,
    apiUrl: fake.apiUrl,
    commitSha: over.commitSha === undefined ? HEAD_SHA : over.commitSha,
    timing: over.timing ?? TEST_TIMING,
    fetch: over.fetch,
    log: (line) => over.log?.push(line),
  });
}

/**
 * The fake ends with exactly one release for the tag: published, no draft left anywhere,
 * exactly the rendered assets, complete, byte for byte; the tag on the commit.
 */
export function expectPublishedOnce(fake: FakeGithub, release: InMemoryRelease, commit = HEAD_SHA): void {
  const all = [...fake.state.releases.values()];
  expect(all.filter((r) => r.draft).map((r) => r.id), 'no draft is left').toEqual([]);
  const forTag = all.filter((r) => r.tagName === release.tag);
  expect(forTag.length, `one release for ${release.tag}`).toBe(1);
  const assets = fake.state.assetsOf(forTag[0]!.id);
  expect(assets.map((a) => a.name).sort()).toEqual(release.assets.map((a) => a.name).sort());
  for (const a of assets) {
    const want = release.assets.find((x) => x.name === a.name)!;
    expect(a.state, a.name).toBe('uploaded');
    expect(sha256Hex(a.bytes), a.name).toBe(sha256Hex(want.bytes));
  }
  expect(fake.state.tags.get(release.tag)).toBe(commit);
  expect(fake.state.latest().id).toBe(forTag[0]!.id);
}

/** Runs `work` over `items`, `size` at a time (the fake's latency is timers, not CPU). */
export async function inBatches<T, R>(items: readonly T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += size) results.push(...(await Promise.all(items.slice(i, i + size).map(work))));
  return results;
}

/** How many HTTP requests (fetch calls) a clean publish of `release` makes. */
export async function countRequests(start: () => Promise<FakeGithub>, release: InMemoryRelease): Promise<number> {
  const fake = await start();
  let sent = 0;
  try {
    await storeFor(fake, { fetch: (input, init) => (sent++, globalThis.fetch(input, init)) }).publish(release);
    return sent;
  } finally {
    await fake.close();
  }
}

/** The variables GitHub Actions sets (and the workflow passes) for `--store github`, aimed at the fake. */
export function actionsEnv(fake: FakeGithub, over: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    GITHUB_ACTIONS: 'true',
    GITHUB_TOKEN: WRITE_TOKEN,
    GITHUB_REPOSITORY: `${fake.origins.owner}/${fake.origins.repo}`,
    GITHUB_API_URL: fake.apiUrl,
    GITHUB_SHA: HEAD_SHA,
    SOURCE_DATE_EPOCH: '1700000000',
    ...over,
  };
}

export interface CliOutput {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in-process, as a user would from `cwd`. */
export async function runCliIn(cwd: string, args: string[], env: Record<string, string | undefined>): Promise<CliOutput> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd, env });
  return { code, stdout, stderr };
}

/** Puts a published release straight into the fake's state (no HTTP): a starting point for reading tests. */
export function seedPublished(fake: FakeGithub, release: InMemoryRelease, commit = HEAD_SHA): void {
  const draft = fake.state.createRelease({ tag_name: release.tag, name: release.tag, body: release.notes, draft: true });
  for (const a of release.assets) fake.state.uploadAsset(draft.id, a.name, null, 'application/octet-stream', a.bytes, 'uploaded');
  fake.state.updateRelease(draft.id, { draft: false, target_commitish: commit, make_latest: 'true' });
}
