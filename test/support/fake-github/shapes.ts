/**
 * JSON as GitHub's REST API answers it, for the resources the fake serves. Field sets
 * and null-ness follow GitHub's OpenAPI schemas (test/fixtures/github-openapi.json; a test
 * validates every answer).
 */
import type { FakeAsset, FakeComment, FakeRelease } from './repo-state.ts';

/** Where the fake's three origins live. */
export interface Origins {
  readonly api: string;
  readonly uploads: string;
  readonly storage: string;
  readonly owner: string;
  readonly repo: string;
}

/** A user as GitHub shows one (simple-user). */
export function userJson(origins: Origins, who: 'bot' | 'human'): Record<string, unknown> {
  const login = who === 'bot' ? 'github-actions[bot]' : 'octocat';
  const id = who === 'bot' ? 41898282 : 583231;
  const url = `${origins.api}/users/${encodeURIComponent(login)}`;
  return {
    login,
    id,
    node_id: who === 'bot' ? 'MDM6Qm90NDE4OTgyODI=' : 'MDQ6VXNlcjU4MzIzMQ==',
    avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`,
    gravatar_id: '',
    url,
    html_url: who === 'bot' ? 'https://github.com/apps/github-actions' : `https://github.com/${login}`,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type: who === 'bot' ? 'Bot' : 'User',
    user_view_type: 'public',
    site_admin: false,
  };
}

const repoPath = (o: Origins): string => `/repos/${o.owner}/${o.repo}`;

/** The name part of a release's web address: the tag, or untagged-… for a draft. */
function webTag(r: FakeRelease): string {
  return r.draft ? `untagged-${r.untaggedId}` : r.tagName;
}

export function assetJson(o: Origins, a: FakeAsset, release: FakeRelease, withDigest: boolean): Record<string, unknown> {
  return {
    url: `${o.api}${repoPath(o)}/releases/assets/${a.id}`,
    id: a.id,
    node_id: `RA_kwDO${a.id}`,
    name: a.name,
    label: a.label,
    uploader: userJson(o, 'bot'),
    content_type: a.contentType,
    // GitHub's OpenAPI lists 'uploaded' and 'open'; a failed upload really leaves 'starter'.
    state: a.state,
    size: a.bytes.byteLength,
    digest: withDigest && a.state === 'uploaded' ? `sha256:${a.sha256}` : null,
    download_count: a.downloads,
    created_at: a.createdAt,
    updated_at: a.updatedAt,
    browser_download_url: `${o.api}/${o.owner}/${o.repo}/releases/download/${webTag(release)}/${encodeURIComponent(a.name)}`,
  };
}

export function releaseJson(o: Origins, r: FakeRelease, assets: readonly FakeAsset[], withDigest: boolean): Record<string, unknown> {
  const base = `${o.api}${repoPath(o)}/releases/${r.id}`;
  return {
    url: base,
    assets_url: `${base}/assets`,
    upload_url: `${o.uploads}${repoPath(o)}/releases/${r.id}/assets{?name,label}`,
    html_url: `${o.api}/${o.owner}/${o.repo}/releases/tag/${webTag(r)}`,
    id: r.id,
    author: userJson(o, 'bot'),
    node_id: `RE_kwDO${r.id}`,
    tag_name: r.tagName,
    target_commitish: r.targetCommitish,
    name: r.name,
    draft: r.draft,
    immutable: r.immutable,
    prerelease: r.prerelease,
    created_at: r.createdAt,
    updated_at: r.updatedAt,
    published_at: r.publishedAt,
    assets: assets.map((a) => assetJson(o, a, r, withDigest)),
    tarball_url: r.draft ? null : `${o.api}${repoPath(o)}/tarball/${r.tagName}`,
    zipball_url: r.draft ? null : `${o.api}${repoPath(o)}/zipball/${r.tagName}`,
    body: r.body,
  };
}

export function gitRefJson(o: Origins, tag: string, sha: string): Record<string, unknown> {
  return {
    ref: `refs/tags/${tag}`,
    node_id: `REF_kwDO${Buffer.from(tag).toString('hex')}`,
    url: `${o.api}${repoPath(o)}/git/refs/tags/${encodeURIComponent(tag)}`,
    object: { sha, type: 'commit', url: `${o.api}${repoPath(o)}/git/commits/${sha}` },
  };
}

export function commentJson(o: Origins, c: FakeComment): Record<string, unknown> {
  return {
    id: c.id,
    node_id: `IC_kwDO${c.id}`,
    url: `${o.api}${repoPath(o)}/issues/comments/${c.id}`,
    html_url: `${o.api}/${o.owner}/${o.repo}/pull/${c.issue}#issuecomment-${c.id}`,
    body: c.body,
    user: userJson(o, c.author),
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    issue_url: `${o.api}${repoPath(o)}/issues/${c.issue}`,
    author_association: c.author === 'bot' ? 'NONE' : 'OWNER',
  };
}

/** GitHub's error bodies: basic-error, or validation-error for 422. */
export function errorJson(status: number, message: string, errors?: readonly Record<string, string>[]): Record<string, unknown> {
  return {
    message,
    ...(errors ? { errors } : {}),
    documentation_url: 'https://docs.github.com/rest',
    status: String(status),
  };
}
