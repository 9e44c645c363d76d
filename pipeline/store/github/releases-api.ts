/**
 * The GitHub REST calls the store makes, one method per endpoint, every answer checked
 * with zod. 404 comes back as null where "not there" is an answer rather than a failure.
 */
import { z } from 'zod';
import { PipelineError } from '../../errors.ts';
import { sha256Hex } from '../../release-format/checksums.ts';
import { pause, type GithubClient, type GithubTiming } from './client.ts';
import { isAlreadyExists, statusOf, toGithubError } from './github-errors.ts';
import { GitRefSchema, GitTagSchema, parseAnswer, ReleaseAssetSchema, ReleaseSchema, type Release, type ReleaseAsset } from './github-schemas.ts';

/** owner/repo of GITHUB_REPOSITORY. */
export interface RepoRef {
  readonly owner: string;
  readonly repo: string;
}

/** What an upload did: the new asset, or 'exists' when GitHub already has one by that name. */
export type UploadResult = { readonly kind: 'uploaded'; readonly asset: ReleaseAsset } | { readonly kind: 'exists' } | { readonly kind: 'gone' };

/** A release body may hold at most 125000 characters (GitHub answers 422 beyond). */
export const MAX_BODY = 125_000;

async function orNull<T>(call: () => Promise<T>): Promise<T | null> {
  try {
    return await call();
  } catch (err) {
    if (statusOf(err) === 404) return null;
    throw err;
  }
}

export class ReleasesApi {
  /** sha256 by asset id: an asset's bytes never change under its id (a replacement gets a new id). */
  private readonly hashes = new Map<number, string>();

  constructor(
    private readonly client: GithubClient,
    readonly repo: RepoRef,
    private readonly timing: GithubTiming,
  ) {}

  private get where(): string {
    return `${this.repo.owner}/${this.repo.repo}`;
  }

  private async run<T>(action: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (err) {
      throw toGithubError(err, action);
    }
  }

  /** Every release, drafts included (drafts are listed only to tokens that can push). */
  async listReleases(): Promise<Release[]> {
    const action = `list the releases of ${this.where}`;
    let data;
    try {
      data = await this.client.paginate('GET /repos/{owner}/{repo}/releases', { ...this.repo, per_page: 100 });
    } catch (err) {
      // The first call of every run: a 404 here means the repository, not a release.
      if (statusOf(err) === 404) {
        throw new PipelineError('E_CONFIG', `repository ${this.where} not found, or the token cannot see it (404)`, [
          'check GITHUB_REPOSITORY (owner/name) and GITHUB_API_URL, and that GITHUB_TOKEN has access to the repository',
        ]);
      }
      throw toGithubError(err, action);
    }
    return parseAnswer(z.array(ReleaseSchema), data, action);
  }

  /** The published release of a tag (GitHub never shows drafts here); null when none. */
  async getReleaseByTag(tag: string): Promise<Release | null> {
    const action = `read release ${tag} of ${this.where}`;
    const res = await this.run(action, () => orNull(() => this.client.request('GET /repos/{owner}/{repo}/releases/tags/{tag}', { ...this.repo, tag })));
    return res ? parseAnswer(ReleaseSchema, res.data, action) : null;
  }

  async getRelease(id: number): Promise<Release | null> {
    const action = `read release ${id} of ${this.where}`;
    const res = await this.run(action, () => orNull(() => this.client.request('GET /repos/{owner}/{repo}/releases/{release_id}', { ...this.repo, release_id: id })));
    return res ? parseAnswer(ReleaseSchema, res.data, action) : null;
  }

  /** GitHub's "latest release"; null when the repository has no published release. */
  async getLatestRelease(): Promise<Release | null> {
    const action = `read the latest release of ${this.where}`;
    const res = await this.run(action, () => orNull(() => this.client.request('GET /repos/{owner}/{repo}/releases/latest', { ...this.repo })));
    return res ? parseAnswer(ReleaseSchema, res.data, action) : null;
  }

  async createDraft(input: { tag: string; name: string; body: string }): Promise<Release> {
    const action = `create a draft release ${input.tag} in ${this.where}`;
    const res = await this.run(action, () =>
      this.client.request('POST /repos/{owner}/{repo}/releases', {
        ...this.repo,
        tag_name: input.tag,
        name: input.name,
        body: input.body.slice(0, MAX_BODY),
        draft: true,
        prerelease: false,
      }),
    );
    return parseAnswer(ReleaseSchema, res.data, action);
  }

  /**
   * Publishes a draft: GitHub creates the tag on `sha` if it does not exist yet. Throws
   * the raw failure (422 already_exists, 404) for the caller to read.
   */
  async publishDraft(id: number, input: { tag: string; sha: string }): Promise<Release> {
    const res = await this.client.request('PATCH /repos/{owner}/{repo}/releases/{release_id}', {
      ...this.repo,
      release_id: id,
      tag_name: input.tag,
      target_commitish: input.sha,
      draft: false,
      make_latest: 'true',
    });
    return parseAnswer(ReleaseSchema, res.data, `publish release ${input.tag}`);
  }

