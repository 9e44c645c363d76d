/**
 * The endpoints the fake serves, each with its OpenAPI path template (the schema test
 * looks answers up by it) and a handler that applies GitHub's rules to the state. After
 * adding one, `npm run fixtures:github` adds its operation to test/fixtures/github-openapi.json.
 */
import { createHash } from 'node:crypto';
import { ApiError, type FakeRelease, type RepoState } from './repo-state.ts';
import { assetJson, commentJson, errorJson, gitRefJson, releaseJson, type Origins } from './shapes.ts';

export type Origin = 'api' | 'uploads' | 'storage';

/** What a handler answers. */
export interface Answer {
  readonly status: number;
  readonly json?: unknown;
  readonly bytes?: Uint8Array;
  readonly headers?: Readonly<Record<string, string>>;
  /** The release this request created or changed (for the 'lag' fault). */
  readonly touched?: number;
}

export interface RouteContext {
  readonly state: RepoState;
  readonly origins: Origins;
  readonly canPush: boolean;
  readonly query: URLSearchParams;
  readonly body: Buffer;
  readonly accept: string;
  readonly contentType: string;
  readonly digests: boolean;
  /** The pathname without query, for pagination links. */
  readonly url: string;
  /** Throws 404 while a release is "lagging" behind a write. */
  readonly checkLag: (releaseId: number) => void;
  readonly isLagging: (releaseId: number) => boolean;
  /** Partial upload: the 'starter' fault. */
  readonly starter: boolean;
}

export interface Route {
  readonly origin: Origin;
  readonly method: string;
  /** OpenAPI path template, e.g. /repos/{owner}/{repo}/releases/{release_id}. */
  readonly template: string;
  readonly handle: (ctx: RouteContext, params: string[]) => Answer;
}

function jsonBody(ctx: RouteContext): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(ctx.body.toString('utf8') || '{}');
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // answered below
  }
  throw new ApiError(400, errorJson(400, 'Problems parsing JSON'));
}

/** GitHub's pagination: per_page (≤ 100, default 30), page, and a Link header. */
function page<T>(ctx: RouteContext, items: readonly T[]): { json: T[]; headers: Record<string, string> } {
  const perPage = Math.min(100, Math.max(1, Number(ctx.query.get('per_page') ?? 30) || 30));
  const current = Math.max(1, Number(ctx.query.get('page') ?? 1) || 1);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const link = (p: number, rel: string): string => `<${ctx.origins.api}${ctx.url}?per_page=${perPage}&page=${p}>; rel="${rel}"`;
  const links = [];
  if (current < last) links.push(link(current + 1, 'next'), link(last, 'last'));
  if (current > 1) links.push(link(1, 'first'), link(current - 1, 'prev'));
  return { json: items.slice((current - 1) * perPage, current * perPage), headers: links.length ? { link: links.join(', ') } : {} };
}

const rel = (ctx: RouteContext, r: FakeRelease): unknown => releaseJson(ctx.origins, r, ctx.state.assetsOf(r.id), ctx.digests);

/** The signed storage address an asset download redirects to. */
export function storageUrl(origins: Origins, assetId: number, name: string): string {
  return `${origins.storage}/assets/${assetId}/${encodeURIComponent(name)}?sig=${signatureOf(assetId)}`;
}
export function signatureOf(assetId: number): string {
  return createHash('sha256').update(`asset-${assetId}`).digest('hex').slice(0, 24);
}

const R = '/repos/{owner}/{repo}';

