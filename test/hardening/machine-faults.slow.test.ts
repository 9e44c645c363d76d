/**
 * Faults of the machine a run works on (README, "For operators: when a run fails"). A real CLI
 * child runs with one file-system call made to fail (test/support/fs-faults.mjs), each call
 * site in turn: ENOSPC where the call writes, EIO where it reads (EIO at the write sites too,
 * and every file rather than one per code location, with FAULTS_FULL=1); EDQUOT, EROFS,
 * EACCES and EMFILE once each.
 *
 * - `release`: reading the seeds, staging in TMPDIR, the store's lock, the release's temporary
 *   folder, the root index and changelog, the renames, the clean-up. After each fault: exit 1,
 *   one classified error (E_DISK_FULL / E_IO) with a hint and what the run left, no stack
 *   trace; the store lists what it listed before — or, for a fault after the release folder
 *   was renamed into place, the complete new release, as the message says; the next run
 *   cleans up and publishes, and its release verifies.
 * - `site --out`: the previous site or the complete new one, never half a site.
 * - `import`: every seed file as it was, or (after the next run) all of them written.
 *
 * Then the same on a real full disk, a real read-only mount and a folder this user may not
 * write (root on Linux only: elsewhere a test says that part could not run, and why).
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmod, cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, TEST_EPOCH } from '../support/cli.ts';
import { runCliChild } from '../support/cli-child.ts';
import { mapConcurrent } from '../support/concurrency.ts';
import { folderOf, representativeSites, runWithFaults, sitesOf, stagingLeftovers, type FaultRun } from '../support/fault-runs.ts';
import { REPO } from '../support/paths.ts';
import { makeTempDir } from '../support/temp-dir.ts';
import { editSeed, makeWorkspace } from '../support/workspace.ts';

const STORE = path.join('dist', 'releases');
const ARTICLE = path.join('seeds', 'sources', '2023-dazhong-ribao.txt');
const FULL = process.env.FAULTS_FULL === '1';
const ERROR_OF: Record<string, { code: string; cause: string }> = {
  ENOSPC: { code: 'E_DISK_FULL', cause: 'no space left on the device' },
  EIO: { code: 'E_IO', cause: 'input/output error' },
  EDQUOT: { code: 'E_DISK_FULL', cause: 'the disk quota is exhausted' },
  EROFS: { code: 'E_READ_ONLY', cause: 'the file system is read-only' },
  EACCES: { code: 'E_PERMISSION', cause: 'permission denied' },
  EMFILE: { code: 'E_TOO_MANY_FILES', cause: 'too many open files in this process' },
};
/** The other errnos, once each, end to end (the loop covers ENOSPC and EIO everywhere). */
const OTHER_ERRNOS = [
  { site: 'w writeFile releases/.lock', code: 'EACCES' },
  { site: 'w mkdir releases/.tmp-v1.0.0-<pid>-<id>', code: 'EROFS' },
  { site: 'w link shandong-commitments-<pid>-XXXXXX/commitments.json -> .tmp-v1.0.0-<pid>-<id>/commitments.json', code: 'EDQUOT' },
  // Opened by the zip thread to zip it (its calls are numbered apart: no [2] after the release's own open).
  { site: 'r open shandong-commitments-<pid>-XXXXXX/changes.json', code: 'EMFILE' },
];

/** One TMPDIR for every child of this file: staging goes there, and tsx's cache stays warm. */
let tmp: string;
beforeAll(async () => {
  tmp = await makeTempDir();
});

