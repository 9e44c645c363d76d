/**
 * The state of one fake repository and GitHub's rules on it: drafts (invisible by tag
 * and to read-only tokens), tags created on publish, assets unique by name per release,
 * immutable releases, "latest", and pull-request comments.
 */
import { createHash } from 'node:crypto';
import { errorJson } from './shapes.ts';

export interface FakeRelease {
  readonly id: number;
  tagName: string;
  targetCommitish: string;
  name: string | null;
  body: string | null;
  draft: boolean;
  prerelease: boolean;
  immutable: boolean;
  readonly createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
  readonly untaggedId: string;
}

export interface FakeAsset {
  readonly id: number;
  readonly releaseId: number;
  readonly name: string;
  readonly label: string | null;
  readonly contentType: string;
  readonly bytes: Uint8Array;
  /** sha256 of the bytes, hex (GitHub computes it once, at upload). */
  readonly sha256: string;
  /** 'uploaded' when complete; 'starter' when an upload failed half-way. */
  readonly state: 'uploaded' | 'starter';
  readonly createdAt: string;
  readonly updatedAt: string;
  downloads: number;
}

export interface FakeComment {
  readonly id: number;
  readonly issue: number;
  body: string;
  readonly author: 'bot' | 'human';
  readonly createdAt: string;
  updatedAt: string;
}

/** An answer other than success: status, GitHub's JSON body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {
    super(`${status} ${String(body.message)}`);
  }
}

const notFound = (): ApiError => new ApiError(404, errorJson(404, 'Not Found'));
const invalid = (resource: string, field: string, code: string): ApiError =>
  new ApiError(422, errorJson(422, 'Validation Failed', [{ resource, code, field }]));

export interface RepoOptions {
  /** The commit the default branch points at (a release's target when none is given). */
  readonly headSha: string;
  /** Repository setting: published releases become immutable. */
  readonly immutableReleases?: boolean;
  /** Pull request numbers that exist. */
  readonly pulls?: readonly number[];
}

export class RepoState {
  readonly releases = new Map<number, FakeRelease>();
  readonly assets = new Map<number, FakeAsset>();
  /** Tag name → commit sha. */
  readonly tags = new Map<string, string>();
  readonly comments = new Map<number, FakeComment>();
  private latestId: number | null = null;
  private nextId = 1;
  private ticks = 0;

  constructor(readonly options: RepoOptions) {}

  /** A deterministic clock: one second per change. */
  private now(): string {
    return new Date(Date.UTC(2024, 0, 1) + 1000 * this.ticks++).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }

  private id(): number {
    return this.nextId++;
  }

  assetsOf(releaseId: number): FakeAsset[] {
    return [...this.assets.values()].filter((a) => a.releaseId === releaseId).sort((a, b) => a.id - b.id);
  }

  /** Newest first, as GitHub lists them; drafts only for tokens that can push. */
  listReleases(canPush: boolean): FakeRelease[] {
    return [...this.releases.values()].filter((r) => canPush || !r.draft).sort((a, b) => b.id - a.id);
  }

  getRelease(id: number, canPush: boolean): FakeRelease {
    const r = this.releases.get(id);
    if (!r || (r.draft && !canPush)) throw notFound();
    return r;
  }

  /** Published releases only: GitHub never finds a draft by its tag. */
  getReleaseByTag(tag: string): FakeRelease {
    const r = [...this.releases.values()].find((x) => !x.draft && x.tagName === tag);
    if (!r) throw notFound();
    return r;
  }

  latest(): FakeRelease {
    const marked = this.latestId === null ? undefined : this.releases.get(this.latestId);
    if (marked && !marked.draft && !marked.prerelease) return marked;
    const published = [...this.releases.values()].filter((r) => !r.draft && !r.prerelease).sort((a, b) => b.id - a.id);
    if (!published[0]) throw notFound();
    return published[0];
  }

  private resolveCommit(commitish: string): string {
    return /^[0-9a-f]{40}$/.test(commitish) ? commitish : this.options.headSha;
  }

  /** Publishes: the tag is created on the target if missing; one published release per tag. */
  private publish(r: FakeRelease, makeLatest: string | undefined): void {
    const other = [...this.releases.values()].find((x) => x.id !== r.id && !x.draft && x.tagName === r.tagName);
    if (other) throw invalid('Release', 'tag_name', 'already_exists');
    if (!this.tags.has(r.tagName)) this.tags.set(r.tagName, this.resolveCommit(r.targetCommitish));
    r.draft = false;
    r.publishedAt = this.now();
    r.immutable = this.options.immutableReleases === true;
    if (makeLatest !== 'false' && !r.prerelease) this.latestId = r.id;
  }