  /** Sets a draft's title and notes; null when the draft is gone. */
  async updateDraftNotes(id: number, input: { name: string; body: string }): Promise<Release | null> {
    const action = `update draft release ${id} of ${this.where}`;
    const res = await this.run(action, () =>
      orNull(() => this.client.request('PATCH /repos/{owner}/{repo}/releases/{release_id}', { ...this.repo, release_id: id, name: input.name, body: input.body.slice(0, MAX_BODY) })),
    );
    return res ? parseAnswer(ReleaseSchema, res.data, action) : null;
  }

  async markLatest(id: number): Promise<void> {
    await this.run(`mark release ${id} as latest`, () =>
      this.client.request('PATCH /repos/{owner}/{repo}/releases/{release_id}', { ...this.repo, release_id: id, make_latest: 'true' }),
    );
  }

  /** Deletes a release; one already gone is fine. */
  async deleteRelease(id: number): Promise<void> {
    await this.run(`delete draft release ${id} of ${this.where}`, () =>
      orNull(() => this.client.request('DELETE /repos/{owner}/{repo}/releases/{release_id}', { ...this.repo, release_id: id })),
    );
  }

  /** The assets of a release; null when the release is gone. */
  async listAssets(releaseId: number): Promise<ReleaseAsset[] | null> {
    const action = `list the assets of release ${releaseId}`;
    const data = await this.run(action, () =>
      orNull(() => this.client.paginate('GET /repos/{owner}/{repo}/releases/{release_id}/assets', { ...this.repo, release_id: releaseId, per_page: 100 })),
    );
    return data === null ? null : parseAnswer(z.array(ReleaseAssetSchema), data, action);
  }

  /** Deletes an asset; one already gone is fine. Throws the raw failure otherwise. */
  async deleteAsset(id: number): Promise<void> {
    await orNull(() => this.client.request('DELETE /repos/{owner}/{repo}/releases/assets/{asset_id}', { ...this.repo, asset_id: id }));
  }

  /**
   * Uploads through the release's upload_url (octokit's uploadReleaseAsset would ignore
   * baseUrl and go to uploads.github.com). Throws the raw failure for other answers.
   */
  async uploadAsset(release: Release, name: string, bytes: Uint8Array): Promise<UploadResult> {
    const target = new URL(release.upload_url.replace(/\{[^}]*\}$/, ''));
    target.searchParams.set('name', name);
    try {
      const res = await this.client.request({
        method: 'POST',
        url: target.toString(),
        headers: { 'content-type': 'application/octet-stream', 'content-length': String(bytes.byteLength) },
        data: bytes,
      });
      return { kind: 'uploaded', asset: parseAnswer(ReleaseAssetSchema, res.data, `upload ${name}`) };
    } catch (err) {
      if (isAlreadyExists(err)) return { kind: 'exists' };
      if (statusOf(err) === 404) return { kind: 'gone' };
      throw err;
    }
  }

  /**
   * An asset's bytes. GitHub answers 302 to a storage URL; fetch follows it and, the
   * origin being another, drops the Authorization header (storage refuses a second
   * credential). Null when the asset is gone.
   */
  async downloadAsset(asset: ReleaseAsset): Promise<Uint8Array | null> {
    const action = `download asset ${asset.name}`;
    // octokit retries a request that fails; a body cut off half-way is retried here.
    for (let attempt = 0; ; attempt++) {
      const res = await this.run(action, () =>
        orNull(() =>
          this.client.request('GET /repos/{owner}/{repo}/releases/assets/{asset_id}', {
            ...this.repo,
            asset_id: asset.id,
            headers: { accept: 'application/octet-stream' },
            // Raw bytes whatever content-type storage claims: never parsed as JSON or text.
            request: { parseSuccessResponseBody: false },
          }),
        ),
      );
      if (res === null) return null;
      const body: unknown = res.data;
      if (body === null || body === undefined) return new Uint8Array(0);
      if (!(body instanceof ReadableStream)) throw toGithubError(new Error('the answer has no body'), action);
      try {
        return new Uint8Array(await new Response(body).arrayBuffer());
      } catch (err) {
        if (attempt >= this.timing.retries) throw toGithubError(err, action);
        await pause(this.timing, (attempt + 1) ** 2);
      }
    }
  }

  /** The sha256 of an asset's bytes, downloaded once per asset id; null when the asset is gone. */
  async sha256Of(asset: ReleaseAsset): Promise<string | null> {
    const known = this.hashes.get(asset.id);
    if (known !== undefined) return known;
    const bytes = await this.downloadAsset(asset);
    if (bytes === null) return null;
    const hex = sha256Hex(bytes);
    this.hashes.set(asset.id, hex);
    return hex;
  }

  /** The commit a tag points at (annotated tags followed); null when the tag does not exist. */
  async getTagCommit(tag: string): Promise<string | null> {
    const action = `read tag ${tag} of ${this.where}`;
    // GET /repos/{owner}/{repo}/git/ref/{ref} with ref "tags/<tag>", the slash sent as a slash.
    const res = await this.run(action, () => orNull(() => this.client.request('GET /repos/{owner}/{repo}/git/ref/tags/{tag}', { ...this.repo, tag })));
    if (!res) return null;
    const ref = parseAnswer(GitRefSchema, res.data, action);
    if (ref.object.type !== 'tag') return ref.object.sha;
    const tagObject = await this.run(action, () => this.client.request('GET /repos/{owner}/{repo}/git/tags/{tag_sha}', { ...this.repo, tag_sha: ref.object.sha }));
    return parseAnswer(GitTagSchema, tagObject.data, action).object.sha;
  }
}
