/**
 * Looks for a token, in every form that would mean it leaked, everywhere a run could have
 * put it: its output, files (zips opened), temporary folders, requests sent, and what the
 * fake GitHub stored. One finding per place, as a line naming the place and the form.
 */
import { lstat, readdir, readFile, readlink } from 'node:fs/promises';
import path from 'node:path';
import { unzipToMemory } from '../../../pipeline/verify/read-release-files.ts';
import type { Github } from './github-modes.ts';
import type { SentRequest } from './recording-client.ts';
import { needlesOf, type Needle, type TokenCase } from './tokens.ts';

/** Whether, and where, `text` holds the token in any form: one finding (the first form in needle order) per place. */
export function findIn(where: string, text: string, needles: readonly Needle[]): string[] {
  for (const n of needles) {
    const at = text.indexOf(n.text);
    if (at >= 0) return [`${where}: ${n.form} at ${at}: …${JSON.stringify(text.slice(Math.max(0, at - 60), at + n.text.length + 20))}…`];
  }
  return [];
}

/** Findings in bytes read as Latin-1 and as UTF-8; a .zip is opened and each member scanned too. */
export async function scanBytes(where: string, bytes: Uint8Array, needles: readonly Needle[]): Promise<string[]> {
  const found = findIn(where, Buffer.from(bytes).toString('latin1'), needles);
  if (found.length === 0) found.push(...findIn(where, Buffer.from(bytes).toString('utf8'), needles));
  if (where.endsWith('.zip')) {
    try {
      for (const [name, inner] of await unzipToMemory(bytes)) found.push(...(await scanBytes(`${where}!/${name}`, inner, needles)));
    } catch {
      // a half-written or corrupted zip: its raw bytes were scanned above
    }
  }
  return found;
}

/** Scans every file under `dir` (dotfiles, temporary and leftover files included); counts the files read. */
export async function scanTree(dir: string, needles: readonly Needle[], files: { count: number }): Promise<string[]> {
  const found: string[] = [];
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return found; // removed meanwhile, or not readable (another process's)
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    found.push(...findIn(`file name ${p}`, e.name, needles));
    if (e.isDirectory()) found.push(...(await scanTree(p, needles, files)));
    else if (e.isFile()) {
      try {
        const bytes = await readFile(p);
        files.count++;
        found.push(...(await scanBytes(`file ${p}`, bytes, needles)));
      } catch {
        // not readable (another process's temporary file)
      }
    } else if (e.isSymbolicLink()) {
      found.push(...findIn(`symlink ${p}`, await readlink(p).catch(() => ''), needles));
    }
  }
  return found;
}

/** What one run produced and where to look for what it left. */
export interface RunTraces {
  readonly stdout: string;
  readonly stderr: string;
  /** Anything written to the process's own stdout/stderr or console meanwhile (should be nothing). */
  readonly leaked: string;
  /** The run's folder: its workspace and its temporary folder. */
  readonly runFolder: string;
  /** The real temporary folder, and what was in it before the run. */
  readonly realTmp: string;
  readonly tmpBefore: ReadonlySet<string>;
  /** The requests the run sent (through the recording client). */
  readonly sent: readonly SentRequest[];
  readonly github: Github | null;
}

/** Everything a run could have leaked the token into; one line per finding. */
export async function findLeaks(token: TokenCase, traces: RunTraces): Promise<string[]> {
  const needles = needlesOf(token);
  const found = [...findIn('stdout', traces.stdout, needles), ...findIn('stderr', traces.stderr, needles), ...findIn('process stdout/stderr/console', traces.leaked, needles)];
  // The workspace (seeds, dist/, site, releases) and the run's temporary folder.
  const files = { count: 0 };
  found.push(...(await scanTree(traces.runFolder, needles, files)));
  // Anything new in the real temporary folder (code that ignores TMPDIR).
  for (const name of await readdir(traces.realTmp)) {
    if (traces.tmpBefore.has(name)) continue;
    const p = path.join(traces.realTmp, name);
    found.push(...findIn(`temp name ${p}`, name, needles));
    const st = await lstat(p).catch(() => null);
    if (st?.isDirectory()) found.push(...(await scanTree(p, needles, files)));
    else if (st?.isFile()) found.push(...(await scanBytes(`temp file ${p}`, await readFile(p).catch(() => Buffer.alloc(0)), needles)));
  }
  if (files.count < 5) found.push(`SCAN PROBLEM: only ${files.count} file(s) scanned under ${traces.runFolder}`);
  // What was sent: the token only ever in the Authorization header, and only to the API and uploads.
  const github = traces.github;
  const allowed = new Set(github ? [new URL(github.apiUrl).origin, new URL(github.fake.apiUrl).origin, new URL(github.fake.origins.uploads).origin] : []);
  for (const r of traces.sent) {
    found.push(...findIn(`request ${r.method} ${r.url}`, `${r.url}\n${r.rest}`, needles));
    if (r.authorization !== null && r.authorization.includes(token.value) && !allowed.has(new URL(r.url).origin)) {
      found.push(`Authorization header sent to ${new URL(r.url).origin}, which is not the GitHub API`);
    }
  }
  if (github) {
    const stored = github.fake.state;
    for (const c of stored.comments.values()) found.push(...findIn(`comment ${c.id} stored on GitHub`, JSON.stringify(c), needles));
    for (const r of stored.releases.values()) found.push(...findIn(`release ${r.id} stored on GitHub`, JSON.stringify(r), needles));
    for (const a of stored.assets.values()) found.push(...(await scanBytes(`asset ${a.name} stored on GitHub`, a.bytes, needles)));
    for (const r of github.fake.requests) {
      found.push(...findIn(`request path ${r.path}`, r.path, needles));
      if (r.origin === 'storage' && r.hadAuthorization) found.push(`the Authorization header went to asset storage (${r.path})`);
    }
  }
  return found;
}
