/**
 * Runs the real CLI in a child process (node + tsx), for tests that must kill it, run two
 * at once, or see its own streams. A preload can wrap the child's fs (crash-after-writes.mjs).
 */
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { runProcess, type ProcessRun } from './child-process.ts';
import { TEST_EPOCH } from './cli.ts';
import { CLI_ENTRY, REPO, TSX_LOADER } from './paths.ts';

/** Kills the child right after its n-th file operation (see the file for its variables). */
export const CRASH_PRELOAD = path.join(REPO, 'test', 'support', 'crash-after-writes.mjs');
/** Makes one file-system call fail, or sends a signal after one (see fs-faults.mjs). */
export const FAULT_PRELOAD = path.join(REPO, 'test', 'support', 'fs-faults.mjs');

export type ChildRun = ProcessRun;

export interface CliChildOptions {
  /** Added to this process's environment (with a fixed SOURCE_DATE_EPOCH), or the whole environment with `inherit: false`. */
  readonly env?: Record<string, string | undefined>;
  /** false: the child sees `env` and nothing else (default true). */
  readonly inherit?: boolean;
  /** A module loaded with --import after tsx, before the CLI. */
  readonly preload?: string;
  /** Run as this user (its group: the same id): root ignores file modes. */
  readonly uid?: number;
  /** Receives the child once started (to signal it from outside, say). */
  readonly onSpawn?: (child: ChildProcess) => void;
}

/** Runs `args` with the CLI in a child process in `cwd`; resolves when it has exited. */
export function runCliChild(cwd: string, args: readonly string[], options: CliChildOptions = {}): Promise<ChildRun> {
  const { env = {}, inherit = true, preload, uid, onSpawn } = options;
  const flags = ['--import', pathToFileURL(TSX_LOADER).href, ...(preload ? ['--import', pathToFileURL(preload).href] : []), CLI_ENTRY, ...args];
  return runProcess(process.execPath, flags, { cwd, env: inherit ? { ...process.env, SOURCE_DATE_EPOCH: TEST_EPOCH, ...env } : env, uid, gid: uid, onSpawn });
}
