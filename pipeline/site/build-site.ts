import { randomUUID } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PipelineError } from '../errors.ts';
import type { ReleaseSource } from '../release-format/release-files.ts';
import type { SiteRelease } from './model.ts';
import { isSafeSitePath, PAGE } from './paths.ts';
import { readSiteRelease } from './read-site-releases.ts';
import { bundleBrowserScripts } from './bundle-browser-scripts.ts';
import { renderSite } from './render-site.ts';
import { isProcessAlive } from '../process-alive.ts';
import { readBytes } from '../read-bytes.ts';

/** Marks a folder as a site this builder wrote, so it never replaces any other folder. */
export const SITE_MARKER = '.shandong-commitments-site';
const STATIC_DIR = fileURLToPath(new URL('./static/', import.meta.url));

export interface BuildSiteOptions {
  readonly store: ReleaseSource;
  /** Where the site goes (replaced as a whole). */
  readonly outDir: string;
  /** The folder as the user named it, for messages (default: outDir). */
  readonly displayOutDir?: string;
  /** Public URL prefix ending in '/', or null. */
  readonly baseUrl: string | null;
  /** The source repository's address (https://github.com/owner/repo), to link commits and pull requests; null names them as text. */
  readonly repoUrl?: string | null;
}

export interface BuildSiteResult {
  readonly versions: readonly string[];
  readonly files: number;
  readonly pages: number;
  readonly bytes: number;
}


async function isDirEmptyOrSite(dir: string): Promise<boolean> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return true;
    if (code === 'ENOTDIR') return false;
    throw err;
  }
  return entries.length === 0 || entries.includes(SITE_MARKER);
}

/** Removes the temporary folders of crashed builds (never those of a running one). */
async function removeStaleTemps(parent: string, base: string): Promise<void> {
  const pattern = new RegExp(`^\\.${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(?:tmp|old)-(\\d+)-[0-9a-f]+$`);
  for (const name of await readdir(parent)) {
    const pid = Number(pattern.exec(name)?.[1]);
    if (Number.isInteger(pid) && pid > 0 && !isProcessAlive(pid)) await rm(path.join(parent, name), { recursive: true, force: true });
  }
}

/** What assets/ serves: the files of static/ (CSS, icon) and the bundled page scripts, by name. */
async function readStaticAssets(): Promise<Array<{ name: string; bytes: Uint8Array }>> {
  const names = (await readdir(STATIC_DIR)).filter((n) => !n.startsWith('.')).sort();
  const files = await Promise.all(names.map(async (name) => ({ name, bytes: await readBytes(path.join(STATIC_DIR, name)) })));
  const assets = [...files, ...(await bundleBrowserScripts())].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const twice = assets.find((a, i) => i > 0 && assets[i - 1]!.name === a.name);
  if (twice) throw new Error(`site: assets/${twice.name} is both a static file and a bundled page script`);
  return assets;
}

/** Puts the new site in place of the old one: two renames, the old site removed only after. */
async function swapInto(temp: string, outDir: string, suffix: string): Promise<void> {
  const old = path.join(path.dirname(outDir), `.${path.basename(outDir)}.old-${suffix}`);
  let moved = false;
  try {
    await rename(outDir, old);
    moved = true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  try {
    await rename(temp, outDir);
  } catch (err) {
    if (moved) await rename(old, outDir);
    throw err;
  }
  if (moved) await rm(old, { recursive: true, force: true });
}

/**
 * Builds the static site from every release in the store: reads each release through the
 * store interface (digests and schemas checked), copies its assets for download, renders
 * the pages into a temporary folder and swaps it into place, so a failed build leaves the
 * previous site untouched and never half a site.
 */
export async function buildSite(options: BuildSiteOptions): Promise<BuildSiteResult> {
  const { store } = options;
  const outDir = path.resolve(options.outDir);
  const versions = await store.listVersions();
  if (versions.length === 0) {
    throw new PipelineError('E_NOT_FOUND', `no releases in ${store.description}: nothing to build a site from`, ['run "release" first, or pass --releases DIR / --store github']);
  }
  if (!(await isDirEmptyOrSite(outDir))) {
    throw new PipelineError('E_USAGE', `refusing to replace ${options.displayOutDir ?? options.outDir}: it is not empty and was not written by "site" (no ${SITE_MARKER})`);
  }
  const parent = path.dirname(outDir);
  await mkdir(parent, { recursive: true });
  await removeStaleTemps(parent, path.basename(outDir));
  const suffix = `${process.pid}-${randomUUID().replace(/-/g, '').slice(0, 8)}`;
  const temp = path.join(parent, `.${path.basename(outDir)}.tmp-${suffix}`);
  await mkdir(temp);
  let files = 0;
  let bytes = 0;
  const write = async (rel: string, content: Uint8Array): Promise<void> => {
    if (!isSafeSitePath(rel) && rel !== '.nojekyll' && rel !== SITE_MARKER) throw new Error(`site: unsafe path ${rel}`);
    const target = path.join(temp, ...rel.split('/'));
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, content);
    files++;
    bytes += content.length;
  };
  try {
    const releases: SiteRelease[] = [];
    for (const version of versions) {
      releases.push(await readSiteRelease(store, version, (name, content) => write(PAGE.download(version, name), content)));
    }
    const site = renderSite({ releases, staticAssets: await readStaticAssets(), baseUrl: options.baseUrl, repoUrl: options.repoUrl ?? null });
    for (const f of site) await write(f.path, f.bytes);
    await write(SITE_MARKER, new TextEncoder().encode('Built by `site` (pipeline/site); replaced as a whole on every build.\n'));
    await swapInto(temp, outDir, suffix);
    return { versions, files, bytes, pages: site.filter((f) => f.path.endsWith('.html')).length };
  } finally {
    if (await stat(temp).then(() => true, () => false)) await rm(temp, { recursive: true, force: true });
  }
}
