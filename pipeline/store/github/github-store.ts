/**
 * Releases on GitHub Releases, behind the same interface as the local store. Reading
 * treats everything downloaded as untrusted: a missing, incomplete or altered asset is an
 * error, never an empty dataset. Publishing follows publish-release.ts.
 */
import { asCancelled, throwIfCancelled } from '../../cancel.ts';
import { PipelineError } from '../../errors.ts';
import { sha256Hex } from '../../release-format/checksums.ts';
import type { ReleaseFiles } from '../../release-format/release-files.ts';
import { compareVersions, tagOf, versionOfTag } from '../../release-format/versions.ts';
import type { PublishResult, ReleaseStore } from '../store.ts';
import { digestHex } from './asset-check.ts';
import { createGithubClient, PRODUCTION_TIMING, type GithubTiming } from './client.ts';
import type { PublishEnv } from './draft.ts';
import type { Release, ReleaseAsset } from './github-schemas.ts';
import { publishRelease, type PublishProgress } from './publish-release.ts';
import { ReleasesApi, type RepoRef } from './releases-api.ts';

export interface GithubStoreOptions {
  readonly repo: RepoRef;
  readonly token: string;
  /** REST API root (GITHUB_API_URL), e.g. https://api.github.com. */
  readonly apiUrl: string;
  /** The commit a new release's tag goes on (GITHUB_SHA); needed only to publish. */
  readonly commitSha: string | null;
  readonly timing?: GithubTiming;
  readonly log?: (line: string) => void;
  /** The fetch every request goes through (tests inject one). */
  readonly fetch?: typeof fetch;
  /**
   * Aborted when the run is cancelled: no request starts after that, those under way are
   * dropped, and publish says what it left (nothing, a draft a re-run finishes, or the release).
   */
  readonly signal?: AbortSignal;
}

export class GithubStore implements ReleaseStore {
  readonly description: string;
  private readonly env: PublishEnv;
  /** Published releases by version, and their assets, read once per store. */
  private readonly releases = new Map<string, Release>();
  private readonly assets = new Map<string, ReleaseAsset[]>();

  constructor(private readonly options: GithubStoreOptions) {
    this.description = `GitHub Releases of ${options.repo.owner}/${options.repo.repo}`;
    const timing = options.timing ?? PRODUCTION_TIMING;
    const log = options.log ?? ((): void => undefined);
    const client = createGithubClient({ token: options.token, apiUrl: options.apiUrl, timing, log, fetch: options.fetch, signal: options.signal });
    this.env = { api: new ReleasesApi(client, options.repo, timing), timing, log };
  }

  /** Published (non-draft) releases tagged v<MAJOR.MINOR.PATCH>, oldest version first. */
  async listVersions(): Promise<string[]> {
    const versions: string[] = [];
    for (const r of await this.env.api.listReleases()) {
      const version = versionOfTag(r.tag_name);
      if (version === null || r.draft) continue;
      versions.push(version);
      this.releases.set(version, r);
    }
    return [...new Set(versions)].sort(compareVersions);
  }

  private async releaseOf(version: string): Promise<Release> {
    const known = this.releases.get(version) ?? (await this.env.api.getReleaseByTag(tagOf(version)));
    if (!known || known.draft) throw new PipelineError('E_NOT_FOUND', `${tagOf(version)} is not a published release in ${this.description}`);
    this.releases.set(version, known);
    return known;
  }

  private async assetsOf(version: string): Promise<ReleaseAsset[]> {
    const cached = this.assets.get(version);
    if (cached) return cached;
    const release = await this.releaseOf(version);
    const listed = await this.env.api.listAssets(release.id);
    if (listed === null) throw new PipelineError('E_NOT_FOUND', `${tagOf(version)} disappeared from ${this.description} while reading it`);
    this.assets.set(version, listed);
    return listed;
  }

  async readAsset(version: string, name: string): Promise<Uint8Array> {
    const where = `${tagOf(version)}/${name} (${this.description})`;
    const asset = (await this.assetsOf(version)).find((a) => a.name === name);
    if (!asset) throw new PipelineError('E_NOT_FOUND', `${where} not found: the published release has no such asset`);
    if (asset.state !== 'uploaded') throw new PipelineError('E_STORE_CORRUPT', `${where} is incomplete (state "${asset.state}")`);
    const bytes = await this.env.api.downloadAsset(asset);
    if (bytes === null) throw new PipelineError('E_STORE_CORRUPT', `${where} is listed but cannot be downloaded`);
    if (bytes.byteLength !== asset.size) {
      throw new PipelineError('E_STORE_CORRUPT', `${where}: downloaded ${bytes.byteLength} bytes, GitHub lists ${asset.size}`);
    }
    const digest = digestHex(asset);
    if (digest !== null && digest !== sha256Hex(bytes)) {
      throw new PipelineError('E_STORE_CORRUPT', `${where}: the downloaded bytes do not match GitHub's digest sha256:${digest}`);
    }
    return bytes;
  }

  async publish(release: ReleaseFiles): Promise<PublishResult> {
    this.releases.clear();
    this.assets.clear();
    const progress: PublishProgress = { draft: null, draftRequested: false, publishRequested: false, published: false };
    try {
      throwIfCancelled(this.options.signal, 'nothing was published');
      return await publishRelease(this.env, release, this.options.commitSha, progress);
    } catch (err) {
      throw asCancelled(err, this.options.signal, describeProgress(release.tag, progress));
    }
  }
}

/** What a publish stopped halfway left on GitHub, for the operator. */
function describeProgress(tag: string, progress: PublishProgress): string {
  if (progress.published) return `${tag} is published on GitHub; a re-run finds it and only tidies up`;
  if (progress.publishRequested) return `the request to publish ${tag} was sent, so it may be published; a re-run checks and finishes it`;
  if (progress.draft !== null) return `${tag} is not published: draft release ${progress.draft} holds part of it, and a re-run finishes it`;
  if (progress.draftRequested) return `${tag} is not published (a draft may have been started; a re-run reuses or removes it)`;
  return 'nothing was published';
}
