/**
 * The local store's promises under a killed process and under two runs at once: a real
 * `release` child is killed with SIGKILL right after each file operation it makes (found
 * by counting them in a clean run), then the release is run again. At every point the
 * store holds only complete releases that verify, and the re-run converges to exactly
 * the releases it should — the earlier ones byte for byte unchanged.
 */
import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CRASH_PRELOAD, runCliChild, type ChildRun } from '../support/cli-child.ts';
import { mapConcurrent } from '../support/concurrency.ts';
import { cli } from '../support/cli.ts';
import { REPO } from '../support/paths.ts';
import { makeTempDir } from '../support/temp-dir.ts';
import { editSeed, makeWorkspace } from '../support/workspace.ts';

const STORE = path.join('dist', 'releases');
/**
 * Killed runs in flight at once: each is a child process (most of the cost: node and tsx
 * loading the pipeline), then cheap in-process checks. Four measured no faster on two cores.
 */
const KILLS_AT_ONCE = 2;

/**
 * Runs a release child that counts (limit 0) or is killed after operation `limit`; its
 * temporary files go to `dir`/tmp. The log (`dir`/operations.log unless given) is the count.
 */
async function releaseChild(dir: string, limit: number, log = path.join(dir, 'operations.log')): Promise<ChildRun> {
  const tmp = path.join(dir, 'tmp');
  await mkdir(tmp, { recursive: true });
  return runCliChild(dir, ['release', '--quiet'], {
    env: { CRASH_AFTER_WRITES: String(limit), CRASH_LOG: log, CRASH_WITHIN: [path.join(dir, 'dist'), tmp].join(path.delimiter), CRASH_TMPDIR: tmp },
    preload: CRASH_PRELOAD,
  });
}

/** A copy of `template` (a workspace) in a new temporary folder. */
async function copyWorkspace(template: string): Promise<string> {
  const dir = await makeTempDir();
  await cp(template, dir, { recursive: true });
  return dir;
}

async function listStore(dir: string): Promise<string[]> {
  return (await readdir(path.join(dir, STORE)).catch(() => [] as string[])).sort();
}

/** What `release` lists in the store, each verified with the verify command. */
async function verifiedVersions(dir: string): Promise<string[]> {
  const run = await cli(dir, ['release', '--dry-run', '--quiet', '--format', 'json']);
  expect(run.stderr).not.toMatch(/E_STORE_CORRUPT|unexpected failure/);
  const versions = (await listStore(dir)).filter((n) => /^v\d+\.\d+\.\d+$/.test(n));
  for (const v of versions) {
    const verify = await cli(dir, ['verify', path.join(STORE, v)]);
    expect(verify.stderr).toBe('');
    expect(verify.code).toBe(0);
  }
  return versions;
}

async function sums(dir: string, version: string): Promise<string> {
  return readFile(path.join(dir, STORE, `v${version}`, 'SHA256SUMS'), 'utf8');
}

interface Scenario {
  readonly name: string;
  /** Kill only at operations from the first one matching this (earlier ones are staging, covered once). */
  readonly from?: RegExp;
  /** Puts the workspace in the state before the run that will be killed. */
  readonly prepare: (dir: string) => Promise<void>;
  readonly before: readonly string[];
  readonly after: readonly string[];
}

const SCENARIOS: readonly Scenario[] = [
  { name: 'the first release into an empty store', prepare: async () => undefined, before: [], after: ['v1.0.0'] },
  {
    name: 'a patch on top of v1.0.0',
    prepare: async (dir) => {
      expect((await cli(dir, ['release', '--quiet'])).code).toBe(0);
      await editSeed(dir, '2023/jinan.json', (seed) => {
        seed.commitments[0]!.text = seed.commitments[0]!.text.replace('推进', '加快推进');
      });
    },
    before: ['v1.0.0'],
    after: ['v1.0.0', 'v1.0.1'],
    from: /writeFile \.lock/,
  },
];

