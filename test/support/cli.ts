/**
 * The CLI run in-process, as a user would run it from a folder: what it printed and its
 * exit code. The child-process runner for tests that must kill it is cli-child.ts.
 */
import { runCli } from '../../pipeline/cli.ts';

/** A fixed release date (2023-11-14T22:13:20Z), so releases are reproducible. */
export const TEST_EPOCH = '1700000000';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the CLI in-process in `cwd`. Its environment is `env` alone (plus a fixed
 * SOURCE_DATE_EPOCH unless `env` sets one): the test's own environment never leaks in.
 */
export async function cli(cwd: string, args: readonly string[], env: Record<string, string | undefined> = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    cwd,
    env: { SOURCE_DATE_EPOCH: TEST_EPOCH, ...env },
  });
  return { code, stdout, stderr };
}
