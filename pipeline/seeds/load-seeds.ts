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

/**
 * The seed files below `seedsDir` (all files except raw sources, dotfiles and top-level
 * notes), as paths relative to it, sorted so the order never depends on the file system.
 */
export async function listSeedFiles(seedsDir: string): Promise<string[]> {
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
  return found.sort();
}

/** Reads one seed file (path relative to the seeds folder). */
export async function readSeedFile(seedsDir: string, relativePath: string, cwd: string = process.cwd()): Promise<SeedFile> {
  const abs = path.join(seedsDir, ...relativePath.split('/'));
  return {
    displayPath: path.relative(cwd, abs).split(path.sep).join('/') || relativePath,
    relativePath,
    bytes: new Uint8Array(await readFile(abs)),
  };
}

/** Reads every seed file below `seedsDir` into memory, in path order. */
export async function loadSeedFiles(seedsDir: string, cwd: string = process.cwd()): Promise<SeedFile[]> {
  const files: SeedFile[] = [];
  for (const rel of await listSeedFiles(seedsDir)) files.push(await readSeedFile(seedsDir, rel, cwd));
  return files;
}

/**
 * Reads and checks the seed files one at a time with `check`, keeping only what it returns:
 * at most one file's bytes are held at once, however large the tree.
 */
export async function mapSeedFiles<T>(seedsDir: string, cwd: string, check: (file: SeedFile) => T): Promise<T[]> {
  const results: T[] = [];
  for (const rel of await listSeedFiles(seedsDir)) results.push(check(await readSeedFile(seedsDir, rel, cwd)));
  return results;
}
