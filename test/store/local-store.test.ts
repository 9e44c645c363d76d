import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PipelineError } from '../../pipeline/errors.ts';
import type { RenderedRelease } from '../../pipeline/render/render-assets.ts';
import { changesJsonChunks } from '../../pipeline/render/render-json.ts';
import { encodeChunks } from '../../pipeline/render/stage.ts';
import type { ChangesFile } from '../../pipeline/schemas/release.ts';
import { LocalStore } from '../../pipeline/store/local-store.ts';
import { memoryAsset } from '../../pipeline/release-format/asset.ts';
import { readDataset } from '../../pipeline/release-format/read-release.ts';
import { cli } from '../support/cli.ts';
import { makeTempDir } from '../support/temp-dir.ts';
import { makeWorkspace } from '../support/workspace.ts';

const enc = new TextEncoder();
const sums = (files: Record<string, string>): string => {
  // A tiny but well-formed release for store mechanics (content is not checked by the store).
  return Object.keys(files).sort().map((n) => `${'0'.repeat(64)}  ${n}\n`).join('');
};
function fakeRelease(version: string, body = 'a', from: string | null = null): RenderedRelease {
  // Just what the store's root index reads (the head of changes.json, datapackage.json, the changelog).
  const changes: ChangesFile = { formatVersion: 1, from, to: version, bump: from ? 'minor' : 'initial', summary: { added: 0, removed: 0, modified: 0 }, changes: [] };
  const changesJson = new TextDecoder().decode(encodeChunks(changesJsonChunks(changes)));
  const files = { 'commitments.json': `{"v":"${body}"}`, 'changes.json': changesJson, 'datapackage.json': '{}', 'CHANGELOG.md': `# v${version}\n` };
  return {
    version,
    tag: `v${version}`,
    from,
    notes: '',
    changes,
    assets: [...Object.entries(files), ['SHA256SUMS', sums(files)]].map(([name, text]) => memoryAsset(name!, enc.encode(text!))),
  };
}

