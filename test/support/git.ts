/**
 * Git repositories made by tests: commits by a fixed author at fixed dates, with the
 * machine's and the user's git configuration left out, so that what a test derives from the
 * history (the release date, provenance) is the same on every run.
 */
import { runProcess } from './child-process.ts';

/** The date of a commit made here unless the caller gives one: the release date of a release built from it. */
export const COMMIT_DATE = '2024-03-01T08:00:00Z';

/** Runs git in `cwd`, committing (if it does) at `date`; returns its output, trimmed, or throws with its stderr. */
export async function git(cwd: string, args: readonly string[], date = COMMIT_DATE): Promise<string> {
  const env = {
    ...process.env,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_AUTHOR_NAME: 'ci',
    GIT_AUTHOR_EMAIL: 'ci@example.invalid',
    GIT_COMMITTER_NAME: 'ci',
    GIT_COMMITTER_EMAIL: 'ci@example.invalid',
    GIT_AUTHOR_DATE: date,
    GIT_COMMITTER_DATE: date,
  };
  const run = await runProcess('git', ['-c', 'commit.gpgsign=false', ...args], { cwd, env });
  if (run.code !== 0) throw new Error(`git ${args.join(' ')} in ${cwd}: ${run.stderr}`);
  return run.stdout.trim();
}

/**
 * Makes `dir` a git repository (branch main) whose one commit holds `paths` (everything by
 * default); returns the commit's hash.
 */
export async function commitFolder(dir: string, paths: readonly string[] = ['-A']): Promise<string> {
  await git(dir, ['init', '-q', '-b', 'main']);
  await git(dir, ['add', ...paths]);
  await git(dir, ['commit', '-q', '-m', 'snapshot']);
  return git(dir, ['rev-parse', 'HEAD']);
}
