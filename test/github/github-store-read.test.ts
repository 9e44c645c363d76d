import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InMemoryRelease } from '../../pipeline/render/render-assets.ts';
import { readDataset } from '../../pipeline/release-format/read-release.ts';
import { FakeGithub, READ_TOKEN } from '../support/fake-github/server.ts';
import { seedPublished, storeFor } from '../support/github-store.ts';
import { expectPipelineError } from '../support/pipeline-error.ts';
import { renderFirstRelease, renderRelease } from '../support/releases.ts';
import { makeTempDir } from '../support/temp-dir.ts';
import { copySeeds, rewordJinan } from '../support/workspace.ts';

let release: InMemoryRelease;
const fakes: FakeGithub[] = [];
beforeAll(async () => {
  release = await renderFirstRelease();
});
afterAll(async () => {
  for (const f of fakes) await f.close();
});

async function publishedFake(options: Parameters<typeof FakeGithub.start>[0] = {}): Promise<FakeGithub> {
  const fake = await FakeGithub.start(options);
  fakes.push(fake);
  seedPublished(fake, release);
  return fake;
}

const assetOf = (fake: FakeGithub, name: string) => [...fake.state.assets.values()].find((a) => a.name === name)!;

describe('GitHub store: reading the previous release as untrusted input', () => {
  it('lists published v<semver> releases only, oldest first; drafts and other tags are not versions', async () => {
    const fake = await publishedFake();
    fake.state.createRelease({ tag_name: 'v1.10.0', draft: false });
    fake.state.createRelease({ tag_name: 'v1.2.0', draft: false });
    fake.state.createRelease({ tag_name: 'v2.0.0', draft: true });
    fake.state.createRelease({ tag_name: 'nightly', draft: false });
    expect(await storeFor(fake).listVersions()).toEqual(['1.0.0', '1.2.0', '1.10.0']);
    // A read-only token sees no drafts at all, and gets the same versions.
    expect(await storeFor(fake, { token: READ_TOKEN }).listVersions()).toEqual(['1.0.0', '1.2.0', '1.10.0']);
  });

  it('reads back exactly the published bytes, with or without GitHub digests', async () => {
    for (const digests of [true, false]) {
      const fake = await publishedFake({ digests });
      const store = storeFor(fake);
      expect(await store.listVersions()).toEqual(['1.0.0']);
      for (const a of release.assets) expect(Buffer.from(await store.readAsset('1.0.0', a.name)).equals(Buffer.from(a.bytes))).toBe(true);
      const dataset = await readDataset(store, '1.0.0');
      expect(dataset.records.length).toBeGreaterThan(40);
    }
  });

  it('a missing asset of a published release is E_STORE_CORRUPT and a missing release E_NOT_FOUND, never an empty dataset', async () => {
    const fake = await publishedFake();
    fake.state.deleteAsset(assetOf(fake, 'cities.json').id);
    const store = storeFor(fake);
    const missing = await expectPipelineError(readDataset(store, '1.0.0'));
    expect([missing.code, missing.message]).toEqual(['E_STORE_CORRUPT', expect.stringMatching(/v1\.0\.0 is published but cities\.json is missing/)]);
    expect((await expectPipelineError(store.readAsset('9.9.9', 'SHA256SUMS'))).code).toBe('E_NOT_FOUND');
  });

  it('an altered asset is E_STORE_CORRUPT: caught by GitHub\'s digest, or by SHA256SUMS without one', async () => {
    for (const digests of [true, false]) {
      const fake = await publishedFake({ digests });
      const a = assetOf(fake, 'commitments.json');
      const altered = Buffer.from(a.bytes);
      altered[altered.length - 3] = 0x20;
      fake.state.assets.set(a.id, { ...a, bytes: new Uint8Array(altered) });
      const err = await expectPipelineError(readDataset(storeFor(fake), '1.0.0'));
      expect(err.code).toBe('E_STORE_CORRUPT');
      expect(err.message).toContain('commitments.json');
    }
  });

  it('an incomplete ("starter") asset of a published release is E_STORE_CORRUPT', async () => {
    const fake = await publishedFake();
    const a = assetOf(fake, 'SHA256SUMS');
    fake.state.assets.set(a.id, { ...a, state: 'starter' });
    const err = await expectPipelineError(storeFor(fake).readAsset('1.0.0', 'SHA256SUMS'));
    expect(err.code).toBe('E_STORE_CORRUPT');
    expect(err.message).toContain('incomplete');
  });

  it('a second release built on the first through GitHub carries ids forward (v1.0.0 → v1.0.1)', async () => {
    const fake = await publishedFake();
    const seeds = await copySeeds(await makeTempDir());
    await rewordJinan(seeds);
    const store = storeFor(fake);
    const next = await renderRelease(seeds, store);
    expect(next.version).toBe('1.0.1');
    expect((await store.publish(next)).status).toBe('published');
    const after = storeFor(fake);
    expect(await after.listVersions()).toEqual(['1.0.0', '1.0.1']);
    const [v1, v2] = [await readDataset(after, '1.0.0'), await readDataset(after, '1.0.1')];
    expect(v2.records.map((r) => r.id)).toEqual(v1.records.map((r) => r.id));
    expect(next.changes.summary).toEqual({ added: 0, removed: 0, modified: 1, renumbered: 0, weakened: 0 });
    expect(fake.state.latest().tagName).toBe('v1.0.1');
  });
});