  createRelease(input: { tag_name?: unknown; target_commitish?: unknown; name?: unknown; body?: unknown; draft?: unknown; prerelease?: unknown; make_latest?: unknown }): FakeRelease {
    if (typeof input.tag_name !== 'string' || input.tag_name === '') throw invalid('Release', 'tag_name', 'missing_field');
    if (typeof input.body === 'string' && input.body.length > 125_000) throw invalid('Release', 'body', 'custom');
    const at = this.now();
    const id = this.id();
    const r: FakeRelease = {
      id,
      tagName: input.tag_name,
      targetCommitish: typeof input.target_commitish === 'string' ? input.target_commitish : 'main',
      name: typeof input.name === 'string' ? input.name : null,
      body: typeof input.body === 'string' ? input.body : null,
      draft: true,
      prerelease: input.prerelease === true,
      immutable: false,
      createdAt: at,
      updatedAt: at,
      publishedAt: null,
      untaggedId: (id * 2654435761).toString(16).slice(-20).padStart(20, '0'),
    };
    if (input.draft !== true) this.publish(r, typeof input.make_latest === 'string' ? input.make_latest : undefined);
    this.releases.set(id, r);
    return r;
  }

  updateRelease(id: number, input: Record<string, unknown>): FakeRelease {
    const r = this.getRelease(id, true);
    if (r.immutable && (input.draft === true || (typeof input.tag_name === 'string' && input.tag_name !== r.tagName))) {
      throw new ApiError(422, errorJson(422, 'Cannot modify an immutable release.'));
    }
    if (typeof input.body === 'string' && input.body.length > 125_000) throw invalid('Release', 'body', 'custom');
    if (typeof input.tag_name === 'string') r.tagName = input.tag_name;
    if (typeof input.target_commitish === 'string') r.targetCommitish = input.target_commitish;
    if (typeof input.name === 'string') r.name = input.name;
    if (typeof input.body === 'string') r.body = input.body;
    if (typeof input.prerelease === 'boolean') r.prerelease = input.prerelease;
    const makeLatest = typeof input.make_latest === 'string' ? input.make_latest : undefined;
    if (input.draft === false && r.draft) this.publish(r, makeLatest);
    else if (input.draft === true) r.draft = true;
    else if (makeLatest === 'true' && !r.draft) this.latestId = r.id;
    r.updatedAt = this.now();
    return r;
  }

  deleteRelease(id: number): void {
    this.getRelease(id, true);
    this.releases.delete(id);
    for (const a of this.assetsOf(id)) this.assets.delete(a.id);
    if (this.latestId === id) this.latestId = null;
  }

  getAsset(id: number, canPush: boolean): FakeAsset {
    const a = this.assets.get(id);
    if (!a) throw notFound();
    this.getRelease(a.releaseId, canPush);
    return a;
  }

  uploadAsset(releaseId: number, name: string | null, label: string | null, contentType: string, bytes: Uint8Array, state: FakeAsset['state']): FakeAsset {
    const r = this.getRelease(releaseId, true);
    if (r.immutable) throw new ApiError(422, errorJson(422, 'Cannot upload assets to an immutable release.'));
    if (!name) throw invalid('ReleaseAsset', 'name', 'missing_field');
    if (this.assetsOf(releaseId).some((a) => a.name === name)) throw invalid('ReleaseAsset', 'name', 'already_exists');
    const at = this.now();
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const asset: FakeAsset = { id: this.id(), releaseId, name, label, contentType, bytes, sha256, state, createdAt: at, updatedAt: at, downloads: 0 };
    this.assets.set(asset.id, asset);
    return asset;
  }

  deleteAsset(id: number): void {
    const a = this.getAsset(id, true);
    if (this.releases.get(a.releaseId)?.immutable) throw new ApiError(422, errorJson(422, 'Cannot delete assets of an immutable release.'));
    this.assets.delete(id);
  }

  tagCommit(tag: string): string {
    const sha = this.tags.get(tag);
    if (!sha) throw notFound();
    return sha;
  }

  listComments(issue: number): FakeComment[] {
    if (!this.options.pulls?.includes(issue)) throw notFound();
    return [...this.comments.values()].filter((c) => c.issue === issue).sort((a, b) => a.id - b.id);
  }

  addComment(issue: number, body: unknown, author: FakeComment['author']): FakeComment {
    if (!this.options.pulls?.includes(issue)) throw notFound();
    if (typeof body !== 'string' || body === '') throw invalid('IssueComment', 'body', 'missing_field');
    if (body.length > 65_536) throw invalid('IssueComment', 'body', 'custom');
    const at = this.now();
    const c: FakeComment = { id: this.id(), issue, body, author, createdAt: at, updatedAt: at };
    this.comments.set(c.id, c);
    return c;
  }

  updateComment(id: number, body: unknown): FakeComment {
    const c = this.comments.get(id);
    if (!c) throw notFound();
    if (typeof body !== 'string' || body === '') throw invalid('IssueComment', 'body', 'missing_field');
    c.body = body;
    c.updatedAt = this.now();
    return c;
  }
}
