import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { InMemoryRelease } from '../../pipeline/render/render-assets.ts';
import { contentMarkerOf } from '../../pipeline/store/github/draft.ts';
import { FakeGithub, HEAD_SHA } from '../support/fake-github/server.ts';
import { expectPublishedOnce, storeFor } from '../support/github-store.ts';
import { expectPipelineError } from '../support/pipeline-error.ts';
import { renderFirstRelease } from '../support/releases.ts';

let release: InMemoryRelease;
let other: InMemoryRelease; // the same version with other bytes (another release date)
let fake: FakeGithub;

beforeAll(async () => {
  release = await renderFirstRelease(1_700_000_000);
  other = await renderFirstRelease(1_710_000_000);
});
afterEach(async () => {
  await fake?.close();
});

const bytesOf = (r: InMemoryRelease, name: string): Uint8Array => r.assets.find((a) => a.name === name)!.bytes;
const markerOf = (r: InMemoryRelease): string => contentMarkerOf(r.assets.map((a) => ({ name: a.name, size: a.size, sha256: a.sha256, read: a.read })));
/** A snapshot of everything the fake holds, to prove a run changed nothing. */
const snapshot = (f: FakeGithub): string =>
  JSON.stringify({
    releases: [...f.state.releases.values()],
    assets: [...f.state.assets.values()].map((a) => ({ ...a, bytes: Buffer.from(a.bytes).toString('base64'), downloads: 0 })),
    tags: [...f.state.tags],
  });

async function publishFirst(): Promise<void> {
  expect((await storeFor(fake).publish(release)).status).toBe('published');
}