describe('LocalStore', () => {
  it('publishes into v<version>/ and lists versions in semver order, ignoring other folders', async () => {
    const root = await makeTempDir();
    const store = new LocalStore(root);
    // Published in order (each from the one before); read back in semver order, not name order.
    for (const [v, from] of [['1.2.0', null], ['1.9.1', '1.2.0'], ['1.10.0', '1.9.1']] as const) {
      expect((await store.publish(fakeRelease(v, 'a', from))).status).toBe('published');
    }
    await mkdir(path.join(root, 'v3.0.0')); // incomplete: no SHA256SUMS
    await mkdir(path.join(root, 'notes'));
    expect(await store.listVersions()).toEqual(['1.2.0', '1.9.1', '1.10.0']);
    expect(new TextDecoder().decode(await store.readAsset('1.2.0', 'commitments.json'))).toBe('{"v":"a"}');
  });

  it('the same bytes under an existing version: unchanged; different bytes: refused, nothing changed', async () => {
    const dir = await makeWorkspace();
    expect((await cli(dir, ['release', '--quiet'])).code).toBe(0);
    const store = new LocalStore(path.join(dir, 'dist', 'releases'));
    const file = path.join(dir, 'dist', 'releases', 'v1.0.0', 'commitments.json');
    const before = await readFile(file);
    const assets = await Promise.all(
      (await readdir(path.dirname(file))).map(async (name) => memoryAsset(name, new Uint8Array(await readFile(path.join(path.dirname(file), name))))),
    );
    const same: RenderedRelease = { ...fakeRelease('1.0.0'), assets };
    expect((await store.publish(same)).status).toBe('unchanged');
    const different = { ...same, assets: assets.map((a) => (a.name === 'commitments.json' ? memoryAsset(a.name, enc.encode('{}')) : a)) };
    await expect(store.publish(different)).rejects.toMatchObject({ code: 'E_PUBLISH_CONFLICT', details: ['differs: commitments.json', expect.any(String)] });
    expect((await readFile(file)).equals(before)).toBe(true);
  });

  it('two publishers racing for one version end with one release, and the loser is told', async () => {
    const root = await makeTempDir();
    const store = new LocalStore(root);
    const results = await Promise.allSettled([store.publish(fakeRelease('1.0.0', 'x')), new LocalStore(root).publish(fakeRelease('1.0.0', 'y'))]);
    const statuses = results.map((r) => (r.status === 'fulfilled' ? r.value.status : (r.reason as PipelineError).code));
    expect(statuses.filter((s) => s === 'E_PUBLISH_CONFLICT')).toHaveLength(1);
    expect((await readdir(root)).filter((n) => n.startsWith('v'))).toEqual(['v1.0.0']);
    expect((await readdir(root)).filter((n) => n.startsWith('.tmp-'))).toEqual([]);
  });

  it('a release planned from an older latest version is refused (E_STORE_MOVED): history never forks', async () => {
    const root = await makeTempDir();
    const store = new LocalStore(root);
    await store.publish(fakeRelease('1.0.0')).catch(() => undefined);
    await store.publish(fakeRelease('1.1.0', 'b', '1.0.0')).catch(() => undefined);
    expect(await store.listVersions()).toEqual(['1.0.0', '1.1.0']);
    // Another run planned a patch from v1.0.0 before v1.1.0 appeared.
    const late = await store.publish(fakeRelease('1.0.1', 'c', '1.0.0')).catch((e: unknown) => e);
    expect(late).toBeInstanceOf(PipelineError);
    expect(late).toMatchObject({ code: 'E_STORE_MOVED', message: expect.stringMatching(/now at v1\.1\.0, but this run planned v1\.0\.1 from v1\.0\.0/) });
    expect(await store.listVersions()).toEqual(['1.0.0', '1.1.0']);
    // No v1.0.1 folder, no temporary folder, and the lock released.
    expect((await readdir(root)).filter((n) => !n.endsWith('.md') && !n.endsWith('.json')).sort()).toEqual(['v1.0.0', 'v1.1.0']);
  });

  it('a crash mid-write leaves only a temporary folder, which is not a release and is cleaned up later', async () => {
    const root = await makeTempDir();
    const crashed = path.join(root, '.tmp-v1.0.0-999999-deadbeef');
    await mkdir(crashed);
    await writeFile(path.join(crashed, 'commitments.json'), '{"half":');
    const store = new LocalStore(root);
    expect(await store.listVersions()).toEqual([]);
    await store.publish(fakeRelease('1.0.0')).catch(() => undefined);
    expect(await readdir(root)).not.toContain('.tmp-v1.0.0-999999-deadbeef');
  });

  it('a missing or corrupt asset in the previous release is an error, not an empty dataset', async () => {
    const dir = await makeWorkspace();
    await cli(dir, ['release', '--quiet']);
    const release = path.join(dir, 'dist', 'releases', 'v1.0.0');
    const cities = await readFile(path.join(release, 'cities.json'), 'utf8');
    await writeFile(path.join(release, 'cities.json'), cities.replace('济南市', '济南'));
    const store = new LocalStore(path.join(dir, 'dist', 'releases'));
    await expect(readDataset(store, '1.0.0')).rejects.toMatchObject({ code: 'E_STORE_CORRUPT', message: expect.stringMatching(/v1\.0\.0\/cities\.json \(local store .*\) does not match SHA256SUMS: sha256 /) });
    await rm(path.join(release, 'cities.json'));
    const run = await cli(dir, ['release']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/E_STORE_CORRUPT: v1\.0\.0 is published but cities\.json is missing \(local store dist\/releases\)/);
  });

  it('keeps a root index.json and a cumulative CHANGELOG.md of every release', async () => {
    const dir = await makeWorkspace();
    await cli(dir, ['release', '--quiet']);
    const index = JSON.parse(await readFile(path.join(dir, 'dist', 'releases', 'index.json'), 'utf8')) as {
      latest: string;
      releases: Array<{ version: string; assets: Array<{ name: string; bytes: number; sha256: string }> }>;
    };
    expect(index.latest).toBe('1.0.0');
    expect(index.releases[0]!.assets.map((a) => a.name)).toContain('shandong-commitments-v1.0.0.zip');
    const changelog = await readFile(path.join(dir, 'dist', 'releases', 'CHANGELOG.md'), 'utf8');
    expect(changelog).toMatch(/^# 变更记录 CHANGELOG/);
    expect(changelog).toContain('## v1.0.0 · 2023年16市重点工作任务公开承诺事项');
  });
});