let runs = 0;
/** The CLI in a child under the fault preload; calls under `within` (folders of `dir`) count. */
function child(dir: string, args: string[], within: string[], fault?: { site: string; code: string }): Promise<FaultRun> {
  return runWithFaults(dir, args, {
    within: within.map((rel) => `${path.join(dir, rel)}${path.sep}`),
    root: dir,
    tmp,
    log: path.join(dir, `calls-${++runs}.log`),
    ...(fault ? { fault } : {}),
  });
}
const RELEASE_WITHIN = ['dist', 'seeds'];
const release = (dir: string, fault?: { site: string; code: string }): Promise<FaultRun> =>
  runWithFaults(dir, ['release', '--quiet'], {
    // Staging: only this child's own folder in the shared TMPDIR.
    within: [...RELEASE_WITHIN.map((rel) => `${path.join(dir, rel)}${path.sep}`), path.join(tmp, 'shandong-commitments-<pid>-')],
    root: dir,
    tmp,
    log: path.join(dir, `calls-${++runs}.log`),
    ...(fault ? { fault } : {}),
  });

async function entriesOf(dir: string): Promise<string[]> {
  return (await readdir(dir).catch(() => [] as string[])).sort();
}
const versionsIn = (entries: readonly string[]): string[] => entries.filter((n) => /^v\d+\.\d+\.\d+$/.test(n));

/** Every file below `dir` (dotfiles included) → its sha256: two trees compare as wholes. */
async function digestTree(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (sub: string): Promise<void> => {
    for (const e of await readdir(path.join(dir, sub), { withFileTypes: true }).catch(() => [])) {
      const rel = path.join(sub, e.name);
      if (e.isDirectory()) await walk(rel);
      else out[rel] = createHash('sha256').update(await readFile(path.join(dir, rel))).digest('hex');
    }
  };
  await walk('');
  return out;
}

async function copyOf(template: string): Promise<string> {
  const dir = await makeTempDir();
  await cp(template, dir, { recursive: true });
  return dir;
}

interface Failure {
  readonly code: string;
  readonly message: string;
  readonly hint: string | null;
  readonly state: string | null;
}

/** The one error a failed run printed — its code, message, hint and state — and that it carries no stack trace. */
function parseFailure(stderr: string): Failure {
  expect(stderr).not.toMatch(/unexpected failure|^\s+at |\bError:/m);
  const errors = stderr.split('\n').filter((l) => l.startsWith('error'));
  expect(errors, stderr).toHaveLength(1);
  const [, code, message] = /^error (E_[A-Z_]+): (.*)$/.exec(errors[0]!) ?? [];
  return { code: code!, message: message!, hint: /^ {2}hint: (.*)$/m.exec(stderr)?.[1] ?? null, state: /^ {2}state: (.*)$/m.exec(stderr)?.[1] ?? null };
}

/** A fault point's run: it failed there, exit 1, with the code the errno is classified as. */
function expectClassified(run: FaultRun, site: string, code: string): Failure {
  expect(run.faulted, 'the fault was injected').toBe(site);
  expect(run.code, run.stderr).toBe(1);
  const failure = parseFailure(run.stderr);
  expect(failure.code).toBe(ERROR_OF[code]!.code);
  expect(failure.message).toMatch(new RegExp(`^cannot .+: ${ERROR_OF[code]!.cause} \\(/`));
  expect(failure.hint).toBeTruthy();
  expect(failure.state, run.stderr).toBeTypeOf('string');
  return failure;
}

/** The versions `verify` accepts, one by one (in-process). */
async function verified(dir: string, versions: readonly string[]): Promise<void> {
  for (const v of versions) {
    const run = await cli(dir, ['verify', path.join(STORE, v)]);
    expect(run.stderr, `verify ${v}`).toBe('');
    expect(run.code).toBe(0);
  }
}

/**
 * Runs `check` at every point, two at a time; every failing point is listed at once. Writes
 * what each point reported to dist/test-reports/<report> (for audits and closing notes).
 */
async function everyPoint(points: ReadonlyArray<{ site: string; code: string }>, report: string, check: (site: string, code: string) => Promise<string>): Promise<void> {
  const outcomes: string[] = [];
  const failures: string[] = [];
  await mapConcurrent(points, 2, async ({ site, code }) => {
    try {
      outcomes.push(`${code} at ${site} → ${await check(site, code)}`);
    } catch (err) {
      failures.push(`${code} at ${site}: ${err instanceof Error ? err.message : String(err)}`);
    }
  });
  expect(failures).toEqual([]);
  expect(outcomes).toHaveLength(points.length);
  await mkdir(path.join(REPO, 'dist', 'test-reports'), { recursive: true });
  await writeFile(path.join(REPO, 'dist', 'test-reports', report), `${outcomes.sort().join('\n')}\n`);
}

