/**
 * The draft side of publishing: find (or create) the one draft that holds this content,
 * and bring its assets to exactly the rendered ones. Nothing here touches a published
 * release: every destructive call first checks that its release is still a draft.
 */
import { PipelineError } from '../../errors.ts';
import type { ReleaseFiles } from '../../release-format/release-files.ts';
import { digestHex, judgeAsset, type ExpectedAsset } from './asset-check.ts';
import { pause, type GithubTiming } from './client.ts';
import { isImmutableRefusal, toGithubError } from './github-errors.ts';
import type { Release, ReleaseAsset } from './github-schemas.ts';
import { MAX_BODY, type ReleasesApi } from './releases-api.ts';

/** What publishing needs around it. */
export interface PublishEnv {
  readonly api: ReleasesApi;
  readonly timing: GithubTiming;
  readonly log: (line: string) => void;
}

/** How a step on a draft ended: done, the draft vanished, or someone published the release. */
export type DraftStep = 'ok' | 'gone' | 'published';

/** Lookups right after a write may 404 for a moment (GitHub's replicas lag): retry a few times. */
const LAG_RETRIES = 3;

/** Calls `lookup` until it finds something, waiting 1, 2, 4 s between tries; null if it never does. */
export async function withLag<T>(env: PublishEnv, lookup: () => Promise<T | null>): Promise<T | null> {
  for (let attempt = 0; ; attempt++) {
    const found = await lookup();
    if (found !== null || attempt >= LAG_RETRIES) return found;
    await pause(env.timing, 2 ** attempt);
  }
}

const MARKER_PREFIX = '<!-- shandong-commitments sha256sums=';

/**
 * The marker of a draft's content, hidden in its body: the sha256 of its SHA256SUMS.
 * Runs with the same bytes share a draft; a draft marked for other bytes (a crashed run
 * of other seeds, or a concurrent publisher) is never filled with ours, only removed once
 * ours is published. A draft without any marker (made by hand, or by another tool) is
 * adopted: it gets our notes and marker.
 */
export function contentMarkerOf(expected: readonly ExpectedAsset[]): string {
  const sums = expected.find((e) => e.name === 'SHA256SUMS');
  return `${MARKER_PREFIX}${sums?.sha256 ?? 'none'} -->`;
}

/** The release notes (the CHANGELOG, cut to GitHub's limit) and the content marker. */
export function renderReleaseBody(release: ReleaseFiles, marker: string): string {
  const room = MAX_BODY - marker.length - 200;
  const notes = release.notes.length <= room ? release.notes : `${release.notes.slice(0, room)}\n\n… (cut to GitHub's limit: the full changelog is the CHANGELOG.md asset)\n`;
  return `${notes.trimEnd()}\n\n${marker}\n`;
}

/** Deletes a draft release, unless it has been published meanwhile. */
export async function deleteDraft(env: PublishEnv, id: number): Promise<void> {
  const current = await env.api.getRelease(id);
  if (current?.draft !== true) return;
  await env.api.deleteRelease(id);
  env.log(`removed draft ${id} of ${current.tag_name}`);
}

/**
 * The draft to fill: the oldest holding this content (others holding it are deleted as
 * duplicates), else the oldest unmarked draft of the tag, adopted (other unmarked ones
 * deleted), else a new one.
 */
export async function findOrCreateDraft(env: PublishEnv, release: ReleaseFiles, drafts: readonly Release[], marker: string): Promise<Release> {
  const ofTag = drafts.filter((d) => d.draft && d.tag_name === release.tag).sort((a, b) => a.id - b.id);
  const ours = ofTag.filter((d) => (d.body ?? '').includes(marker));
  const unmarked = ofTag.filter((d) => !(d.body ?? '').includes(MARKER_PREFIX));
  const [keep, ...duplicates] = ours.length > 0 ? ours : unmarked;
  for (const d of ours.length > 0 ? [...duplicates, ...unmarked] : duplicates) await deleteDraft(env, d.id);
  if (keep && ours.length > 0) {
    env.log(`continuing draft ${keep.id} of ${release.tag}`);
    return keep;
  }
  const body = renderReleaseBody(release, marker);
  if (keep) {
    const adopted = await env.api.updateDraftNotes(keep.id, { name: release.tag, body });
    if (adopted?.draft) {
      env.log(`continuing draft ${keep.id} of ${release.tag} (made elsewhere: its notes replaced)`);
      return adopted;
    }
  }
  const created = await env.api.createDraft({ tag: release.tag, name: release.tag, body });
  env.log(`created draft ${created.id} of ${release.tag}`);
  return created;
}

