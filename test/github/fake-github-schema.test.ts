import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InMemoryRelease } from '../../pipeline/render/render-assets.ts';
import { createGithubClient } from '../../pipeline/store/github/client.ts';
import { upsertPrComment } from '../../pipeline/store/github/pr-comment.ts';
import { operationKey } from '../support/fake-github/openapi-fixture.ts';
import { loadGithubOpenApi, translateSchema, type GithubOpenApi } from '../support/fake-github/openapi.ts';
import { ROUTES } from '../support/fake-github/routes.ts';
import { FakeGithub, READ_TOKEN, WRITE_TOKEN, type SeenRequest } from '../support/fake-github/server.ts';
import { storeFor, TEST_TIMING } from '../support/github-store.ts';
import { renderFirstRelease } from '../support/releases.ts';

let openapi: GithubOpenApi;
let release: InMemoryRelease;
let other: InMemoryRelease;
/** Every request the pipeline made to the fakes in exercise(), with the answer. */
let seen: SeenRequest[];
const fakes: FakeGithub[] = [];
const R = '/repos/{owner}/{repo}';

beforeAll(async () => {
  openapi = loadGithubOpenApi();
  release = await renderFirstRelease(1_700_000_000);
  other = await renderFirstRelease(1_710_000_000);
  seen = (await exercise()).flatMap((f) => f.requests);
});
afterAll(async () => {
  for (const f of fakes) await f.close();
});

async function start(options: Parameters<typeof FakeGithub.start>[0] = {}): Promise<FakeGithub> {
  const fake = await FakeGithub.start({ pulls: [7], ...options });
  fakes.push(fake);
  return fake;
}

/** Drives every endpoint the pipeline uses through the fake, successes and errors alike. */
async function exercise(): Promise<FakeGithub[]> {
  const client = (fake: FakeGithub, token = WRITE_TOKEN): ReturnType<typeof createGithubClient> =>
    createGithubClient({ token, apiUrl: fake.apiUrl, timing: TEST_TIMING });
  const repo = { owner: 'shandong', repo: 'commitments' };

  // Publishing with GitHub's digests; a duplicate draft, a starter asset, a retried upload.
  const a = await start();
  await client(a).request('GET /repos/{owner}/{repo}/releases/latest', repo).catch(() => undefined); // 404: no release yet
  const dupBody = `x\n\n<!-- shandong-commitments sha256sums=${'0'.repeat(64)} -->\n`;
  a.state.createRelease({ tag_name: 'v1.0.0', draft: true, body: dupBody });
  a.state.createRelease({ tag_name: 'v1.0.0', draft: true, body: dupBody });
  let uploads = 0;
  a.faults = (r) => {
    if (r.origin !== 'uploads') return undefined;
    uploads++;
    return uploads === 1 ? { kind: 'starter' } : uploads === 3 ? { kind: 'drop-after' } : undefined;
  };
  await storeFor(a).publish(release);
  await storeFor(a).publish(release); // unchanged
  await storeFor(a).publish(other).catch(() => undefined); // refused
  const published = [...a.state.releases.values()].find((r) => !r.draft)!;
  const asset = a.state.assetsOf(published.id)[0]!;
  await client(a).request('GET /repos/{owner}/{repo}/releases/assets/{asset_id}', { ...repo, asset_id: asset.id });
  await client(a).request('GET /repos/{owner}/{repo}/git/ref/{ref}', { ...repo, ref: 'tags/v1.0.0' });
  await client(a).request('GET /repos/{owner}/{repo}/releases/tags/{tag}', { ...repo, tag: 'v1.0.0' });
  await client(a).request('GET /repos/{owner}/{repo}/releases/{release_id}', { ...repo, release_id: 999 }).catch(() => undefined);
  await client(a).request('PATCH /repos/{owner}/{repo}/releases/{release_id}', { ...repo, release_id: 999, draft: false }).catch(() => undefined);
  await client(a).request('DELETE /repos/{owner}/{repo}/releases/assets/{asset_id}', { ...repo, asset_id: 999 }).catch(() => undefined);
  await client(a).request('POST /repos/{owner}/{repo}/releases', { ...repo, tag_name: 'v1.0.0' }).catch(() => undefined); // 422 already_exists
  await storeFor(a, { token: 'ghp_notAValidTokenAtAll000000000000' }).listVersions().catch(() => undefined); // 401
  await storeFor(a, { token: READ_TOKEN }).listVersions();
  await client(a, READ_TOKEN).request('POST /repos/{owner}/{repo}/releases', { ...repo, tag_name: 'v9.9.9' }).catch(() => undefined); // 403

  // Without digests: downloads through the 302 to storage.
  const b = await start({ digests: false });
  await storeFor(b).publish(release);
  const readBack = storeFor(b);
  await readBack.listVersions();
  await readBack.readAsset('1.0.0', 'SHA256SUMS');

  // Pull request comments: create, update, a missing pull request.
  const c = await start();
  await upsertPrComment(client(c), repo, 7, 'first');
  await upsertPrComment(client(c), repo, 7, 'second');
  await upsertPrComment(client(c), repo, 8, 'none').catch(() => undefined);
  await client(c).request('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', { ...repo, comment_id: 999, body: 'x' }).catch(() => undefined);
  return [a, b, c];
}