/** ENOSPC at the sites that write, EIO at those that read (and at every site with FAULTS_FULL). */
function pointsOf(sites: readonly string[]): Array<{ site: string; code: string }> {
  return [...sites.filter((s) => s.startsWith('w ')).map((site) => ({ site, code: 'ENOSPC' })), ...sites.filter((s) => FULL || s.startsWith('r ')).map((site) => ({ site, code: 'EIO' }))];
}

describe('release: every file-system call fails in turn (ENOSPC where it writes, EIO where it reads)', () => {
  it('the first release into an empty store', async () => {
    // A clean run, listing the sites.
    const counting = await makeWorkspace();
    const clean = await release(counting);
    expect(clean.stderr).not.toMatch(/^error/m);
    expect(clean.code).toBe(0);
    const sites = sitesOf(clean.calls);
    const commit = sites.indexOf('w rename releases/.tmp-v1.0.0-<pid>-<id> -> releases/v1.0.0');
    // Every boundary is there: seeds, staging, the lock, the temporary folder, the root files, the clean-up.
    for (const expected of [
      'r readdir <root>/seeds',
      'r open 2023/jinan.json',
      `w mkdtemp ${path.basename(tmp)}/shandong-commitments-<pid>-`,
      'w writeSync shandong-commitments-<pid>-XXXXXX/commitments.json',
      'w writev shandong-commitments-<pid>-XXXXXX/shandong-commitments-v1.0.0.zip',
      'r readdir dist/releases',
      'w writeFile releases/.lock',
      'w mkdir releases/.tmp-v1.0.0-<pid>-<id>',
      'w link shandong-commitments-<pid>-XXXXXX/commitments.json -> .tmp-v1.0.0-<pid>-<id>/commitments.json',
      'w writeFile .tmp-v1.0.0-<pid>-<id>/cities.json',
      'w writeFile releases/index.json.<pid>.<uuid>.tmp',
      'w rename releases/index.json.<pid>.<uuid>.tmp -> releases/index.json',
      'w rm releases/.lock',
      `w rm ${path.basename(tmp)}/shandong-commitments-<pid>-XXXXXX`,
    ]) {
      expect(sites).toContain(expected);
    }
    expect(commit).toBeGreaterThan(0);

    for (const { site } of OTHER_ERRNOS) expect(sites).toContain(site);
    await everyPoint([...pointsOf(representativeSites(sites, FULL)), ...OTHER_ERRNOS], 'fault-points-release.txt', async (site, code) => {
      const dir = await makeWorkspace();
      const run = await release(dir, { site, code });
      const failure = expectClassified(run, site, code);
      // What the run says it left is what it left: nothing, or (after the rename) the whole release.
      const afterCommit = sites.indexOf(site) > commit;
      expect(failure.state).toMatch(afterCommit ? /^v1\.0\.0 is published/ : /^nothing was (published|written)/);
      expect(versionsIn(await entriesOf(path.join(dir, STORE)))).toEqual(afterCommit ? ['v1.0.0'] : []);
      if (afterCommit) await verified(dir, ['v1.0.0']);

      // The next run, without faults: it cleans up and publishes (or finds it published and repairs the index).
      const next = await cli(dir, ['release', '--quiet'], { TMPDIR: tmp });
      expect(next.stderr).not.toMatch(/^error/m);
      expect(next.code).toBe(0);
      expect(await entriesOf(path.join(dir, STORE))).toEqual(['CHANGELOG.md', 'index.json', 'v1.0.0']);
      await verified(dir, ['v1.0.0']);
      const index = JSON.parse(await readFile(path.join(dir, STORE, 'index.json'), 'utf8')) as { releases: Array<{ tag: string }> };
      expect(index.releases.map((r) => r.tag)).toEqual(['v1.0.0']);
      expect(await stagingLeftovers(tmp, run.pid)).toEqual([]);
      await rm(dir, { recursive: true, force: true });
      return `${failure.code}; state: ${failure.state}`;
    });
  }, 600_000);

  it('publishes by copying where a staged file cannot be hard-linked (another file system)', async () => {
    const clean = await makeWorkspace();
    expect((await release(clean)).code).toBe(0);
    const dir = await makeWorkspace();
    const site = 'w link shandong-commitments-<pid>-XXXXXX/commitments.json -> .tmp-v1.0.0-<pid>-<id>/commitments.json';
    const run = await release(dir, { site, code: 'EXDEV' });
    expect(run.faulted).toBe(site);
    expect(run.stderr).not.toMatch(/^error/m);
    expect(run.code).toBe(0);
    // That one file was copied; the others were still linked.
    expect(run.calls).toContain('w copyFile shandong-commitments-<pid>-XXXXXX/commitments.json');
    expect(run.calls).toContain('w link shandong-commitments-<pid>-XXXXXX/commitments.csv -> .tmp-v1.0.0-<pid>-<id>/commitments.csv');
    await verified(dir, ['v1.0.0']);
    expect(await digestTree(path.join(dir, STORE))).toEqual(await digestTree(path.join(clean, STORE)));
    expect(await stagingLeftovers(tmp, run.pid)).toEqual([]);
  }, 120_000);
});

