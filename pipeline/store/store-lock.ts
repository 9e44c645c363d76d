import { randomUUID } from 'node:crypto';
import { link, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { PipelineError } from '../errors.ts';
import { isProcessAlive } from '../process-alive.ts';

/** Who holds a store lock, as written in the lock file. */
interface LockOwner {
  readonly pid: number;
  readonly host: string;
  readonly since: string;
}

export interface LockOptions {
  /** How long to wait for a live holder to finish (default 120 s). */
  readonly waitMs?: number;
  /** Called once when the lock is found taken, before waiting. */
  readonly onWait?: (owner: string) => void;
  /** Stops the waiting (with the signal's reason) when the run is cancelled. */
  readonly signal?: AbortSignal;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function readOwner(file: string): Promise<LockOwner | null | 'gone'> {
  try {
    const value = JSON.parse(await readFile(file, 'utf8')) as Partial<LockOwner>;
    return typeof value.pid === 'number' && typeof value.host === 'string' ? { pid: value.pid, host: value.host, since: String(value.since ?? '') } : null;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    return null; // unreadable or half-written: judged by its age below
  }
}

/** Whether a lock's owner was a process on this machine that no longer runs. */
function isGone(owner: LockOwner): boolean {
  return owner.host === hostname() && !isProcessAlive(owner.pid);
}

/**
 * An exclusive lock on a store folder: a file created with O_EXCL holding the owner's pid.
 * A lock whose process is gone (a crashed or killed run on this machine) is taken over;
 * a live one is waited for, then refused with E_STORE_BUSY. Returns the release function.
 */
export async function lockStore(file: string, options: LockOptions = {}): Promise<() => Promise<void>> {
  const me: LockOwner = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  const deadline = Date.now() + (options.waitMs ?? 120_000);
  let told = false;
  let unreadableSince: number | null = null;
  for (;;) {
    try {
      await writeFile(file, `${JSON.stringify(me)}\n`, { flag: 'wx' });
      return () => rm(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const owner = await readOwner(file);
    if (owner === 'gone') continue;
    const stale =
      owner === null
        ? (unreadableSince ??= Date.now()) < Date.now() - 2_000 // a lock that stays unreadable was cut short by a crash
        : isGone(owner);
    if (stale) {
      // Move it aside under a unique name, then look at what was moved: when two runs take
      // over at once, the slower one may have moved the faster one's fresh lock, and puts
      // it back (link never overwrites) before trying again.
      const aside = `${file}.stale-${randomUUID()}`;
      try {
        await rename(file, aside);
      } catch {
        continue;
      }
      const moved = await readOwner(aside);
      const movedLive = moved !== null && moved !== 'gone' && !isGone(moved);
      if (movedLive) await link(aside, file).catch(() => undefined);
      await rm(aside, { force: true });
      unreadableSince = null;
      continue;
    }
    const who = owner ? `process ${owner.pid} on ${owner.host} since ${owner.since}` : 'another process';
    if (Date.now() >= deadline) {
      throw new PipelineError('E_STORE_BUSY', `another release run holds the store (${who}); nothing was published`, [
        `lock file: ${file}`,
        'run again when it has finished; if no such process exists, delete the lock file',
      ]);
    }
    if (!told) options.onWait?.(who);
    told = true;
    options.signal?.throwIfAborted();
    await sleep(100);
  }
}
