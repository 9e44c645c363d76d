/**
 * Harness for the machine-fault and cancellation tests: runs the real CLI in a child with
 * FAULT_PRELOAD (fs-faults.mjs), which makes one file-system call fail with an errno or
 * sends a signal right after one, and reads back what the preload logged. A "site" is a
 * call as the preload names it (`w open .tmp-v1.0.0-<pid>-<id>/commitments.json`): the same
 * in every run, so a clean run lists the sites and each later run aims at one of them.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { FAULT_PRELOAD, runCliChild, type ChildRun } from './cli-child.ts';

export interface FaultOptions {
  /** Path prefixes whose calls count (`<pid>` stands for the child's id). */
  readonly within: readonly string[];
  /** The workspace: its name becomes `<root>` in sites. */
  readonly root: string;
  /** The child's TMPDIR (shared by the children of a test file, so tsx's cache stays warm). */
  readonly tmp: string;
  /** Where the preload logs (one file per run). */
  readonly log: string;
  readonly fault?: { readonly site: string; readonly code: string };
  readonly signal?: { readonly site: string; readonly name: 'SIGINT' | 'SIGTERM' };
  readonly env?: Record<string, string | undefined>;
}

export interface FaultRun extends ChildRun {
  readonly pid: number;
  /** Every call site, in order (repeats included). */
  readonly calls: readonly string[];
  /** The site that failed, or null when the fault site was never reached. */
  readonly faulted: string | null;
  /** When the signal was sent (ms since the epoch), or null. */
  readonly signalledAt: number | null;
  /** When the child had exited (ms since the epoch). */
  readonly exitedAt: number;
}

/** Runs the CLI in a child under the fault preload. */
export async function runWithFaults(cwd: string, args: readonly string[], options: FaultOptions): Promise<FaultRun> {
  const run = await runCliChild(cwd, args, {
    env: {
      TMPDIR: options.tmp,
      FS_FAULTS_WITHIN: options.within.join(path.delimiter),
      FS_FAULTS_ROOT: options.root,
      FS_FAULTS_LOG: options.log,
      FAULT_SITE: options.fault?.site,
      FAULT_CODE: options.fault?.code,
      SIGNAL_SITE: options.signal?.site,
      SIGNAL: options.signal?.name,
      ...options.env,
    },
    preload: FAULT_PRELOAD,
  });
  const exitedAt = Date.now();
  const lines = (await readFile(options.log, 'utf8')).trim().split('\n');
  const field = (tag: string, i: number): string | null => lines.find((l) => l.startsWith(`${tag}\t`))?.split('\t')[i] ?? null;
  const signalled = field('SIGNAL', 3);
  return {
    ...run,
    pid: Number(field('PID', 1)),
    calls: lines.filter((l) => /^\d+\t/.test(l)).map((l) => l.split('\t')[1]!),
    faulted: field('FAULT', 2),
    signalledAt: signalled === null ? null : Number(signalled),
    exitedAt,
  };
}

/** The distinct sites of a run, in the order first met. */
export function sitesOf(calls: readonly string[]): string[] {
  return [...new Set(calls)];
}

/**
 * The code location of a site: files in a folder the run made or reads file by file (the
 * staging folder, the store's temporary folder, a release folder, a seeds year) are one
 * location — the same loop writes or reads each of them.
 */
export function locationOf(site: string): string {
  const [, head, folder, again] = /^(.* )([^ /]+)\/[^ /]+?( \[\d+\])?$/.exec(site) ?? [];
  if (head === undefined || folder === undefined || !/<pid>|^\d{4}$|^v\d+\.\d+\.\d+$/.test(folder)) return site;
  return `${head}${folder}/*${again ?? ''}`;
}

/** A coarser location: any file in a folder (a site's pages: the same writer for every page of a folder). */
export function folderOf(site: string): string {
  return site.includes(' -> ') ? site : site.replace(/\/[^ /]+?( \[\d+\])?$/, '/*$1');
}

/** One site per location (the first met), or every site when `all`. */
export function representativeSites(sites: readonly string[], all: boolean, locate: (site: string) => string = locationOf): string[] {
  if (all) return [...sites];
  const seen = new Set<string>();
  return sites.filter((s) => !seen.has(locate(s)) && seen.add(locate(s)) !== undefined);
}

/** The staging folders process `pid` left in `tmp` (a release stages in TMPDIR/shandong-commitments-<pid>-XXXXXX). */
export async function stagingLeftovers(tmp: string, pid: number): Promise<string[]> {
  return (await readdir(tmp).catch(() => [] as string[])).filter((n) => n.startsWith(`shandong-commitments-${pid}-`));
}
