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

/** Exit code for an error: 2 for usage errors, 1 for everything else. */
export function exitCodeOf(err: unknown): number {
  return err instanceof PipelineError && err.code === 'E_USAGE' ? 2 : 1;
}
