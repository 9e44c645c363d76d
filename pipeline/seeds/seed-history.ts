/**
 * Where the seeds came from: the commit a release is built from and, for each seed file,
 * the commits that touched it since the previous release — read from git, never guessed.
 * When the history cannot be read faithfully (not a git checkout, uncommitted edits, a
 * shallow clone without the previous release's commit, a previous release that recorded no
 * commit) the commits are left out and `state` says why.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { HistoryState, SeedCommit } from '../schemas/release.ts';

const run = promisify(execFile);

/** What git says of the seeds between two commits. */
export interface SeedHistory {
  /** The commit the seeds are read at (HEAD), or null when there is none to name. */
  readonly commit: string | null;
  readonly state: HistoryState;
  /** Commits per seed file (path relative to the seeds folder: `2023/jinan.json`), oldest first. */
  readonly commitsByFile: ReadonlyMap<string, readonly SeedCommit[]>;
}

/** Which commits count: those after the previous release's commit, up to the one released. */
export interface HistoryRange {
  /** There is no previous release: every commit that touched a seed file counts. */
  readonly first: boolean;
  /** The previous release's commit (null when it recorded none). */
  readonly since: string | null;
  /** The commit released: HEAD of a clean work tree by default, or a given commit (two published releases). */
  readonly until?: string;
}

/** A pull request number from a squash-merge subject (`… (#123)`) or a merge commit's. */
export function pullRequestOf(subject: string): number | null {
  const m = /\(#(\d+)\)\s*$/.exec(subject) ?? /^Merge pull request #(\d+)\b/.exec(subject);
  return m ? Number(m[1]) : null;
}

const FIELD = '\x1f';
const RECORD = '\x1e';

/**
 * Parses `git log --format=<RECORD>%H<FIELD>%s<FIELD>%cI --name-only` output into commits
 * per file (paths as git prints them, relative to the repository), oldest first.
 */
export function parseGitLog(output: string): Map<string, SeedCommit[]> {
  const byFile = new Map<string, SeedCommit[]>();
  for (const entry of output.split(RECORD).reverse()) {
    const [head, ...files] = entry.split('\n');
    const [sha, subject, date] = (head ?? '').split(FIELD);
    if (!sha || subject === undefined || !date) continue;
    const commit: SeedCommit = { sha, subject, date, pr: pullRequestOf(subject) };
    for (const file of files) {
      if (file === '') continue;
      const list = byFile.get(file);
      if (list) list.push(commit);
      else byFile.set(file, [commit]);
    }
  }
  return byFile;
}

async function git(cwd: string, args: string[]): Promise<string> {
  const { stdout } = await run('git', args, { cwd, timeout: 30_000, maxBuffer: 256 * 1024 * 1024 });
  return stdout;
}

const NONE: ReadonlyMap<string, readonly SeedCommit[]> = new Map();

/**
 * Reads the seeds' history from git: HEAD, whether the work tree has uncommitted changes,
 * and the commits on the first-parent line (a merged pull request counts as its merge
 * commit) that touched each seed file in the range.
 */
export async function readSeedHistory(seedsDir: string, range: HistoryRange): Promise<SeedHistory> {
  let top: string;
  let commit: string;
  try {
    top = (await git(seedsDir, ['rev-parse', '--show-toplevel'])).trim();
    commit = range.until ?? (await git(seedsDir, ['rev-parse', 'HEAD'])).trim();
  } catch {
    return { commit: range.until ?? null, state: 'unavailable', commitsByFile: NONE };
  }
  if (range.until === undefined && (await git(top, ['status', '--porcelain'])).trim() !== '') return { commit: null, state: 'dirty', commitsByFile: NONE };
  const since = range.first ? null : range.since;
  if (!range.first && since === null) return { commit, state: 'no-previous-commit', commitsByFile: NONE };
  for (const sha of since === null ? [commit] : [since, commit]) {
    const known = await git(top, ['cat-file', '-e', `${sha}^{commit}`]).then(
      () => true,
      () => false,
    );
    if (!known) return { commit, state: 'unavailable', commitsByFile: NONE };
  }
  const seeds = path.relative(top, seedsDir).split(path.sep).join('/') || '.';
  const log = await git(top, [
    '-c',
    'core.quotePath=false',
    'log',
    '--first-parent',
    '-m',
    '--name-only',
    `--format=${RECORD}%H${FIELD}%s${FIELD}%cI`,
    since === null ? commit : `${since}..${commit}`,
    '--',
    seeds,
  ]);
  const prefix = seeds === '.' ? '' : `${seeds}/`;
  const commitsByFile = new Map<string, SeedCommit[]>();
  for (const [file, commits] of parseGitLog(log)) if (file.startsWith(prefix)) commitsByFile.set(file.slice(prefix.length), commits);
  return { commit, state: 'complete', commitsByFile };
}
