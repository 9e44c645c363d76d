/**
 * Faults of the machine a run works on — a full disk, a read-only mount, a folder this user
 * may not write, too many open files, an I/O error — turned into a PipelineError where they
 * happen: one line naming what the run was doing, the cause and the path, then what to do and
 * what the failure left. Used at the few places that touch the disk (the store and its lock,
 * the staging folder, the site writer, the import writer, the seeds reader); the CLI's top
 * level classifies any such error that still reaches it.
 */
import { statfs } from 'node:fs/promises';
import path from 'node:path';
import { PipelineError, type ErrorCode } from './errors.ts';

/** Where a file-system call failed, as the boundary that made it knows it. */
export interface FsWhere {
  /** What the run was doing, as a verb phrase: "publish v1.0.0 to local store dist/releases". */
  readonly action: string;
  /** The folder (or file) concerned; the error's own path is shown too when it has one. */
  readonly path: string;
  /** How to point the command at another place, e.g. "--releases DIR" or "TMPDIR=…". */
  readonly elsewhere?: string;
  /** What the failure left behind, e.g. "nothing was published". */
  readonly state?: string;
}

/** An error from a system call (Node's errno errors: code, syscall, maybe path). */
export interface SystemError extends Error {
  readonly code: string;
  readonly syscall: string;
  readonly path?: string;
  readonly dest?: string;
}

/** Network errors are the GitHub client's business, never a fault of the disk. */
const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN']);

/** Whether `err` is an error of a file-system call (not a network one, not ours). */
export function isFsError(err: unknown): err is SystemError {
  if (!(err instanceof Error) || err instanceof PipelineError) return false;
  const { code, syscall } = err as Partial<SystemError>;
  return typeof code === 'string' && /^E[A-Z0-9]+$/.test(code) && typeof syscall === 'string' && !NETWORK.has(code);
}

const KINDS: Readonly<Record<string, { readonly code: ErrorCode; readonly cause: string }>> = {
  ENOSPC: { code: 'E_DISK_FULL', cause: 'no space left on the device' },
  EDQUOT: { code: 'E_DISK_FULL', cause: 'the disk quota is exhausted' },
  EFBIG: { code: 'E_DISK_FULL', cause: 'the file is larger than the file system allows' },
  EROFS: { code: 'E_READ_ONLY', cause: 'the file system is read-only' },
  EACCES: { code: 'E_PERMISSION', cause: 'permission denied' },
  EPERM: { code: 'E_PERMISSION', cause: 'operation not permitted' },
  EMFILE: { code: 'E_TOO_MANY_FILES', cause: 'too many open files in this process' },
  ENFILE: { code: 'E_TOO_MANY_FILES', cause: 'too many open files on this system' },
  EIO: { code: 'E_IO', cause: 'input/output error' },
};

/** The cause as the kernel names it ("ENOTDIR: not a directory, mkdir '…'" → "not a directory"). */
function kernelCause(err: SystemError): string {
  const said = /^[A-Z0-9]+: ([^,]+)/.exec(err.message)?.[1];
  return `${said ?? 'the file system refused it'} (${err.code} in ${err.syscall})`;
}

/** The path to show: the error's own (both ends of a rename), else the boundary's. */
function shownPath(err: SystemError, where: FsWhere): string {
  if (typeof err.path === 'string') return typeof err.dest === 'string' ? `${err.path} → ${err.dest}` : err.path;
  return where.path;
}

/** What to do about it, for the operator. */
function hintOf(code: ErrorCode, err: SystemError, where: FsWhere, free: string | null): string {
  const dir = where.path;
  const other = where.elsewhere ? `, or use another folder (${where.elsewhere})` : '';
  switch (code) {
    case 'E_DISK_FULL':
      return `free space on the disk that holds ${dir} (${free ? `${free}; ` : ''}see: df -h ${dir})${where.elsewhere ? `, or use a folder on a larger disk (${where.elsewhere})` : ''}, then run again`;
    case 'E_READ_ONLY':
      return `${dir} is on a read-only file system: remount it read-write${other}, then run again`;
    case 'E_PERMISSION': {
      const target = typeof err.path === 'string' ? err.path : dir;
      const folder = typeof err.path === 'string' ? path.dirname(err.path) : dir;
      return `the user running this command has no permission for ${target}: check the owner and mode of ${folder} (ls -ld ${folder})${other}`;
    }
    case 'E_TOO_MANY_FILES':
      return 'the limit of open files was reached: raise it (ulimit -n) or stop other programs holding many files, then run again';
    default:
      return `the disk or file system failed: check the disk and the mount of ${dir} (dmesg, mount), then run again`;
  }
}

/**
 * The PipelineError for a file-system error at `where`; any other error is returned as it
 * is (a PipelineError raised on purpose, a bug). Pure: `free` (the free space there, for a
 * full disk) is read by explainFsError.
 */
export function classifyFsError(err: unknown, where: FsWhere, free: string | null = null): unknown {
  if (!isFsError(err)) return err;
  const kind = KINDS[err.code] ?? { code: 'E_IO' as const, cause: kernelCause(err) };
  const details = [`hint: ${hintOf(kind.code, err, where, free)}`, ...(where.state ? [`state: ${where.state}`] : [])];
  return new PipelineError(kind.code, `cannot ${where.action}: ${kind.cause} (${shownPath(err, where)})`, details, { cause: err });
}

const MACHINE_CODES = new Set<ErrorCode>(Object.values(KINDS).map((k) => k.code)).add('E_IO');

/**
 * `err` with `state: …` added when it is a fault of the machine that does not yet say what
 * it left (a read deep in a step knows less of that than the flow that called it).
 */
export function withState(err: unknown, state: string): unknown {
  if (!(err instanceof PipelineError) || !MACHINE_CODES.has(err.code) || err.details.some((d) => d.startsWith('state: '))) return err;
  return new PipelineError(err.code, err.message, [...err.details, `state: ${state}`], { cause: err.cause });
}

/** "12 KiB free of 120 KiB" on the file system holding `file` (its nearest existing folder), or null. */
async function readFreeSpace(file: string): Promise<string | null> {
  for (let dir = path.resolve(file); ; dir = path.dirname(dir)) {
    try {
      const fs = await statfs(dir);
      const kib = (blocks: number): string => `${Math.floor((blocks * fs.bsize) / 1024)} KiB`;
      return `${kib(fs.bavail)} free of ${kib(fs.blocks)}`;
    } catch {
      if (path.dirname(dir) === dir) return null;
    }
  }
}

/**
 * Runs `work` (file-system calls at one boundary) and classifies what it throws. `where`
 * may be a function, for a state that depends on how far the work got. A full disk's hint
 * says how much is free there now.
 */
export async function guardFs<T>(where: FsWhere | (() => FsWhere), work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw await explainFsError(err, typeof where === 'function' ? where() : where);
  }
}

/** classifyFsError, with the free space for a full disk (a statfs of the folder). */
export async function explainFsError(err: unknown, where: FsWhere): Promise<unknown> {
  const full = isFsError(err) && KINDS[err.code]?.code === 'E_DISK_FULL';
  return classifyFsError(err, where, full ? await readFreeSpace(where.path) : null);
}