describe('local store: SIGKILL after any file operation of a real release, then a re-run', () => {
  it.each(SCENARIOS)('$name', async (scenario) => {
    const template = await makeWorkspace();
    await scenario.prepare(template);
    const before = await Promise.all(scenario.before.map((v) => sums(template, v.slice(1))));

    // A clean run, counting: every operation is a point to be killed at.
    const counting = await copyWorkspace(template);
    const log = path.join(counting, 'operations.log');
    const clean = await releaseChild(counting, 0, log);
    expect(clean.code).toBe(0);
    const points = (await readFile(log, 'utf8')).trim().split('\n');
    // Staging, the lock, the temporary folder, every asset (a staged file linked, a small one written), the rename, the root files.
    expect(points.length).toBeGreaterThan(20);
    for (const asset of ['commitments.json', 'commitments.parquet', 'changes.json']) expect(points.join('\n')).toContain(`\tlink ${asset}\n`);
    for (const asset of ['cities.json', 'datapackage.json', 'SHA256SUMS']) expect(points.join('\n')).toContain(`\twriteFile ${asset}\n`);
    expect(points.join('\n')).toMatch(/writeFile \.lock[\s\S]*rename \.tmp-v[\d.]+-\d+-\w+ -> v[\d.]+[\s\S]*rename index\.json\.\d+\.[\w-]+\.tmp -> index\.json/);

    const first = scenario.from ? points.findIndex((p) => scenario.from!.test(p)) : 0;
    expect(first).toBeGreaterThanOrEqual(0);
    const outcomes: string[] = [];
    await mapConcurrent(
      points.map((_, i) => i + 1).slice(first),
      KILLS_AT_ONCE,
      async (k) => {
        const dir = await copyWorkspace(template);
        const killed = await releaseChild(dir, k);
        expect(killed.signal, `run killed after operation ${points[k - 1]}`).toBe('SIGKILL');

        // Right after the kill: only complete releases are listed, and each verifies.
        const listed = await verifiedVersions(dir);
        expect([scenario.before, scenario.after]).toContainEqual(listed);

        // The re-run converges: exactly the expected releases, earlier ones untouched, no debris.
        const rerun = await cli(dir, ['release', '--quiet']);
        expect(rerun.stderr).not.toMatch(/^error/m);
        expect(rerun.code).toBe(0);
        expect(await verifiedVersions(dir)).toEqual(scenario.after);
        for (const [i, v] of scenario.before.entries()) expect(await sums(dir, v.slice(1))).toBe(before[i]);
        const entries = await listStore(dir);
        expect(entries.filter((n) => !/^v\d+\.\d+\.\d+$/.test(n))).toEqual(['CHANGELOG.md', 'index.json']);
        const index = JSON.parse(await readFile(path.join(dir, STORE, 'index.json'), 'utf8')) as { releases: Array<{ tag: string }> };
        expect(index.releases.map((r) => r.tag).reverse()).toEqual(scenario.after);
        const changelog = await readFile(path.join(dir, STORE, 'CHANGELOG.md'), 'utf8');
        for (const tag of scenario.after) expect(changelog).toContain(tag.slice(1));
        outcomes.push(`${k}: ${points[k - 1]} → listed ${listed.join(',') || '(none)'}; re-run ${/released v/.test(rerun.stdout) ? 'published' : 'repaired'}`);
        await rm(dir, { recursive: true, force: true });
      },
    );
    expect(outcomes).toHaveLength(points.length - first);
    // For the record (closing notes, audits): what each kill left and what the re-run did.
    await mkdir(path.join(REPO, 'dist', 'test-reports'), { recursive: true });
    await writeFile(path.join(REPO, 'dist', 'test-reports', `crash-points-${scenario.after.at(-1)}.txt`), `${outcomes.sort((a, b) => parseInt(a) - parseInt(b)).join('\n')}\n`);
  }, 400_000);
});

describe('local store: two release runs started at once', () => {
  it('end with one new release; the other run does nothing or fails clearly; the store verifies', async () => {
    for (let round = 0; round < 3; round++) {
      const dir = await makeWorkspace();
      if (round === 2) {
        // From a store with v1.0.0: both plan v1.0.1.
        expect((await cli(dir, ['release', '--quiet'])).code).toBe(0);
        await editSeed(dir, '2023/qingdao.json', (seed) => {
          seed.contact!.phone = '0532-85911111';
        });
      }
      const runs = await Promise.all([runCliChild(dir, ['release']), runCliChild(dir, ['release'])]);
      const published = runs.filter((r) => /^released v/m.test(r.stdout));
      expect(published).toHaveLength(1);
      for (const other of runs.filter((r) => !/^released v/m.test(r.stdout))) {
        // Either it found the same bytes published (exit 0) or it was told why not (E_STORE_*).
        if (other.code === 0) expect(other.stdout).toMatch(/already published with identical bytes|nothing to release/);
        else expect(other.stderr).toMatch(/^error E_STORE_(BUSY|MOVED): /m);
        expect(other.stderr).not.toMatch(/unexpected failure/);
      }
      const expected = round === 2 ? ['v1.0.0', 'v1.0.1'] : ['v1.0.0'];
      expect(await verifiedVersions(dir)).toEqual(expected);
      expect((await listStore(dir)).filter((n) => !/^v\d/.test(n))).toEqual(['CHANGELOG.md', 'index.json']);
    }
  }, 120_000);

  it('a run that cannot get the lock in time fails with E_STORE_BUSY and publishes nothing', async () => {
    const dir = await makeWorkspace();
    await mkdir(path.join(dir, STORE), { recursive: true });
    // A live process holds the lock: this test's own process.
    await writeFile(path.join(dir, STORE, '.lock'), `${JSON.stringify({ pid: process.pid, host: hostname(), since: 'now' })}\n`);
    const run = await cli(dir, ['release'], { RELEASE_LOCK_WAIT_SECONDS: '0.3' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`waiting for process ${process.pid} on .* to finish`));
    expect(run.stderr).toMatch(/error E_STORE_BUSY: another release run holds the store \(process \d+/);
    expect(await listStore(dir)).toEqual(['.lock']);
    // A lock left by a process that no longer exists is taken over.
    await writeFile(path.join(dir, STORE, '.lock'), `${JSON.stringify({ pid: 2 ** 22 + 12345, host: hostname(), since: 'then' })}\n`);
    const again = await cli(dir, ['release', '--quiet']);
    expect(again.code).toBe(0);
    expect(await listStore(dir)).toEqual(['CHANGELOG.md', 'index.json', 'v1.0.0']);
  });
});
