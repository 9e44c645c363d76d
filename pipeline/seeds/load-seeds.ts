import { constants } from 'node:fs';
import { open, readdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import { guardFs } from '../fs-errors.ts';

/**
 * The largest seed file read. One city-year is ~10 KB today and a city with 10,000
 * commitments ~4 MB; a file beyond this is refused before it is read into memory.
 */
export const MAX_SEED_FILE_BYTES = 16 * 1024 * 1024;

/** Why an entry under seeds/ is refused without being read. */
export interface SeedFileRejection {
  readonly code: 'E_PATH' | 'E_FILE_TOO_LARGE';
  readonly message: string;
}

/** A file found under the seeds folder, as raw bytes (encoding is checked by validation). */
export interface SeedFile {
  /** Path shown to people, relative to the working directory, forward slashes. */
  readonly displayPath: string;
  /** Path relative to the seeds folder, forward slashes: `<year>/<slug>.json` when well placed. */
  readonly relativePath: string;
  readonly bytes: Uint8Array;
  /** Set when the entry is refused unread (a symlink, not a regular file, too large): bytes are empty. */
  readonly rejected?: SeedFileRejection;
}

/** Folders and files under seeds/ that are not seed files. */
function isIgnored(relative: string, name: string): boolean {
  // Dotfiles (.gitkeep, .DS_Store) are not seeds; a dot-named .json is reported, never skipped silently.
  if (name.startsWith('.') && !name.toLowerCase().endsWith('.json')) return true;
  if (relative === 'sources') return true; // raw source articles
  return /\.(md|txt)$/i.test(name) && !relative.includes('/');
}

/**
 * The seed files below `seedsDir` (all entries except raw sources, dotfiles and top-level
 * notes), as paths relative to it, sorted so the order never depends on the file system.
 * Symbolic links and special files are listed too (and refused when read): nothing
 * under seeds/ is skipped silently. Links are never followed.
 */
export async function listSeedFiles(seedsDir: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string, relative: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    for (const entry of entries) {
      const rel = relative ? `${relative}/${entry.name}` : entry.name;
      if (isIgnored(rel, entry.name)) continue;
      if (entry.isDirectory()) await walk(path.join(dir, entry.name), rel);
      else found.push(rel);
    }
  };
  await walk(seedsDir, '');
  return found.sort();
}

const formatBytes = (n: number): string => `${(n / (1024 * 1024)).toFixed(1)} MB`;

const NOT_A_FILE: SeedFileRejection = { code: 'E_PATH', message: 'is not a regular file (a seed file is a plain .json file)' };

/** Why a symbolic link is refused, saying whether it leads out of the seeds folder. */
async function symlinkRejection(seedsDir: string, abs: string): Promise<SeedFileRejection> {
  let where: string;
  try {
    const root = await realpath(seedsDir);
    const inside = path.relative(root, await realpath(abs));
    where = inside.startsWith('..') || path.isAbsolute(inside) ? ' that points outside seeds/' : ' (to another file in seeds/)';
  } catch {
    where = ' that points nowhere';
  }
  return { code: 'E_PATH', message: `is a symbolic link${where}; seed files must be regular files (links are not followed)` };
}

/**
 * Reads one seed file (path relative to the seeds folder, as listSeedFiles gives it). It is
 * opened without following a link and without waiting on a pipe, then checked on the open
 * file (regular, at most MAX_SEED_FILE_BYTES) before a byte is read.
 */
export async function readSeedFile(seedsDir: string, relativePath: string, cwd: string = process.cwd()): Promise<SeedFile> {
  const parts = relativePath.split('/');
  if (path.isAbsolute(relativePath) || relativePath.includes('\0') || relativePath.includes('\\') || parts.some((p) => p === '' || p === '.' || p === '..')) {
    // listSeedFiles never yields such a path; a caller passing one is refused, not obeyed.
    const shown = JSON.stringify(relativePath).slice(1, -1);
    return { displayPath: shown, relativePath: shown, bytes: new Uint8Array(0), rejected: { code: 'E_PATH', message: 'is not a path inside the seeds folder (no "..", absolute paths or NUL)' } };
  }
  const abs = path.join(seedsDir, ...parts);
  const displayPath = path.relative(cwd, abs).split(path.sep).join('/') || relativePath;
  const refuse = (rejected: SeedFileRejection): SeedFile => ({ displayPath, relativePath, bytes: new Uint8Array(0), rejected });
  let handle;
  try {
    handle = await open(abs, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') return refuse(await symlinkRejection(seedsDir, abs));
    if (code === 'ENXIO' || code === 'ENODEV' || code === 'EISDIR') return refuse(NOT_A_FILE);
    if (code === 'EACCES' || code === 'EPERM') return refuse({ code: 'E_PATH', message: 'cannot be read (permission denied)' });
    throw err;
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) return refuse(NOT_A_FILE);
    if (info.size > MAX_SEED_FILE_BYTES) {
      return refuse({ code: 'E_FILE_TOO_LARGE', message: `is ${formatBytes(info.size)}, more than the ${formatBytes(MAX_SEED_FILE_BYTES)} a seed file may have (one city and year is ~10 KB)` });
    }
    const buffer = await handle.readFile();
    return { displayPath, relativePath, bytes: new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength) };
  } finally {
    await handle.close();
  }
}

/** Runs a read of the seeds with the disk's faults (an I/O error, too many open files…) classified. */
function guardSeeds<T>(file: string, work: () => Promise<T>): Promise<T> {
  return guardFs({ action: 'read the seed files', path: file, elsewhere: '--seeds DIR' }, work);
}

/** Reads every seed file below `seedsDir` into memory, in path order. */
export async function loadSeedFiles(seedsDir: string, cwd: string = process.cwd()): Promise<SeedFile[]> {
  return mapSeedFiles(seedsDir, cwd, (file) => file);
}

/**
 * How many seed files are read ahead of the one being checked. Each read is a few trips to
 * the thread pool (open, stat, read, close): reading the next files while this one is
 * checked hides them. At 100k records (1,616 files) reading and checking took 1.5 s one file
 * at a time; the bytes held stay a few files'.
 */
const READ_AHEAD = 8;

/**
 * Reads and checks the seed files in path order with `check`, keeping only what it returns:
 * the files are read a few ahead (READ_AHEAD) and checked one at a time, so at most a few
 * files' bytes are held at once, however large the tree. A file that cannot be read stops it
 * at that file, as if the files after it had not been read.
 */
export async function mapSeedFiles<T>(seedsDir: string, cwd: string, check: (file: SeedFile) => T): Promise<T[]> {
  const files = await guardSeeds(seedsDir, () => listSeedFiles(seedsDir));
  const reads: Promise<SeedFile>[] = [];
  let next = 0;
  const readAhead = (): void => {
    while (next < files.length && reads.length < READ_AHEAD) {
      const rel = files[next++]!;
      const read = guardSeeds(path.join(seedsDir, ...rel.split('/')), () => readSeedFile(seedsDir, rel, cwd));
      read.catch(() => undefined); // thrown when its turn comes
      reads.push(read);
    }
  };
  const results: T[] = [];
  readAhead();
  while (reads.length > 0) {
    const file = await reads.shift()!;
    readAhead();
    results.push(check(file));
  }
  return results;
}