export const ROUTES: readonly Route[] = [
  {
    origin: 'api',
    method: 'GET',
    template: `${R}/releases`,
    handle: (ctx) => {
      const visible = ctx.state.listReleases(ctx.canPush).filter((r) => !ctx.isLagging(r.id));
      const p = page(ctx, visible);
      return { status: 200, json: p.json.map((r) => rel(ctx, r)), headers: p.headers };
    },
  },
  {
    origin: 'api',
    method: 'POST',
    template: `${R}/releases`,
    handle: (ctx) => {
      const r = ctx.state.createRelease(jsonBody(ctx));
      return { status: 201, json: rel(ctx, r), headers: { location: `${ctx.origins.api}${ctx.url}/${r.id}` }, touched: r.id };
    },
  },
  {
    origin: 'api',
    method: 'GET',
    template: `${R}/releases/latest`,
    handle: (ctx) => {
      const r = ctx.state.latest();
      ctx.checkLag(r.id);
      return { status: 200, json: rel(ctx, r) };
    },
  },
  {
    origin: 'api',
    method: 'GET',
    template: `${R}/releases/tags/{tag}`,
    handle: (ctx, [tag]) => {
      const r = ctx.state.getReleaseByTag(tag!);
      ctx.checkLag(r.id);
      return { status: 200, json: rel(ctx, r) };
    },
  },
  {
    origin: 'api',
    method: 'GET',
    template: `${R}/releases/assets/{asset_id}`,
    handle: (ctx, [id]) => {
      const a = ctx.state.getAsset(Number(id), ctx.canPush);
      ctx.checkLag(a.releaseId);
      const r = ctx.state.getRelease(a.releaseId, ctx.canPush);
      if (!ctx.accept.includes('application/octet-stream')) return { status: 200, json: assetJson(ctx.origins, a, r, ctx.digests) };
      if (a.state !== 'uploaded') throw new ApiError(404, errorJson(404, 'Not Found'));
      return { status: 302, headers: { location: storageUrl(ctx.origins, a.id, a.name) } };
    },
  },
  {
    origin: 'api',
    method: 'DELETE',
    template: `${R}/releases/assets/{asset_id}`,
    handle: (ctx, [id]) => {
      const a = ctx.state.getAsset(Number(id), true);
      ctx.checkLag(a.releaseId);
      ctx.state.deleteAsset(a.id);
      return { status: 204, touched: a.releaseId };
    },
  },
  {
    origin: 'api',
    method: 'GET',
    template: `${R}/releases/{release_id}`,
    handle: (ctx, [id]) => {
      ctx.checkLag(Number(id));
      return { status: 200, json: rel(ctx, ctx.state.getRelease(Number(id), ctx.canPush)) };
    },
  },
  {
    origin: 'api',
    method: 'PATCH',
    template: `${R}/releases/{release_id}`,
    handle: (ctx, [id]) => {
      ctx.checkLag(Number(id));
      const r = ctx.state.updateRelease(Number(id), jsonBody(ctx));
      return { status: 200, json: rel(ctx, r), touched: r.id };
    },
  },
  {
    origin: 'api',
    method: 'DELETE',
    template: `${R}/releases/{release_id}`,
    handle: (ctx, [id]) => {
      ctx.checkLag(Number(id));
      ctx.state.deleteRelease(Number(id));
      return { status: 204 };
    },
  },
  {
    origin: 'api',
    method: 'GET',
    template: `${R}/releases/{release_id}/assets`,
    handle: (ctx, [id]) => {
      ctx.checkLag(Number(id));
      const r = ctx.state.getRelease(Number(id), ctx.canPush);
      const p = page(ctx, ctx.state.assetsOf(r.id));
      return { status: 200, json: p.json.map((a) => assetJson(ctx.origins, a, r, ctx.digests)), headers: p.headers };
    },
  },
  {
    origin: 'uploads',
    method: 'POST',
    template: `${R}/releases/{release_id}/assets`,
    handle: (ctx, [id]) => {
      ctx.checkLag(Number(id));
      if (!ctx.contentType) throw new ApiError(422, errorJson(422, 'Validation Failed', [{ resource: 'ReleaseAsset', code: 'missing_field', field: 'content_type' }]));
      const bytes = new Uint8Array(ctx.starter ? ctx.body.subarray(0, Math.floor(ctx.body.length / 2)) : ctx.body);
      const a = ctx.state.uploadAsset(Number(id), ctx.query.get('name'), ctx.query.get('label'), ctx.contentType, bytes, ctx.starter ? 'starter' : 'uploaded');
      const r = ctx.state.getRelease(a.releaseId, true);
      return { status: 201, json: assetJson(ctx.origins, a, r, ctx.digests), touched: r.id };
    },
  },
  {
    origin: 'api',
    method: 'GET',
    template: `${R}/git/ref/{ref}`,
    handle: (ctx, [ref]) => {
      const m = /^tags\/(.+)$/.exec(ref!);
      if (!m) throw new ApiError(404, errorJson(404, 'Not Found'));
      return { status: 200, json: gitRefJson(ctx.origins, m[1]!, ctx.state.tagCommit(m[1]!)) };
    },
  },
  {
    origin: 'api',
    method: 'GET',
    template: `${R}/issues/{issue_number}/comments`,
    handle: (ctx, [n]) => {
      const p = page(ctx, ctx.state.listComments(Number(n)));
      return { status: 200, json: p.json.map((c) => commentJson(ctx.origins, c)), headers: p.headers };
    },
  },
  {
    origin: 'api',
    method: 'POST',
    template: `${R}/issues/{issue_number}/comments`,
    handle: (ctx, [n]) => ({ status: 201, json: commentJson(ctx.origins, ctx.state.addComment(Number(n), jsonBody(ctx).body, 'bot')) }),
  },
  {
    origin: 'api',
    method: 'PATCH',
    template: `${R}/issues/comments/{comment_id}`,
    handle: (ctx, [id]) => ({ status: 200, json: commentJson(ctx.origins, ctx.state.updateComment(Number(id), jsonBody(ctx).body)) }),
  },
];

/** The route for a request, with its decoded parameters (after owner and repo). */
export function matchRoute(origin: Origin, method: string, pathname: string, owner: string, repo: string): { route: Route; params: string[] } | null {
  for (const route of ROUTES) {
    if (route.origin !== origin || route.method !== method) continue;
    const pattern = new RegExp(
      `^${route.template
        .replace('{owner}', owner)
        .replace('{repo}', repo)
        .replace(/[.]/g, '\\.')
        .replace(/\{ref\}/, '(.+)')
        .replace(/\{[a-z_]+\}/g, '([^/]+)')}$`,
    );
    const m = pattern.exec(pathname);
    if (m) return { route, params: m.slice(1).map((p) => decodeURIComponent(p)) };
  }
  return null;
}
