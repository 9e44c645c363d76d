/**
 * The pipeline's GitHub side driven against the fake GitHub (fake-github/): a GitHub store
 * or the environment Actions sets pointed at it, releases put straight into its state, and
 * checks of the state a run leaves there.
 */
import { expect } from 'vitest';
import { sha256Hex } from '../../pipeline/release-format/checksums.ts';
import type { InMemoryRelease } from '../../pipeline/render/render-assets.ts';
import type { GithubTiming } from '../../pipeline/store/github/client.ts';
import { GithubStore } from '../../pipeline/store/github/github-store.ts';
import { TEST_EPOCH } from './cli.ts';
import { HEAD_SHA, WRITE_TOKEN, type FakeGithub } from './fake-github/server.ts';

/** Waits shrunk to milliseconds: 1 ms per second GitHub asks for. */
export const TEST_TIMING: GithubTiming = { msPerSecond: 1, maxRateLimitWaitSeconds: 600, maxRateLimitWaits: 3, retries: 3, requestTimeoutMs: 5_000 };

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

/** The variables GitHub Actions sets (and the workflow passes) for `--store github`, aimed at the fake. */
export function actionsEnv(fake: FakeGithub, over: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    GITHUB_ACTIONS: 'true',
    GITHUB_TOKEN: WRITE_TOKEN,
    GITHUB_REPOSITORY: `${fake.origins.owner}/${fake.origins.repo}`,
    GITHUB_API_URL: fake.apiUrl,
    GITHUB_SHA: HEAD_SHA,
    SOURCE_DATE_EPOCH: TEST_EPOCH,
    ...over,
  };
}

/** Puts a published release straight into the fake's state (no HTTP): a starting point for reading tests. */
export function seedPublished(fake: FakeGithub, release: InMemoryRelease, commit = HEAD_SHA): void {
  const draft = fake.state.createRelease({ tag_name: release.tag, name: release.tag, body: release.notes, draft: true });
  for (const a of release.assets) fake.state.uploadAsset(draft.id, a.name, null, 'application/octet-stream', a.bytes, 'uploaded');
  fake.state.updateRelease(draft.id, { draft: false, target_commitish: commit, make_latest: 'true' });
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