/** Whether the draft is still a draft holding this content (no other run took it over). */
export async function stillOurDraft(env: PublishEnv, id: number, marker: string): Promise<boolean> {
  const current = await env.api.getRelease(id);
  return current !== null && current.draft && (current.body ?? '').includes(marker);
}

/** Deletes an asset of a draft; never one of a published release. */
async function removeAsset(env: PublishEnv, draft: Release, asset: ReleaseAsset): Promise<DraftStep> {
  const current = await env.api.getRelease(draft.id);
  if (!current) return 'gone';
  if (!current.draft) return 'published';
  try {
    await env.api.deleteAsset(asset.id);
  } catch (err) {
    if (isImmutableRefusal(err)) return 'published';
    throw toGithubError(err, `delete asset ${asset.name} of draft ${draft.tag_name}`);
  }
  return 'ok';
}

/** The draft's asset of that name, looked up afresh. */
async function findAsset(env: PublishEnv, draft: Release, name: string): Promise<ReleaseAsset | null | 'gone'> {
  const assets = await withLag(env, () => env.api.listAssets(draft.id));
  return assets === null ? 'gone' : (assets.find((a) => a.name === name) ?? null);
}

/**
 * Whether an upload's answer shows the expected asset (complete, same size, same digest
 * when GitHub gives one). The read-back before publishing hashes every asset anyway.
 */
function answersUpload(asset: ReleaseAsset, expected: ExpectedAsset): boolean {
  const digest = digestHex(asset);
  return asset.state === 'uploaded' && asset.size === expected.size && (digest === null || digest === expected.sha256);
}

/** Uploads one asset; an asset of that name already there is kept if it holds the same bytes. */
async function uploadOne(env: PublishEnv, draft: Release, expected: ExpectedAsset): Promise<DraftStep> {
  const attempts = 3;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    let result;
    try {
      result = await withLag(env, async () => {
        const r = await env.api.uploadAsset(draft, expected.name, await expected.read());
        return r.kind === 'gone' ? null : r;
      });
    } catch (err) {
      if (isImmutableRefusal(err)) return 'published';
      throw toGithubError(err, `upload ${expected.name} to draft ${draft.tag_name}`);
    }
    if (result === null) return 'gone';
    if (result.kind === 'uploaded' && answersUpload(result.asset, expected)) return 'ok';
    // Already there (a retried upload that had arrived, a concurrent run), or an odd
    // answer: judge what GitHub now holds.
    const remote = result.kind === 'uploaded' ? result.asset : await findAsset(env, draft, expected.name);
    if (remote === 'gone') return 'gone';
    if (remote === null) continue; // removed meanwhile: upload again
    const verdict = await judgeAsset(env.api, remote, expected);
    if (verdict.kind === 'same') return 'ok';
    env.log(`${expected.name} in draft ${draft.id} is ${verdict.kind} (${verdict.why}): replacing it`);
    const removed = await removeAsset(env, draft, remote);
    if (removed !== 'ok') return removed;
  }
  throw new PipelineError('E_GITHUB', `could not upload ${expected.name} to draft ${draft.tag_name}: GitHub kept a different or broken copy after ${attempts} attempts`, [
    'the release stays a draft and nothing was published: re-run the job',
  ]);
}

/**
 * Brings the draft's assets to exactly the expected ones: keeps those already there with
 * the same bytes, replaces broken or different ones, uploads missing ones, removes extras.
 */
export async function fillDraft(env: PublishEnv, draft: Release, expected: readonly ExpectedAsset[], fresh: boolean): Promise<DraftStep> {
  // A draft created a moment ago has no assets: no need to ask (nor to wait out its lag).
  const remote = fresh ? [] : await withLag(env, () => env.api.listAssets(draft.id));
  if (remote === null) return 'gone';
  const wanted = new Set(expected.map((e) => e.name));
  for (const extra of remote.filter((r) => !wanted.has(r.name))) {
    env.log(`removing ${extra.name} from draft ${draft.id}: not part of ${draft.tag_name}`);
    const step = await removeAsset(env, draft, extra);
    if (step !== 'ok') return step;
  }
  let kept = 0;
  for (const e of expected) {
    const there = remote.find((r) => r.name === e.name);
    if (there) {
      const verdict = await judgeAsset(env.api, there, e);
      if (verdict.kind === 'same') {
        kept++;
        continue;
      }
      env.log(`${e.name} in draft ${draft.id} is ${verdict.kind} (${verdict.why}): replacing it`);
      const step = await removeAsset(env, draft, there);
      if (step !== 'ok') return step;
    }
    const step = await uploadOne(env, draft, e);
    if (step !== 'ok') return step;
  }
  env.log(`draft ${draft.id} of ${draft.tag_name}: ${expected.length - kept} asset(s) uploaded, ${kept} already there`);
  return 'ok';
}