/** Sites whose failure is tolerated by design: looking for leftovers to clean up. */
const TOLERATED = new Set(['r readdir seeds/2023', 'r stat dist/.site.tmp-<pid>-<id>']);

/**
 * Where a site build's call is: reading the store, around the output folder (its parent, the
 * temporary folder, the swap), or inside the new site — one writer for every page and folder.
 */
function siteLocationOf(site: string): string {
  if (site.includes(' -> ')) return site;
  const [kind, call, where] = site.split(' ') as [string, string, string];
  const folder = where.split('/')[0]!;
  const outside = folder === 'dist' || folder === '<root>' || (kind === 'r' && /^v\d/.test(folder));
  return outside ? folderOf(site) : `${kind} ${call} (inside the new site)`;
}

describe('site --out: every file-system call of a build fails in turn', () => {
  it('leaves the previous site or the complete new one, never half a site', async () => {
    // A store with v1.0.0 and a site built with another base URL, so the old and new sites differ.
    const template = await makeWorkspace();
    expect((await cli(template, ['release', '--quiet'])).code).toBe(0);
    expect((await cli(template, ['site', '--base-url', 'https://old.example/'])).code).toBe(0);
    const oldSite = await digestTree(path.join(template, 'dist', 'site'));
    const reference = await copyOf(template);
    expect((await cli(reference, ['site'])).code).toBe(0);
    const newSite = await digestTree(path.join(reference, 'dist', 'site'));
    expect(newSite).not.toEqual(oldSite);

    const counting = await copyOf(template);
    const clean = await child(counting, ['site'], ['dist']);
    expect(clean.code, clean.stderr).toBe(0);
    const sites = sitesOf(clean.calls);
    const swap = sites.indexOf('w rename dist/.site.tmp-<pid>-<id> -> dist/site');
    expect(swap).toBeGreaterThan(0);
    expect(sites).toContain('w writeFile .site.tmp-<pid>-<id>/index.html');

    await everyPoint(pointsOf(representativeSites(sites, FULL, siteLocationOf)), 'fault-points-site.txt', async (site, code) => {
      const dir = await copyOf(template);
      const run = await child(dir, ['site'], ['dist'], { site, code });
      if (TOLERATED.has(site)) {
        // After the swap, looking whether the temporary folder is still there is best effort.
        expect(run.code, run.stderr).toBe(0);
        expect(await digestTree(path.join(dir, 'dist', 'site'))).toEqual(newSite);
        return 'tolerated: the new site is in place';
      }
      expectClassified(run, site, code);
      const now = await digestTree(path.join(dir, 'dist', 'site'));
      expect([oldSite, newSite]).toContainEqual(now);
      if (sites.indexOf(site) <= swap) expect(now).toEqual(oldSite);
      const next = await cli(dir, ['site']);
      expect(next.code, next.stderr).toBe(0);
      expect(await digestTree(path.join(dir, 'dist', 'site'))).toEqual(newSite);
      expect(await entriesOf(path.join(dir, 'dist'))).toEqual(['releases', 'site']);
      await rm(dir, { recursive: true, force: true });
      return JSON.stringify(now) === JSON.stringify(oldSite) ? 'previous site kept' : 'new site in place';
    });
  }, 600_000);
});


