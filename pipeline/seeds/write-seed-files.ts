/**
 * Writing seed files (import, format) all or nothing: every file is first written beside
 * its target under a hidden temporary name (a full disk or an I/O error there changes no
 * seed file), then each is renamed into place; should a rename fail, the files already
 * replaced get their previous content back and new ones are removed. Readers never see half
 * a file, and a failed run leaves the seeds as they were.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PipelineError } from '../errors.ts';
import { explainFsError } from '../fs-errors.ts';
import { isProcessAlive } from '../process-alive.ts';

/** One seed file to write. */
export interface SeedFileWrite {
  readonly path: string;
  readonly text: string;
  /** Its content before (put back if the whole write fails), or null for a new file. */
  readonly previous: string | null;
}

/** `.<name>.<pid>.<uuid>.tmp`: a dotfile, so the seed reader never takes it for a seed. */
const tempNameOf = (file: string): string => path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomUUID()}.tmp`);
const STALE = /^\.[^/]+\.json\.(\d+)\.[0-9a-f-]{36}\.tmp$/;

/** Removes the temporary files of killed runs in `dir` (best effort). */
async function removeStaleTemps(dir: string): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    const pid = Number(STALE.exec(name)?.[1]);
    if (pid > 0 && pid !== process.pid && !isProcessAlive(pid)) await rm(path.join(dir, name), { force: true }).catch(() => undefined);
  }
}

/** Writes `text` to `file` through a temporary name and a rename. */
async function replaceFile(file: string, text: string): Promise<void> {
  const tmp = tempNameOf(file);
  try {
    await writeFile(tmp, text);
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw err;
  }
}

/**
 * Writes every file of `writes`, or none: see the file comment. `seedsDir` is the folder
 * named in messages. A failure throws a classified error whose state says whether the
 * seeds are as they were.
 */
export async function writeSeedFiles(writes: readonly SeedFileWrite[], seedsDir: string): Promise<void> {
  const createdDirs: string[] = [];
  const temps = new Map<string, string>();
  const renamed: SeedFileWrite[] = [];
  try {
    for (const dir of new Set(writes.map((w) => path.dirname(w.path)))) {
      const made = await mkdir(dir, { recursive: true });
      if (made !== undefined) createdDirs.push(made);
      else await removeStaleTemps(dir);
    }
    for (const w of writes) {
      const tmp = tempNameOf(w.path);
      temps.set(w.path, tmp);
      await writeFile(tmp, w.text);
    }
    for (const w of writes) {
      await rename(temps.get(w.path)!, w.path);
      temps.delete(w.path);
      renamed.push(w);
    }
  } catch (err) {
    const notRestored = await rollBack(renamed, [...temps.values()], createdDirs);
    const state =
      notRestored.length === 0
        ? 'no seed file was changed'
        : `these seed files could not be put back as they were: ${notRestored.join(', ')} (git checkout restores them)`;
    const explained = await explainFsError(err, { action: `write the seed files in ${seedsDir}`, path: seedsDir, elsewhere: '--seeds DIR', state });
    if (explained instanceof PipelineError) throw explained;
    throw err;
  }
}

/** Undoes a partial write; returns the files it could not restore. */
async function rollBack(renamed: readonly SeedFileWrite[], temps: readonly string[], createdDirs: readonly string[]): Promise<string[]> {
  const failed: string[] = [];
  for (const tmp of temps) await rm(tmp, { force: true }).catch(() => undefined);
  for (const w of [...renamed].reverse()) {
    try {
      if (w.previous === null) await rm(w.path, { force: true });
      else await replaceFile(w.path, w.previous);
    } catch {
      failed.push(w.path);
    }
  }
  // Folders this run created, deepest first: empty again once their new files are gone.
  for (const dir of [...createdDirs].reverse()) await rmdir(dir).catch(() => undefined);
  return failed;
}