describe('the fake GitHub API answers in the shapes GitHub publishes', () => {
  it('translates OpenAPI 3.0 nullable into JSON Schema', () => {
    expect(translateSchema({ type: 'string', nullable: true })).toEqual({ type: ['string', 'null'] });
    expect(translateSchema({ type: 'object', properties: { x: { nullable: true, allOf: [{ type: 'string' }] } } })).toEqual({
      type: 'object',
      properties: { x: { anyOf: [{ allOf: [{ type: 'string' }] }, { type: 'null' }] } },
    });
    expect(translateSchema({ type: 'string', enum: ['a'], nullable: true })).toEqual({ type: ['string', 'null'], enum: ['a', null] });
  });

  it('the fixture has exactly the operations the fake routes (after a change to ROUTES: npm run fixtures:github)', () => {
    const routed = [...new Set(ROUTES.map(operationKey))].sort();
    expect(
      routed.filter((key) => !openapi.operations.includes(key)),
      'operations the fake serves that test/fixtures/github-openapi.json lacks',
    ).toEqual([]);
    expect(openapi.operations).toEqual(routed);
    for (const route of ROUTES) expect(openapi.hasOperation(route.template, route.method), operationKey(route)).toBe(true);
    expect(openapi.hasOperation(`${R}/releases`, 'PUT')).toBe(false);
    expect(openapi.source).toMatch(/^@octokit\/openapi@\d+\.\d+\.\d+$/);
  });

  it("every JSON answer of every endpoint used validates against GitHub's OpenAPI description", () => {
    const problems: string[] = [];
    const validated = new Set<string>();
    for (const r of seen) {
      if (r.template === null || r.status === null || r.json === null) continue;
      expect(openapi.hasOperation(r.template, r.method), `${r.method} ${r.template} is a GitHub operation`).toBe(true);
      if (r.fault === 'starter' || (r.fault === 'status' && r.status >= 500)) continue; // injected server errors
      const validate = openapi.validatorFor(r.template, r.method, r.status);
      if (!validate) {
        problems.push(`${r.method} ${r.template} ${r.status}: no schema documented for this answer`);
        continue;
      }
      if (!validate(r.json)) problems.push(`${r.method} ${r.template} ${r.status}: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
      validated.add(`${r.method} ${r.template} ${r.status}`);
    }
    expect(problems).toEqual([]);
    // The check can fail: a release without its required fields does not pass.
    expect(openapi.validatorFor('/repos/{owner}/{repo}/releases', 'GET', 200)!([{ id: 1, tag_name: 'v1.0.0' }])).toBe(false);
    expect([...validated].sort()).toEqual(
      [
        `DELETE ${R}/releases/assets/{asset_id} 404`,
        `GET ${R}/git/ref/{ref} 200`,
        `GET ${R}/git/ref/{ref} 404`,
        `GET ${R}/issues/{issue_number}/comments 200`,
        `GET ${R}/issues/{issue_number}/comments 404`,
        `GET ${R}/releases 200`,
        `GET ${R}/releases 401`,
        `GET ${R}/releases/assets/{asset_id} 200`,
        `GET ${R}/releases/latest 200`,
        `GET ${R}/releases/latest 404`,
        `GET ${R}/releases/tags/{tag} 200`,
        `GET ${R}/releases/tags/{tag} 404`,
        `GET ${R}/releases/{release_id} 200`,
        `GET ${R}/releases/{release_id} 404`,
        `GET ${R}/releases/{release_id}/assets 200`,
        `PATCH ${R}/issues/comments/{comment_id} 200`,
        `PATCH ${R}/issues/comments/{comment_id} 404`,
        `PATCH ${R}/releases/{release_id} 200`,
        `PATCH ${R}/releases/{release_id} 404`,
        `POST ${R}/issues/{issue_number}/comments 201`,
        `POST ${R}/releases 201`,
        `POST ${R}/releases 403`,
        `POST ${R}/releases 422`,
        `POST ${R}/releases/{release_id}/assets 201`,
        `POST ${R}/releases/{release_id}/assets 422`,
      ].sort(),
    );
    // Answers without a JSON body, in GitHub's statuses.
    const statuses = new Set(seen.map((r) => `${r.method} ${r.template} ${r.status}`));
    expect(statuses).toContain(`GET ${R}/releases/assets/{asset_id} 302`);
    expect(statuses).toContain(`DELETE ${R}/releases/{release_id} 204`);
    expect(statuses).toContain(`DELETE ${R}/releases/assets/{asset_id} 204`);
  });
});

/** A copy of a JSON value with the value at `path` replaced (or removed, with REMOVE). */
const REMOVE = Symbol('remove');
function changedAt(value: unknown, path: readonly (string | number)[], to: unknown): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return to;
  if (Array.isArray(value) && typeof head === 'number' && head < value.length) return value.map((v, i) => (i === head ? changedAt(v, rest, to) : v));
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && typeof head === 'string' && head in value) {
    const copy: Record<string, unknown> = { ...value };
    if (rest.length === 0 && to === REMOVE) delete copy[head];
    else copy[head] = changedAt(copy[head], rest, to);
    return copy;
  }
  throw new Error(`the answer has no ${String(head)} at ${path.join('/')}`);
}

describe("an answer that drifts from GitHub's schema fails the check", () => {
  const answer = (): { json: unknown; validate: NonNullable<ReturnType<GithubOpenApi['validatorFor']>> } => {
    const r = seen.find((q) => q.method === 'GET' && q.template === `${R}/releases/{release_id}` && q.status === 200 && q.fault === null);
    expect(r, 'the fake answered GET a release').toBeDefined();
    const validate = openapi.validatorFor(`${R}/releases/{release_id}`, 'GET', 200);
    expect(validate).not.toBeNull();
    return { json: r!.json, validate: validate! };
  };

  it('the real answer (a published release with its assets) passes, and so do the nulls GitHub allows', () => {
    const { json, validate } = answer();
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    for (const [path, to] of [
      [['body'], null],
      [['name'], null],
      [['assets', 0, 'label'], null],
      [['assets', 0, 'digest'], null],
    ] as const) {
      expect(validate(changedAt(json, path, to)), `${path.join('/')}: null`).toBe(true);
    }
  });

  const drifts = [
    { change: 'id as a string where GitHub says integer', path: ['id'], to: '123', at: '/id', keyword: 'type' },
    { change: 'an asset size as a string', path: ['assets', 0, 'size'], to: '1024', at: '/assets/0/size', keyword: 'type' },
    { change: "a number as the uploader's login", path: ['assets', 0, 'uploader', 'login'], to: 42, at: '/assets/0/uploader/login', keyword: 'type' },
    { change: 'null where GitHub does not allow it (tag_name)', path: ['tag_name'], to: null, at: '/tag_name', keyword: 'type' },
    { change: 'an asset state outside the enum', path: ['assets', 0, 'state'], to: 'deleted', at: '/assets/0/state', keyword: 'enum' },
    { change: 'the required tag_name missing', path: ['tag_name'], to: REMOVE, at: '', keyword: 'required' },
    { change: "the author's required node_id missing", path: ['author', 'node_id'], to: REMOVE, at: '/author', keyword: 'required' },
  ] as const;
  it.each(drifts.map((d) => [d.change, d] as const))('rejects %s', (_, { path, to, at, keyword }) => {
    const { json, validate } = answer();
    expect(validate(changedAt(json, path, to))).toBe(false);
    expect(validate.errors?.map((e) => [e.instancePath, e.keyword])).toContainEqual([at, keyword]);
  });
});
