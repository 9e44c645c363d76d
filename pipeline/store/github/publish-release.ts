/**
 * Publishing to GitHub Releases so that a crash, a retry or a concurrent run never
 * leaves anything but one of three states: nothing, a draft, or one complete published
 * release. Each round reads the state afresh and moves it forward:
 *
 *   published for the tag?  → same bytes: 'unchanged' (leftover drafts removed); else refuse
 *   else                    → the draft of this content (found or created) → upload what is
 *                             missing or broken → read back, every sha256 against SHA256SUMS
 *                             → still unpublished? publish it, tag on GITHUB_SHA → read back
 *                             again → remove other drafts of the tag → check it is latest
 *
 * A round that finds the ground moved (draft deleted, version published by another run)
 * starts over; the number of rounds is capped.
 */
import { PipelineError } from '../../errors.ts';
import type { ReleaseFiles } from '../../release-format/release-files.ts';
import type { PublishResult } from '../store.ts';
import { compareAssets, expectedAssetsOf, type ExpectedAsset } from './asset-check.ts';
import { contentMarkerOf, deleteDraft, fillDraft, findOrCreateDraft, stillOurDraft, withLag, type PublishEnv } from './draft.ts';
import { isAlreadyExists, isImmutableRefusal, statusOf, toGithubError } from './github-errors.ts';
import type { Release } from './github-schemas.ts';

const MAX_ROUNDS = 5;

type Round = { readonly kind: 'done'; readonly result: PublishResult } | { readonly kind: 'again'; readonly why: string };

const again = (why: string): Round => ({ kind: 'again', why });

/** The release's page, or where to find it when GitHub's answer has no html_url. */
const locationOf = (env: PublishEnv, r: Release): string => r.html_url ?? `release ${r.tag_name} of ${env.api.repo.owner}/${env.api.repo.repo}`;

/** How far a publish got, for saying what it left when it is stopped (GithubStore.publish). */
export interface PublishProgress {
  /** The draft this run works on (found or created), once known. */
  draft: number | null;
  /** A draft was being looked for or created. */
  draftRequested: boolean;
  /** The request that publishes the draft was sent. */
  publishRequested: boolean;
  /** GitHub has the release published (by this run or an earlier one). */
  published: boolean;
}

/** Publishes a rendered release; see the file comment for the protocol. `progress` is kept up to date. */
export async function publishRelease(
  env: PublishEnv,
  release: ReleaseFiles,
  commitSha: string | null,
  progress: PublishProgress = { draft: null, draftRequested: false, publishRequested: false, published: false },
): Promise<PublishResult> {
  const expected = await expectedAssetsOf(release);
  const created: number[] = [];
  for (let round = 1; round <= MAX_ROUNDS; round++) {
    let step: Round;
    try {
      step = await publishRound(env, release, expected, commitSha, created, progress);
    } catch (err) {
      // Refused because another run published other bytes first: leave nothing of ours behind.
      if (err instanceof PipelineError && err.code === 'E_PUBLISH_CONFLICT') await removeOwnDrafts(env, created);
      throw err;
    }
    if (step.kind === 'done') return step.result;
    env.log(`${release.tag}: ${step.why}; looking again (${round}/${MAX_ROUNDS})`);
  }
  throw new PipelineError('E_GITHUB', `could not publish ${release.tag}: the releases kept changing under this run (another publisher at work?)`, [
    'nothing incomplete was published: re-run the job',
  ]);
}

async function publishRound(
  env: PublishEnv,
  release: ReleaseFiles,
  expected: readonly ExpectedAsset[],
  commitSha: string | null,
  created: number[],
  progress: PublishProgress,
): Promise<Round> {
  const { api } = env;
  const sameTag = (await api.listReleases()).filter((r) => r.tag_name === release.tag);
  // The listing may lag behind a publish; the tag lookup sees published releases only.
  const published = sameTag.find((r) => !r.draft) ?? (await api.getReleaseByTag(release.tag));
  if (published) {
    progress.published = true;
    return { kind: 'done', result: await settlePublished(env, release, expected, published, sameTag) };
  }

  if (!commitSha) {
    throw new PipelineError('E_CONFIG', `GITHUB_SHA is not set: publishing ${release.tag} needs the commit to tag`, [
      'GitHub Actions sets it; elsewhere set GITHUB_SHA to the full commit hash of the seeds being released',
    ]);
  }
  const tagCommit = await api.getTagCommit(release.tag);
  if (tagCommit !== null && tagCommit !== commitSha) {
    throw new PipelineError('E_PUBLISH_CONFLICT', `tag ${release.tag} already exists on commit ${tagCommit}, not on ${commitSha} (GITHUB_SHA); nothing was published`, [
      'a tag is never moved: if the tag is a mistake, delete it by hand, then re-run',
    ]);
  }

  const marker = contentMarkerOf(expected);
  progress.draftRequested = true;
  const draft = await findOrCreateDraft(env, release, sameTag, marker);
  progress.draft = draft.id;
  const fresh = !sameTag.some((r) => r.id === draft.id);
  if (fresh) created.push(draft.id);
  const filled = await fillDraft(env, draft, expected, fresh);
  if (filled !== 'ok') return again(filled === 'gone' ? `draft ${draft.id} disappeared` : `${release.tag} was published meanwhile`);

  // Read the draft back: every asset present, complete, and equal to SHA256SUMS.
  const readBack = await withLag(env, () => api.listAssets(draft.id));
  if (readBack === null) return again(`draft ${draft.id} disappeared`);
  const problems = await compareAssets(api, readBack, expected);
  if (problems.length > 0) return again(`draft ${draft.id} does not verify yet (${problems.join('; ')})`);
  // Another run may have published this version since this round began: never a second one.
  if (await api.getReleaseByTag(release.tag)) return again(`${release.tag} was published meanwhile`);
  if (!(await stillOurDraft(env, draft.id, marker))) return again(`draft ${draft.id} was removed or taken over by another run`);

  try {
    progress.publishRequested = true;
    await api.publishDraft(draft.id, { tag: release.tag, sha: commitSha });
    progress.published = true;
  } catch (err) {
    // 422 already_exists: the tag got a release from another run; 404: our draft was removed.
    if (isAlreadyExists(err) || isImmutableRefusal(err) || statusOf(err) === 404) {
      progress.publishRequested = false; // GitHub answered: this request published nothing
      return again(`${release.tag} could not be published from draft ${draft.id} (${statusOf(err)})`);
    }
    throw toGithubError(err, `publish ${release.tag}`);
  }
  env.log(`published ${release.tag} from draft ${draft.id}, tagged on ${commitSha}`);
  return { kind: 'done', result: await confirmPublished(env, release, expected, draft.id) };
}

