/**
 * The temporary folder a release is rendered into before it is published: in TMPDIR (the
 * system's temp folder by default), named with the process id so that a folder left by a
 * killed run is removed by the next run. Faults of that disk are classified here.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { guardFs, type FsWhere } from './fs-errors.ts';
import { isProcessAlive } from './process-alive.ts';

const PREFIX = 'shandong-commitments-';
const STALE = new RegExp(`^${PREFIX}(\\d+)-[A-Za-z0-9]{6}$`);

/** Where staging fails: the temp folder, and how to choose another. */
export function stagingWhere(tempDir: string, state = 'nothing was published'): FsWhere {
  return { action: 'stage the release in the temporary folder', path: tempDir, elsewhere: 'TMPDIR=DIR', state };
}

/** Runs `work` (writing into the staging folder) with its file-system errors classified. */
export function guardStaging<T>(tempDir: string, work: () => Promise<T>): Promise<T> {
  return guardFs(stagingWhere(tempDir), work);
}

/** Removes the staging folders of runs that no longer exist (best effort: a shared temp folder may hold others'). */
export async function removeStaleStaging(tempDir: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(tempDir);
  } catch {
    return; // creating the new folder below reports what is wrong with it
  }
  for (const name of names) {
    const pid = Number(STALE.exec(name)?.[1]);
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && !isProcessAlive(pid)) {
      await rm(path.join(tempDir, name), { recursive: true, force: true }).catch(() => undefined);
    }
  }
}

/** A new, empty staging folder in `tempDir`. */
export async function makeStagingDir(tempDir: string): Promise<string> {
  await removeStaleStaging(tempDir);
  return guardStaging(tempDir, () => mkdtemp(path.join(tempDir, `${PREFIX}${process.pid}-`)));
}

/** Removes a staging folder; `state` says what the run had done, should that fail. */
export async function removeStagingDir(dir: string, state: string): Promise<void> {
  await guardFs({ ...stagingWhere(path.dirname(dir), state), action: `remove the temporary folder ${dir}` }, () => rm(dir, { recursive: true, force: true }));
}
