/**
 * The site's page scripts: TypeScript under pipeline/site/browser/, bundled with esbuild
 * when the site is built, one classic script per page (assets/compare.js, assets/search.js).
 *
 * The bundles must be the same bytes on every machine, as the rest of the site is: esbuild
 * runs from the repository's root (absWorkingDir), so the only paths in its output are the
 * module comments relative to it (// pipeline/diff/char-diff.ts); no source map, no
 * timestamp, no minifier. test/site/page-scripts.test.ts builds them in two folders.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** The repository's root: where package.json and node_modules are. */
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Each page script: its name under assets/ and its entry point, relative to the repository's root. */
export const PAGE_SCRIPTS: ReadonlyArray<{ readonly name: string; readonly entry: string }> = [
  { name: 'compare.js', entry: 'pipeline/site/browser/compare.ts' },
  { name: 'search.js', entry: 'pipeline/site/browser/search.ts' },
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

/**
 * Bundles every page script: IIFE, ES2020, readable (not minified: the scripts are small
 * and a reader can see what runs), UTF-8, no source map. Fails when a script imports
 * anything a browser lacks (node:fs, say): esbuild bundles for the browser platform.
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
    logLevel: 'silent',
  });
  const byName = new Map(result.outputFiles.map((f) => [path.basename(f.path), f.contents]));
  return PAGE_SCRIPTS.map((s) => {
    const bytes = byName.get(s.name);
    if (!bytes) throw new Error(`bundleBrowserScripts: esbuild wrote no ${s.name}`);
    return { name: s.name, bytes };
  });
}
