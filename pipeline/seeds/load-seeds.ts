import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/** A file found under the seeds folder, as raw bytes (encoding is checked by validation). */
export interface SeedFile {
  /** Path shown to people, relative to the working directory, forward slashes. */
  readonly displayPath: string;
  /** Path relative to the seeds folder, forward slashes: `<year>/<slug>.json` when well placed. */
  readonly relativePath: string;
  readonly bytes: Uint8Array;
}

/** Folders and files under seeds/ that are not seed files. */
function isIgnored(relative: string, name: string): boolean {
  if (name.startsWith('.')) return true;
  if (relative === 'sources') return true; // raw source articles
  return /\.(md|txt)$/i.test(name) && !relative.includes('/');
}

function toDisplay(p: string): string {
  return p.split(path.sep).join('/');
}

/**
 * Reads every seed file below `seedsDir` (all files except raw sources, dotfiles and
 * top-level notes), sorted by path so the order never depends on the file system.
 */
export async function loadSeedFiles(seedsDir: string, cwd: string = process.cwd()): Promise<SeedFile[]> {
  const found: string[] = [];
  const walk = async (dir: string, relative: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    for (const entry of entries) {
      const rel = relative ? `${relative}/${entry.name}` : entry.name;
      if (isIgnored(rel, entry.name)) continue;
      if (entry.isDirectory()) await walk(path.join(dir, entry.name), rel);
      else if (entry.isFile()) found.push(rel);
    }
  };
  await walk(seedsDir, '');
  found.sort();
  return Promise.all(
    found.map(async (rel) => {
      const abs = path.join(seedsDir, ...rel.split('/'));
      return {
        displayPath: toDisplay(path.relative(cwd, abs)) || rel,
        relativePath: rel,
        bytes: new Uint8Array(await readFile(abs)),
      };
    }),
  );
}
