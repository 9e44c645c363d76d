/**
 * The site's page scripts: TypeScript under pipeline/site/browser/, bundled with esbuild
 * when the site is built, one classic script per page (assets/compare.js, search.js, targets.js).
 *
 * The bundles must be the same bytes on every machine, as the rest of the site is: esbuild
 * runs from the repository's root (absWorkingDir), so the only paths in its output are the
 * module comments relative to it (// pipeline/diff/char-diff.ts); no source map, no
 * timestamp, no minifier. test/site/page-scripts.test.ts builds them in two folders.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** The repository's root: where package.json and node_modules are. */
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Each page script: its name under assets/ and its entry point, relative to the repository's root. */
export const PAGE_SCRIPTS: ReadonlyArray<{ readonly name: string; readonly entry: string }> = [
  { name: 'compare.js', entry: 'pipeline/site/browser/compare.ts' },
  { name: 'search.js', entry: 'pipeline/site/browser/search.ts' },
  { name: 'targets.js', entry: 'pipeline/site/browser/targets.ts' },
];

/**
 * Browsers the scripts are written for: the syntax of ES2020 (esbuild rewrites what is
 * newer), which every browser since 2020 reads (Chrome/Edge 80, Firefox 80, Safari 14).
 */
export const BROWSER_TARGET = 'es2020';

const BANNER = '/* Bundled by the site builder (esbuild) from the TypeScript in pipeline/site/browser/ of the repository. */';

export interface BundleOptions {
  /** The repository's root to bundle from (default: this checkout's). */
  readonly root?: string;
}

/** Where the licences of the npm packages inside the bundles are served (assets/). */
export const LICENSES_ASSET = 'third-party-licenses.txt';

/** An npm package that a bundle holds, as its package.json names it. */
interface BundledPackage {
  readonly dir: string;
  readonly name: string;
  readonly version: string;
  readonly license: string;
}

/** The package folders (node_modules/…) that a bundle's inputs come from, sorted. */
function packageDirsOf(inputs: readonly string[]): string[] {
  const dirs = new Set<string>();
  for (const input of inputs) {
    const m = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (m) dirs.add(m[1]!);
  }
  return [...dirs].sort();
}

async function readBundledPackage(root: string, dir: string): Promise<BundledPackage> {
  const json: unknown = JSON.parse(await readFile(path.join(root, dir, 'package.json'), 'utf8'));
  const field = (key: string): string => {
    const value = typeof json === 'object' && json !== null ? (json as Record<string, unknown>)[key] : undefined;
    if (typeof value !== 'string') throw new Error(`bundleBrowserScripts: ${dir}/package.json has no ${key}`);
    return value;
  };
  return { dir, name: field('name'), version: field('version'), license: field('license') };
}

/** The licence texts of the bundled packages, one after the other (the package's own LICENSE file). */
async function renderLicenses(root: string, packages: readonly BundledPackage[]): Promise<string> {
  const parts = [`The page scripts of this site (${PAGE_SCRIPTS.map((s) => s.name).join(', ')}) include these npm packages, under these licences.\n`];
  for (const p of packages) {
    const file = (await readdir(path.join(root, p.dir))).sort().find((n) => /^(licen[cs]e|copying)(\.|$)/i.test(n));
    if (!file) throw new Error(`bundleBrowserScripts: ${p.dir} has no licence file to ship with the bundles`);
    const text = (await readFile(path.join(root, p.dir, file), 'utf8')).replace(/\r\n/g, '\n').trimEnd();
    parts.push(`\n${'='.repeat(78)}\n${p.name} ${p.version} (${p.license})\n${'='.repeat(78)}\n\n${text}\n`);
  }
  return parts.join('');
}

/**
 * Bundles every page script: IIFE, ES2020, readable (not minified: the scripts are small
 * and a reader can see what runs), UTF-8, no source map. Fails when a script imports
 * anything a browser lacks (node:fs, say): esbuild bundles for the browser platform.
 * The npm packages inside are named at the end of each bundle, and their licence texts
 * are one more asset (LICENSES_ASSET), as their licences ask of whoever ships them.
 */
export async function bundleBrowserScripts(options: BundleOptions = {}): Promise<Array<{ name: string; bytes: Uint8Array }>> {
  const root = options.root ?? REPO_ROOT;
  const entryPoints = Object.fromEntries(PAGE_SCRIPTS.map((s) => [path.basename(s.name, '.js'), s.entry]));
  const result = await build({
    absWorkingDir: root,
    entryPoints,
    outdir: 'assets',
    write: false,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: BROWSER_TARGET,
    charset: 'utf8',
    minify: false,
    sourcemap: false,
    legalComments: 'inline',
    banner: { js: BANNER },
    metafile: true,
    logLevel: 'silent',
  });
  const encoder = new TextEncoder();
  const allPackages = new Map<string, BundledPackage>();
  const scripts: Array<{ name: string; bytes: Uint8Array }> = [];
  for (const s of PAGE_SCRIPTS) {
    const out = `assets/${s.name}`;
    const file = result.outputFiles.find((f) => path.relative(root, f.path).split(path.sep).join('/') === out);
    const meta = result.metafile.outputs[out];
    if (!file || !meta) throw new Error(`bundleBrowserScripts: esbuild wrote no ${out}`);
    const packages: BundledPackage[] = [];
    for (const dir of packageDirsOf(Object.keys(meta.inputs))) {
      const p = allPackages.get(dir) ?? (await readBundledPackage(root, dir));
      allPackages.set(dir, p);
      packages.push(p);
    }
    const footer = packages.length > 0 ? `/*! Includes ${packages.map((p) => `${p.name} ${p.version} (${p.license})`).join(', ')}: licence texts in ${LICENSES_ASSET} */\n` : '';
    const tail = encoder.encode(footer);
    const bytes = new Uint8Array(file.contents.length + tail.length);
    bytes.set(file.contents);
    bytes.set(tail, file.contents.length);
    scripts.push({ name: s.name, bytes });
  }
  if (allPackages.size === 0) return scripts;
  const licenses = await renderLicenses(root, [...allPackages.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)));
  return [...scripts, { name: LICENSES_ASSET, bytes: encoder.encode(licenses) }];
}