describe('import: every file-system call fails in turn', () => {
  it('leaves every seed file as it was; the next run writes them all', async () => {
    // Jinan edited (the import updates it) and Qingdao gone (the import creates it).
    const template = await makeWorkspace();
    await editSeed(template, '2023/jinan.json', (seed) => {
      seed.commitments[0]!.text = `${seed.commitments[0]!.text}（草稿）`;
    });
    await rm(path.join(template, 'seeds', '2023', 'qingdao.json'));
    const before = await digestTree(path.join(template, 'seeds'));
    const reference = await copyOf(template);
    const imported = await cli(reference, ['import', ARTICLE]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/^updated +seeds\/2023\/jinan\.json/m);
    expect(imported.stdout).toMatch(/^created +seeds\/2023\/qingdao\.json/m);
    const after = await digestTree(path.join(reference, 'seeds'));

    const counting = await copyOf(template);
    const clean = await child(counting, ['import', ARTICLE], ['seeds']);
    expect(clean.code, clean.stderr).toBe(0);
    const sites = sitesOf(clean.calls);
    expect(sites).toContain('w rename 2023/.qingdao.json.<pid>.<uuid>.tmp -> 2023/qingdao.json');

    // Every site (a handful): the article, the existing seeds, the temporary files, the renames.
    await everyPoint(pointsOf(sites), 'fault-points-import.txt', async (site, code) => {
      const dir = await copyOf(template);
      const run = await child(dir, ['import', ARTICLE], ['seeds'], { site, code });
      if (TOLERATED.has(site)) {
        // Looking for a killed import's leftovers is best effort: it never stops the import.
        expect(run.code, run.stderr).toBe(0);
        expect(await digestTree(path.join(dir, 'seeds'))).toEqual(after);
        return 'tolerated: the import went on and wrote every file';
      }
      const failure = expectClassified(run, site, code);
      expect(failure.state).toBe('no seed file was changed');
      expect(await digestTree(path.join(dir, 'seeds'))).toEqual(before);
      const next = await cli(dir, ['import', ARTICLE]);
      expect(next.code, next.stderr).toBe(0);
      expect(await digestTree(path.join(dir, 'seeds'))).toEqual(after);
      await rm(dir, { recursive: true, force: true });
      return `${failure.code}; state: ${failure.state}`;
    });
  }, 300_000);
});

// ---------------------------------------------------------------------------------------------
// The real thing: a full tmpfs, a read-only mount, a folder this user may not write.

const run = promisify(execFile);

