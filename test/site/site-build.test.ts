import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { assetNamesOf } from '../../pipeline/release-format/names.ts';
import { PipelineError } from '../../pipeline/errors.ts';
import { buildSite, SITE_MARKER } from '../../pipeline/site/build-site.ts';
import { LocalStore } from '../../pipeline/store/local-store.ts';
import type { ReleaseStore } from '../../pipeline/store/store.ts';
import { cli } from '../support/cli.ts';
import { buildFixtureStore, type FixtureStore } from '../support/site/fixture-store.ts';

/** Every file under a folder, relative path → bytes, sorted by path. */
async function readTree(dir: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  const walk = async (rel: string): Promise<void> => {
    for (const e of (await readdir(path.join(dir, rel), { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(p);
      else out.set(p, await readFile(path.join(dir, p)));
    }
  };
  await walk('');
  return out;
}

let store: FixtureStore;
let site: Map<string, Buffer>;

beforeAll(async () => {
  store = await buildFixtureStore();
  const run = await cli(store.dir, ['site', '--releases', 'releases', '--out', 'site']);
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toMatch(/^built site from local store releases: 4 release\(s\) \(v1\.0\.0 … v2\.0\.0\), \d+ pages, \d+ files, \d+ KiB at site\n$/);
  site = await readTree(path.join(store.dir, 'site'));
});

describe('site build from a store', () => {
  it('is byte-identical when built twice from the same store', async () => {
    const again = await cli(store.dir, ['site', '--releases', 'releases', '--out', 'site-again'], { SOURCE_DATE_EPOCH: '1800000000' });
    expect(again.code, again.stderr).toBe(0);
    const second = await readTree(path.join(store.dir, 'site-again'));
    expect([...second.keys()]).toEqual([...site.keys()]);
    for (const [name, bytes] of site) expect(second.get(name)!.equals(bytes), name).toBe(true);
  });

  it('reads the store only through the ReleaseStore interface: any store gives the same site', async () => {
    // A store that is not a folder at all (as GitHub Releases is not): assets served from memory.
    const local = new LocalStore(store.releases);
    const versions = await local.listVersions();
    const assets = new Map<string, Uint8Array>();
    for (const v of versions) for (const name of assetNamesOf(v)) assets.set(`${v}/${name}`, await local.readAsset(v, name));
    const memory: ReleaseStore = {
      description: 'memory store',
      listVersions: async () => versions,
      readAsset: async (v, name) => {
        const bytes = assets.get(`${v}/${name}`);
        if (!bytes) throw new PipelineError('E_NOT_FOUND', `${v}/${name}`);
        return bytes;
      },
      publish: () => Promise.reject(new Error('read-only')),
    };
    const result = await buildSite({ store: memory, outDir: path.join(store.dir, 'site-memory'), baseUrl: null });
    expect(result.versions).toEqual(store.versions);
    const fromMemory = await readTree(path.join(store.dir, 'site-memory'));
    expect([...fromMemory.keys()]).toEqual([...site.keys()]);
    for (const [name, bytes] of site) expect(fromMemory.get(name)!.equals(bytes), name).toBe(true);
  });

  it('writes every page, the data for compare and a copy of every asset of every release', () => {
    for (const version of store.versions) {
      expect(site.has(`release/v${version}.html`)).toBe(true);
      expect(site.has(`data/v${version}.json`)).toBe(true);
      expect(site.has(`data/v${version}.js`)).toBe(true);
      expect(site.has(`table/v${version}.html`)).toBe(true);
      for (const name of assetNamesOf(version)) expect(site.has(`download/v${version}/${name}`), `${version}/${name}`).toBe(true);
    }
    for (const page of ['index.html', 'search.html', 'compare.html', 'targets.html', 'changelog.html', 'feed.xml', 'city/jinan.html', 'city/qingdao.html', 'city/zibo.html', 'commitment/2023-370300-007.html', '.nojekyll', SITE_MARKER]) {
      expect(site.has(page), page).toBe(true);
    }
  });

  it('copies the assets byte for byte and lists their sizes and sha256 from SHA256SUMS', async () => {
    const overview = site.get('index.html')!.toString('utf8');
    for (const version of store.versions) {
      const sums = (await readFile(path.join(store.releases, `v${version}`, 'SHA256SUMS'), 'utf8')).trim().split('\n');
      expect(sums.length).toBe(assetNamesOf(version).length - 1);
      for (const line of sums) {
        const [sha, name] = line.split(/ {2}/) as [string, string];
        const original = await readFile(path.join(store.releases, `v${version}`, name));
        expect(site.get(`download/v${version}/${name}`)!.equals(original)).toBe(true);
        expect(overview).toContain(`<a href="download/v${version}/${name}" download>${name}</a>`);
        expect(overview).toContain(`<code>${sha}</code>`);
      }
    }
  });

  it('uses only relative links that lead to files of the site', () => {
    const broken: string[] = [];
    for (const [page, bytes] of site) {
      if (!page.endsWith('.html')) continue;
      for (const [, url] of bytes.toString('utf8').matchAll(/(?:href|src)="([^"]*)"/g)) {
        if (/^(tel:|#)/.test(url!)) continue;
        expect(url, `${page}: ${url}`).not.toMatch(/^(\/|[a-z]+:)/i);
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(page), url!.replace(/&amp;/g, '&').replace(/[?#].*$/, '')));
        if (!site.has(target)) broken.push(`${page} → ${url}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('replaces the previous site as a whole and leaves no temporary folder', async () => {
    await writeFile(path.join(store.dir, 'site', 'stale.html'), 'from an older build');
    const run = await cli(store.dir, ['site', '--releases', 'releases', '--out', 'site']);
    expect(run.code, run.stderr).toBe(0);
    expect((await readTree(path.join(store.dir, 'site'))).has('stale.html')).toBe(false);
    expect((await readdir(store.dir)).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('refuses to replace a folder it did not write', async () => {
    await mkdir(path.join(store.dir, 'precious'));
    await writeFile(path.join(store.dir, 'precious', 'notes.txt'), 'keep me');
    const run = await cli(store.dir, ['site', '--releases', 'releases', '--out', 'precious']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`refusing to replace precious: it is not empty and was not written by "site" (no ${SITE_MARKER})`);
    expect(await readFile(path.join(store.dir, 'precious', 'notes.txt'), 'utf8')).toBe('keep me');
  });

  it('fails on a tampered release and keeps the previous site untouched', async () => {
    const before = await readTree(path.join(store.dir, 'site'));
    const target = path.join(store.releases, 'v1.0.1', 'commitments.csv');
    const original = await readFile(target);
    await writeFile(target, Buffer.concat([original, Buffer.from('x')]));
    try {
      const run = await cli(store.dir, ['site', '--releases', 'releases', '--out', 'site']);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/error E_STORE_CORRUPT: v1\.0\.1 \(local store releases\): commitments\.csv does not match SHA256SUMS/);
    } finally {
      await writeFile(target, original);
    }
    const after = await readTree(path.join(store.dir, 'site'));
    expect([...after.keys()]).toEqual([...before.keys()]);
    expect((await readdir(store.dir)).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('says so when the store has no release', async () => {
    const run = await cli(store.dir, ['site', '--releases', 'empty-store', '--out', 'empty-site']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('error E_NOT_FOUND: no releases in local store empty-store: nothing to build a site from');
    await expect(stat(path.join(store.dir, 'empty-site'))).rejects.toThrow();
  });
});

describe('site command line', () => {
  it('documents its options', async () => {
    const run = await cli(store.dir, ['site', '--help']);
    expect(run.code).toBe(0);
    for (const option of ['--store KIND', '--releases DIR', '--out DIR', '--base-url URL', '--repo-url URL', '-h, --help']) expect(run.stdout).toContain(option);
    expect(run.stdout).not.toContain('--seeds');
    expect((await cli(store.dir, ['--help'])).stdout).toMatch(/^ {2}site +render the static site/m);
  });

  it.each([['javascript:alert(1)'], ['repo/'], ['https://x.org/"><script>']])('rejects --base-url %s', async (base) => {
    const run = await cli(store.dir, ['site', '--releases', 'releases', '--out', 'site-bad', '--base-url', base]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--base-url must be an http(s) URL or a path starting with /');
  });

  it('uses --base-url for canonical links and the sitemap', async () => {
    const run = await cli(store.dir, ['site', '--releases', 'releases', '--out', 'site-base', '--base-url', 'https://owner.github.io/repo']);
    expect(run.code, run.stderr).toBe(0);
    const page = await readFile(path.join(store.dir, 'site-base', 'city', 'jinan.html'), 'utf8');
    expect(page).toContain('<link rel="canonical" href="https://owner.github.io/repo/city/jinan.html">');
    expect(await readFile(path.join(store.dir, 'site-base', 'sitemap.xml'), 'utf8')).toContain('<loc>https://owner.github.io/repo/commitment/2023-370100-004.html</loc>');
  });

  it.each([['javascript:alert(1)'], ['github.com/owner/repo'], ['https://github.com/owner/repo"><script>']])('rejects --repo-url %s', async (url) => {
    const run = await cli(store.dir, ['site', '--releases', 'releases', '--out', 'site-bad', '--repo-url', url]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--repo-url must be an http(s) URL of the repository');
  });

  it('links the repository from --repo-url, or from GitHub Actions’ GITHUB_SERVER_URL and GITHUB_REPOSITORY', async () => {
    const page = async (out: string): Promise<string> => readFile(path.join(store.dir, out, 'index.html'), 'utf8');
    const flag = await cli(store.dir, ['site', '--releases', 'releases', '--out', 'site-repo', '--repo-url', 'https://github.com/owner/repo/']);
    expect(flag.code, flag.stderr).toBe(0);
    expect(await page('site-repo')).toContain('<a href="https://github.com/owner/repo/issues">');
    const env = await cli(store.dir, ['site', '--releases', 'releases', '--out', 'site-env'], { GITHUB_SERVER_URL: 'https://github.example.org', GITHUB_REPOSITORY: 'org/data' });
    expect(env.code, env.stderr).toBe(0);
    expect(await page('site-env')).toContain('<a href="https://github.example.org/org/data/issues">');
    // Without either, nothing links to a repository.
    expect(site.get('index.html')!.toString('utf8')).not.toContain('/issues"');
  });

  it('rejects an unknown store kind', async () => {
    const run = await cli(store.dir, ['site', '--store', 'ftp']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--store must be local or github');
  });
});