/** A release is published for the tag: the same bytes are fine, anything else is refused. */
async function settlePublished(
  env: PublishEnv,
  release: ReleaseFiles,
  expected: readonly ExpectedAsset[],
  published: Release,
  sameTag: readonly Release[],
): Promise<PublishResult> {
  const remote = (await withLag(env, () => env.api.listAssets(published.id))) ?? [];
  // Files someone attached by hand afterwards do not make it another release.
  const problems = await compareAssets(env.api, remote, expected, 'allowed');
  if (problems.length > 0) {
    throw new PipelineError(
      'E_PUBLISH_CONFLICT',
      `${release.tag} is already published on GitHub (${locationOf(env, published)}) with different content; refusing to change it, nothing was changed`,
      [...problems.map((p) => `differs: ${p}`), 'a published version never changes: the next release gets a new version'],
    );
  }
  // A run that crashed after publishing may have left drafts of the tag behind.
  if (sameTag.some((r) => r.draft)) await removeOtherDrafts(env, release.tag, published.id);
  const latest = await env.api.getLatestRelease();
  if (latest?.id !== published.id) env.log(`note: GitHub shows ${latest?.tag_name ?? 'no release'} as the latest release, not ${release.tag}`);
  env.log(`${release.tag} is already published with these bytes`);
  return { status: 'unchanged', location: locationOf(env, published) };
}

/** After the flip: the release is published, complete, alone for its tag, and latest. */
async function confirmPublished(env: PublishEnv, release: ReleaseFiles, expected: readonly ExpectedAsset[], id: number): Promise<PublishResult> {
  const after = await withLag(env, async () => {
    const r = await env.api.getRelease(id);
    return r && !r.draft ? r : null;
  });
  if (!after) throw new PipelineError('E_GITHUB', `${release.tag} was published, but GitHub does not show release ${id} as published`, ['re-run the job to check it again']);
  const assets = (await withLag(env, () => env.api.listAssets(id))) ?? [];
  const problems = await compareAssets(env.api, assets, expected);
  if (problems.length > 0) {
    throw new PipelineError('E_STORE_CORRUPT', `${release.tag} was published, but its assets no longer match SHA256SUMS: ${locationOf(env, after)}`, problems);
  }
  await removeOtherDrafts(env, release.tag, id);
  await ensureLatest(env, release, after);
  return { status: 'published', location: locationOf(env, after) };
}

/** Best effort: the drafts this run created; a failure here must not hide the refusal. */
async function removeOwnDrafts(env: PublishEnv, created: readonly number[]): Promise<void> {
  for (const id of created) {
    try {
      await deleteDraft(env, id);
    } catch (err) {
      env.log(`could not remove draft ${id}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}

/** Deletes every draft of the tag but the published release (drafts of crashed or losing runs). */
async function removeOtherDrafts(env: PublishEnv, tag: string, keep: number): Promise<void> {
  for (const r of await env.api.listReleases()) {
    if (r.tag_name === tag && r.draft && r.id !== keep) await deleteDraft(env, r.id);
  }
}

/** GitHub must show the new release as latest (make_latest was asked for); tells it once more if not. */
async function ensureLatest(env: PublishEnv, release: ReleaseFiles, published: Release): Promise<void> {
  const isLatest = async (): Promise<true | null> => ((await env.api.getLatestRelease())?.id === published.id ? true : null);
  if (await withLag(env, isLatest)) return;
  env.log(`GitHub does not show ${release.tag} as the latest release yet: marking it`);
  await env.api.markLatest(published.id);
  if (await withLag(env, isLatest)) return;
  const latest = await env.api.getLatestRelease();
  throw new PipelineError('E_GITHUB', `${release.tag} is published (${locationOf(env, published)}), but GitHub shows ${latest?.tag_name ?? 'no release'} as the latest release`, [
    'the release itself is complete; mark it as latest on GitHub',
  ]);
}