/** Whether this process can mount a tmpfs (root on Linux, with the capability), and why not. */
async function mountability(): Promise<{ ok: true } | { ok: false; why: string }> {
  if (process.platform !== 'linux') return { ok: false, why: `not Linux (${process.platform})` };
  if (process.getuid?.() !== 0) return { ok: false, why: `not root (uid ${process.getuid?.()})` };
  const probe = await makeTempDir();
  try {
    await run('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe]);
    await run('umount', [probe]);
    return { ok: true };
  } catch (err) {
    return { ok: false, why: `mount refused: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}` };
  }
}

/** Mounts a tmpfs of `kib` KiB on `dir` (made if needed) for `work`, then unmounts it whatever happens. */
async function withTmpfs<T>(dir: string, kib: number, work: (remount: (options: string) => Promise<void>) => Promise<T>): Promise<T> {
  await mkdir(dir, { recursive: true });
  await run('mount', ['-t', 'tmpfs', '-o', `size=${kib}k,mode=0755`, 'tmpfs', dir]);
  try {
    return await work(async (options) => void (await run('mount', ['-o', `remount,${options}`, dir])));
  } finally {
    await run('umount', ['-l', dir]);
  }
}

describe('on a real full disk, a read-only mount, a folder this user may not write', async () => {
  const can = await mountability();

  it('runs here (root on Linux), or says why not', () => {
    // A visible note, never a silent skip: without mounts the tests below do not run (the
    // fault loops above cover the same code paths with injected errors).
    if (can.ok) return expect(can).toEqual({ ok: true });
    console.warn(`machine-faults: the real-disk tests did not run: ${can.why}`);
    expect(can.why).toMatch(/^(not Linux|not root|mount refused)/);
  });

  it.runIf(can.ok)('a store on a full tmpfs: E_DISK_FULL, nothing left; with room, the release publishes', async () => {
    const dir = await makeWorkspace();
    const store = path.join(dir, STORE);
    await withTmpfs(store, 120, async (remount) => {
      const full = await cli(dir, ['release', '--quiet']);
      expect(full.code).toBe(1);
      const failure = parseFailure(full.stderr);
      expect(failure.code).toBe('E_DISK_FULL');
      // Staging (in TMPDIR) is on another file system, so the staged files are copied, not linked: the copy names both ends.
      expect(failure.message).toMatch(new RegExp(`^cannot publish v1\\.0\\.0 to local store dist/releases: no space left on the device \\(\\S+ → ${store}/\\.tmp-v1\\.0\\.0-\\S+\\)$`));
      expect(failure.hint).toMatch(new RegExp(`^free space on the disk that holds ${store} \\(\\d+ KiB free of 120 KiB; see: df -h ${store}\\), or use a folder on a larger disk \\(--releases DIR\\)`));
      expect(failure.state).toBe('nothing was published; the store is as it was');
      expect(await entriesOf(store)).toEqual([]); // no temporary folder, no lock: the run cleaned up
      await remount('size=20m');
      const roomy = await cli(dir, ['release', '--quiet']);
      expect(roomy.code, roomy.stderr).toBe(0);
      await verified(dir, ['v1.0.0']);
    });
  });

  it.runIf(can.ok)('a store remounted read-only: E_READ_ONLY naming the lock, the store unchanged; read-write again, the patch publishes', async () => {
    const dir = await makeWorkspace();
    const store = path.join(dir, STORE);
    await withTmpfs(store, 20 * 1024, async (remount) => {
      expect((await cli(dir, ['release', '--quiet'])).code).toBe(0);
      const before = await digestTree(store);
      await editSeed(dir, '2023/jinan.json', (seed) => {
        seed.commitments[0]!.text = seed.commitments[0]!.text.replace('推进', '加快推进');
      });
      await remount('ro');
      const ro = await cli(dir, ['release', '--quiet']);
      expect(ro.code).toBe(1);
      const failure = parseFailure(ro.stderr);
      expect(failure.code).toBe('E_READ_ONLY');
      expect(failure.message).toBe(`cannot take the lock of local store dist/releases: the file system is read-only (${path.join(store, '.lock')})`);
      expect(failure.hint).toBe(`${store} is on a read-only file system: remount it read-write, or use another folder (--releases DIR), then run again`);
      expect(await digestTree(store)).toEqual(before);
      await remount('rw');
      const patch = await cli(dir, ['release', '--quiet']);
      expect(patch.code, patch.stderr).toBe(0);
      expect(versionsIn(await entriesOf(store))).toEqual(['v1.0.0', 'v1.0.1']);
      await verified(dir, ['v1.0.0', 'v1.0.1']);
    });
  });

  it.runIf(can.ok)('staging on a full TMPDIR: E_DISK_FULL pointing at TMPDIR; nothing published, nothing left', async () => {
    const dir = await makeWorkspace();
    const small = path.join(dir, 'small-tmp');
    await withTmpfs(small, 64, async () => {
      const full = await cli(dir, ['release', '--quiet'], { TMPDIR: small });
      expect(full.code).toBe(1);
      const failure = parseFailure(full.stderr);
      expect(failure.code).toBe('E_DISK_FULL');
      expect(failure.message).toMatch(/^cannot stage the release in the temporary folder: no space left on the device \(/);
      expect(failure.hint).toContain('or use a folder on a larger disk (TMPDIR=DIR)');
      expect(await entriesOf(small)).toEqual([]);
      expect(await entriesOf(path.join(dir, STORE))).toEqual([]);
    });
  });

  it.runIf(can.ok)('site --out on a full disk, then read-only: a clear error and no half-written site', async () => {
    const dir = await makeWorkspace();
    expect((await cli(dir, ['release', '--quiet'])).code).toBe(0);
    const out = path.join(dir, 'out');
    await withTmpfs(out, 64, async (remount) => {
      const full = await cli(dir, ['site', '--out', 'out/site']);
      expect(full.code).toBe(1);
      expect(parseFailure(full.stderr)).toMatchObject({ code: 'E_DISK_FULL', message: expect.stringMatching(/^cannot write the site to out\/site: no space left on the device/) });
      expect(await entriesOf(out)).toEqual([]);
      await remount('ro');
      const ro = await cli(dir, ['site', '--out', 'out/site']);
      expect(ro.code).toBe(1);
      expect(parseFailure(ro.stderr).code).toBe('E_READ_ONLY');
      expect(await entriesOf(out)).toEqual([]);
    });
  });

  it.runIf(can.ok)('import into read-only seeds (a read-only bind mount): E_READ_ONLY, no seed file changed', async () => {
    const dir = await makeWorkspace();
    const seeds = path.join(dir, 'seeds');
    await rm(path.join(seeds, '2023', 'qingdao.json'));
    const before = await digestTree(seeds);
    await run('mount', ['--bind', seeds, seeds]);
    try {
      await run('mount', ['-o', 'remount,bind,ro', seeds]);
      const ro = await cli(dir, ['import', ARTICLE]);
      expect(ro.code).toBe(1);
      const failure = parseFailure(ro.stderr);
      expect(failure.code).toBe('E_READ_ONLY');
      expect(failure.state).toBe('no seed file was changed');
    } finally {
      await run('umount', ['-l', seeds]);
    }
    expect(await digestTree(seeds)).toEqual(before);
  });

  it.runIf(can.ok)('a store folder this user may not write (run as nobody): E_PERMISSION naming the folder', async () => {
    const dir = await makeWorkspace();
    const store = path.join(dir, STORE);
    await mkdir(store, { recursive: true });
    const userTmp = path.join(dir, 'tmp');
    await mkdir(userTmp);
    // The workspace readable by all, its TMPDIR writable by all; the store root's only.
    await chmod(dir, 0o755);
    await run('chmod', ['-R', 'a+rX', path.join(dir, 'seeds'), path.join(dir, 'dist')]);
    await chmod(userTmp, 0o777);
    // As another user, in a child: root ignores file modes.
    const denied = await runCliChild(dir, ['release', '--quiet'], { env: { PATH: process.env.PATH, SOURCE_DATE_EPOCH: TEST_EPOCH, TMPDIR: userTmp }, inherit: false, uid: 65534 });
    expect(denied.code).toBe(1);
    const failure = parseFailure(denied.stderr);
    expect(failure.code).toBe('E_PERMISSION');
    expect(failure.message).toBe(`cannot take the lock of local store dist/releases: permission denied (${path.join(store, '.lock')})`);
    expect(failure.hint).toBe(`the user running this command has no permission for ${path.join(store, '.lock')}: check the owner and mode of ${store} (ls -ld ${store}), or use another folder (--releases DIR)`);
    expect(await entriesOf(store)).toEqual([]);
  });
});
