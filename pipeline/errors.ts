/**
 * Errors the pipeline raises on purpose, each with a stable code. Only the CLI's top
 * level turns them into a message and an exit code.
 */
export const ERROR_CODES = {
  E_USAGE: 'The command line is not valid.',
  E_INPUT: 'An input file could not be read.',
  E_IMPORT: 'The article could not be imported.',
  E_VALIDATION: 'The seed files have errors; nothing was published.',
  E_STORE_CORRUPT: 'A release in the store is missing or corrupt.',
  E_NOT_FOUND: 'The requested release does not exist.',
  E_PUBLISH_CONFLICT: 'A different release with this version already exists; published versions never change.',
  E_STORE_BUSY: 'Another release run holds the store; nothing was published.',
  E_STORE_MOVED: 'The store got a newer release while this run was planning; nothing was published.',
  E_VERIFY: 'The release does not verify.',
  E_GITHUB_AUTH: 'GitHub refused the token.',
  E_GITHUB: 'A GitHub API request failed.',
  E_CONFIG: 'The environment is missing a setting.',
  // Faults of the machine (pipeline/fs-errors.ts): the message names the path, the hint what to do.
  E_DISK_FULL: 'The disk (or the quota) is full: a file could not be written. Free space there or use another folder, then run again.',
  E_READ_ONLY: 'The folder is on a read-only file system: nothing can be written there. Remount it read-write or use another folder.',
  E_PERMISSION: 'The user running the command may not read or write a file or folder it needs. Fix the owner or mode, or use another folder.',
  E_TOO_MANY_FILES: 'The limit of open files was reached. Raise it (ulimit -n) or stop other programs holding files, then run again.',
  E_IO: 'The disk or file system reported an error. Check the disk and its mount, then run again.',
  E_CANCELLED: "The run was stopped by SIGINT or SIGTERM (what a cancelled CI job gets): it started no new work and released the store's lock; the message says what it left. Run it again to finish.",
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class PipelineError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Extra lines shown under the message (one problem per line). */
    readonly details: readonly string[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'PipelineError';
  }
}

/** Exit codes of the signals a run stops on: 128 + the signal's number, as shells report them. */
export const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;
export type StopSignal = keyof typeof SIGNAL_EXIT_CODES;

/** A run stopped by SIGINT or SIGTERM; `state` says what it left (nothing published, a draft…). */
export class CancelledError extends PipelineError {
  constructor(
    readonly signal: StopSignal,
    readonly state: string,
    options?: { cause?: unknown },
  ) {
    super('E_CANCELLED', `stopped by ${signal}: ${state}`, [], options);
    this.name = 'CancelledError';
  }
}

/** Exit code for an error: 2 for usage errors, 130/143 for a run stopped by SIGINT/SIGTERM, 1 for everything else. */
export function exitCodeOf(err: unknown): number {
  if (err instanceof CancelledError) return SIGNAL_EXIT_CODES[err.signal];
  return err instanceof PipelineError && err.code === 'E_USAGE' ? 2 : 1;
}