describe('GitHub store: publishing', () => {
  it('publishes draft → upload → verify → publish, tagged on GITHUB_SHA, latest, exactly the assets', async () => {
    fake = await FakeGithub.start();
    const commit = 'c'.repeat(40);
    const result = await storeFor(fake, { commitSha: commit }).publish(release);
    expect(result).toEqual({ status: 'published', location: `${fake.apiUrl}/shandong/commitments/releases/tag/v1.0.0` });
    expectPublishedOnce(fake, release, commit);
    const order = fake.requests.map((r) => `${r.method} ${r.template}`);
    const created = order.indexOf('POST /repos/{owner}/{repo}/releases');
    const flipped = order.indexOf('PATCH /repos/{owner}/{repo}/releases/{release_id}');
    const uploads = order.flatMap((o, i) => (o === 'POST /repos/{owner}/{repo}/releases/{release_id}/assets' ? [i] : []));
    expect(uploads).toHaveLength(release.assets.length);
    expect(created).toBeLessThan(uploads[0]!);
    expect(flipped).toBeGreaterThan(uploads.at(-1)!);
    expect(order.filter((o) => o.startsWith('PATCH'))).toHaveLength(1);
    expect(fake.state.releases.get(1)!.body).toContain(markerOf(release));
  });

  it('re-running a finished publish changes nothing: unchanged, not a single write', async () => {
    fake = await FakeGithub.start();
    await publishFirst();
    const before = snapshot(fake);
    const writes = fake.writes().length;
    const result = await storeFor(fake).publish(release);
    expect(result.status).toBe('unchanged');
    expect(fake.writes().length).toBe(writes);
    expect(snapshot(fake)).toBe(before);
  });

  it('a file attached by hand to the published release does not make it another release', async () => {
    fake = await FakeGithub.start();
    await publishFirst();
    const published = [...fake.state.releases.values()][0]!;
    fake.state.uploadAsset(published.id, 'errata.pdf', null, 'application/pdf', new Uint8Array([37, 80, 68, 70]), 'uploaded');
    const writes = fake.writes().length;
    expect((await storeFor(fake).publish(release)).status).toBe('unchanged');
    expect(fake.writes().length).toBe(writes);
  });

  it('different bytes under a published version: refused with the reason, nothing changed', async () => {
    fake = await FakeGithub.start();
    await publishFirst();
    const before = snapshot(fake);
    const writes = fake.writes().length;
    const err = await expectPipelineError(storeFor(fake).publish(other));
    expect(err.code).toBe('E_PUBLISH_CONFLICT');
    expect(err.message).toMatch(/v1\.0\.0 is already published .* different content; refusing to change it/);
    expect(err.details.join('\n')).toMatch(/differs: CHANGELOG\.md: different \(sha256 /);
    expect(err.details.join('\n')).toMatch(/differs: SHA256SUMS/);
    expect(fake.writes().length).toBe(writes);
    expect(snapshot(fake)).toBe(before);
  });

  it('continues the oldest draft of the same content, keeps its good assets, replaces broken ones, removes duplicates', async () => {
    fake = await FakeGithub.start();
    const body = `notes\n\n${markerOf(release)}\n`;
    const oldest = fake.state.createRelease({ tag_name: 'v1.0.0', draft: true, body });
    const duplicate = fake.state.createRelease({ tag_name: 'v1.0.0', draft: true, body });
    fake.state.uploadAsset(oldest.id, 'commitments.json', null, 'application/octet-stream', bytesOf(release, 'commitments.json'), 'uploaded');
    fake.state.uploadAsset(oldest.id, 'cities.json', null, 'application/octet-stream', bytesOf(release, 'cities.json').slice(0, 10), 'starter');
    fake.state.uploadAsset(oldest.id, 'changes.json', null, 'application/octet-stream', bytesOf(other, 'changes.json'), 'uploaded');
    fake.state.uploadAsset(oldest.id, 'stray.txt', null, 'text/plain', new Uint8Array([1]), 'uploaded');
    const kept = fake.state.assetsOf(oldest.id).find((a) => a.name === 'commitments.json')!.id;

    expect((await storeFor(fake).publish(release)).status).toBe('published');
    expectPublishedOnce(fake, release);
    expect(fake.state.releases.has(duplicate.id)).toBe(false);
    expect(fake.state.releases.get(oldest.id)!.draft).toBe(false);
    expect(fake.state.assetsOf(oldest.id).find((a) => a.name === 'commitments.json')!.id).toBe(kept);
    const uploaded = fake.requests.filter((r) => r.origin === 'uploads').map((r) => new URL(r.path, 'http://x').searchParams.get('name'));
    expect(uploaded).not.toContain('commitments.json');
    expect(fake.requests.filter((r) => r.method === 'POST' && r.origin === 'api')).toHaveLength(0);
  });

  it('adopts a draft made elsewhere (no content marker): publishes that draft, with our notes; other such drafts removed', async () => {
    fake = await FakeGithub.start();
    const adopted = fake.state.createRelease({ tag_name: 'v1.0.0', draft: true, body: 'made by hand' });
    const extra = fake.state.createRelease({ tag_name: 'v1.0.0', draft: true, body: null });
    fake.state.uploadAsset(adopted.id, 'SHA256SUMS', null, 'application/octet-stream', bytesOf(release, 'SHA256SUMS'), 'uploaded');
    expect((await storeFor(fake).publish(release)).status).toBe('published');
    expectPublishedOnce(fake, release);
    expect(fake.state.releases.get(adopted.id)?.draft).toBe(false);
    expect(fake.state.releases.has(extra.id)).toBe(false);
    expect(fake.state.releases.get(adopted.id)!.body).toContain(markerOf(release));
    expect(fake.requests.filter((r) => r.method === 'POST' && r.origin === 'api')).toHaveLength(0);
  });

  it('never fills or publishes a draft of other bytes (a crashed run of other seeds); removes it once the release is out', async () => {
    fake = await FakeGithub.start();
    const stale = fake.state.createRelease({ tag_name: 'v1.0.0', draft: true, body: `x\n\n${markerOf(other)}\n` });
    for (const a of other.assets) fake.state.uploadAsset(stale.id, a.name, null, 'application/octet-stream', a.bytes, 'uploaded');
    const staleAssets = fake.state.assetsOf(stale.id).map((a) => a.id);

    expect((await storeFor(fake).publish(release)).status).toBe('published');
    expectPublishedOnce(fake, release);
    expect(fake.state.releases.has(stale.id)).toBe(false);
    expect(fake.writes().filter((r) => r.method === 'DELETE' && r.template?.endsWith('/releases/assets/{asset_id}'))).toHaveLength(0);
    expect(staleAssets.every((id) => !fake.state.assets.has(id))).toBe(true);
  });

  it('works without GitHub\'s digest field: downloads and hashes each asset (storage never sees the token)', async () => {
    fake = await FakeGithub.start({ digests: false });
    await publishFirst();
    expectPublishedOnce(fake, release);
    const downloads = fake.requests.filter((r) => r.origin === 'storage');
    expect(downloads.length).toBeGreaterThanOrEqual(release.assets.length);
    expect(downloads.every((r) => r.status === 200 && !r.hadAuthorization)).toBe(true);
  });

  it('a 502 that leaves a "starter" asset: the broken asset is deleted and uploaded again', async () => {
    fake = await FakeGithub.start();
    let faulted = false;
    fake.faults = (r) => (r.origin === 'uploads' && !faulted ? ((faulted = true), { kind: 'starter' }) : undefined);
    await publishFirst();
    expectPublishedOnce(fake, release);
    const starter = fake.requests.find((r) => r.fault === 'starter')!;
    expect(starter.status).toBe(502);
    expect(fake.requests.some((r) => r.method === 'DELETE' && r.template?.endsWith('/releases/assets/{asset_id}'))).toBe(true);
  });

  it('404 lag after creating the draft is waited out: one draft, not two', async () => {
    fake = await FakeGithub.start();
    fake.faults = (r) => (r.method === 'POST' && r.template === '/repos/{owner}/{repo}/releases' ? { kind: 'lag', requests: 2 } : undefined);
    await publishFirst();
    expectPublishedOnce(fake, release);
    expect(fake.requests.filter((r) => r.status === 404 && r.template?.includes('{release_id}')).length).toBeGreaterThan(0);
    expect(fake.requests.filter((r) => r.method === 'POST' && r.template === '/repos/{owner}/{repo}/releases')).toHaveLength(1);
  });

  it('a tag already on another commit: refused, nothing written', async () => {
    fake = await FakeGithub.start();
    fake.state.tags.set('v1.0.0', 'd'.repeat(40));
    const err = await expectPipelineError(storeFor(fake).publish(release));
    expect(err.code).toBe('E_PUBLISH_CONFLICT');
    expect(err.message).toContain(`tag v1.0.0 already exists on commit ${'d'.repeat(40)}, not on ${HEAD_SHA}`);
    expect(fake.writes()).toHaveLength(0);
  });

  it('a tag already on this commit is used as it is', async () => {
    fake = await FakeGithub.start();
    fake.state.tags.set('v1.0.0', HEAD_SHA);
    await publishFirst();
    expectPublishedOnce(fake, release);
  });

  it('immutable releases: assets go up while it is a draft; afterwards GitHub refuses any change (422)', async () => {
    fake = await FakeGithub.start({ immutableReleases: true });
    await publishFirst();
    expectPublishedOnce(fake, release);
    const published = [...fake.state.releases.values()][0]!;
    expect(published.immutable).toBe(true);
    expect(() => fake.state.uploadAsset(published.id, 'late.txt', null, 'text/plain', new Uint8Array([1]), 'uploaded')).toThrow(/immutable/);
    expect((await storeFor(fake).publish(release)).status).toBe('unchanged');
  });

  it('without GITHUB_SHA: E_CONFIG before anything is written', async () => {
    fake = await FakeGithub.start();
    const err = await expectPipelineError(storeFor(fake, { commitSha: null }).publish(release));
    expect(err.code).toBe('E_CONFIG');
    expect(err.message).toContain('GITHUB_SHA');
    expect(fake.writes()).toHaveLength(0);
  });

  it('cuts release notes to GitHub\'s 125000-character limit, keeping the content marker', async () => {
    fake = await FakeGithub.start();
    const long = { ...release, notes: '承诺'.repeat(70_000) };
    expect((await storeFor(fake).publish(long)).status).toBe('published');
    const body = [...fake.state.releases.values()][0]!.body!;
    expect(body.length).toBeLessThanOrEqual(125_000);
    expect(body).toContain(markerOf(release));
    expect(body).toContain('CHANGELOG.md');
  });
});
