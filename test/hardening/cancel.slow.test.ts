/**
 * Cancelled runs. A cancelled GitHub Actions job gets SIGINT, then SIGTERM, then a kill. A
 * real `release` child gets SIGINT or SIGTERM (alternately) at each stage of a local publish —
 * right after each file-system call site, one per code location (every site, with both
 * signals, when FAULTS_FULL=1) — and of a GitHub publish against the fake API — when each of
 * its requests reaches the server. Each time the run stops by itself within 5 s, exits 130
 * (SIGINT) or 143 (SIGTERM), says what it left, and leaves only complete releases (local: no
 * lock, no temporary file; GitHub: at most a draft); the re-run publishes normally.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../pipeline/release-format/checksums.ts';
import type { InMemoryRelease } from '../../pipeline/render/render-assets.ts';
import { cli } from '../support/cli.ts';
import { runCliChild } from '../support/cli-child.ts';
import { mapConcurrent } from '../support/concurrency.ts';
import { FakeGithub } from '../support/fake-github/server.ts';
import { folderOf, representativeSites, runWithFaults, sitesOf, stagingLeftovers, type FaultRun } from '../support/fault-runs.ts';
import { actionsEnv, expectPublishedOnce } from '../support/github-store.ts';
import { renderFirstRelease } from '../support/releases.ts';
import { REPO } from '../support/paths.ts';
import { makeTempDir } from '../support/temp-dir.ts';
import { copySeeds, makeWorkspace } from '../support/workspace.ts';

const STORE = path.join('dist', 'releases');
const FULL = process.env.FAULTS_FULL === '1';
const EXIT = { SIGINT: 130, SIGTERM: 143 } as const;
type StopSignal = keyof typeof EXIT;
/** The promise to a cancelled CI job: stopped well before the runner's kill. */
const STOP_WITHIN_MS = 5_000;

let tmp: string;
beforeAll(async () => {
  tmp = await makeTempDir();
});

let runs = 0;
function release(dir: string, signal?: { site: string; name: StopSignal }): Promise<FaultRun> {
  return runWithFaults(dir, ['release', '--quiet'], {
    within: [`${path.join(dir, 'dist')}${path.sep}`, `${path.join(dir, 'seeds')}${path.sep}`, path.join(tmp, 'shandong-commitments-<pid>-')],
    root: dir,
    tmp,
    log: path.join(dir, `calls-${++runs}.log`),
    ...(signal ? { signal } : {}),
  });
}

/** The stop message of a cancelled run: `error E_CANCELLED: stopped by SIGTERM: <state>`, no stack trace. */
function stateOf(stderr: string, signal: StopSignal): string {
  expect(stderr).not.toMatch(/unexpected failure|^\s+at |\bError:/m);
  expect(stderr).toContain(`• ${signal} received: stopping (no new work is started)`);
  const errors = stderr.split('\n').filter((l) => l.startsWith('error'));
  expect(errors, stderr).toHaveLength(1);
  const state = new RegExp(`^error E_CANCELLED: stopped by ${signal}: (.+)$`).exec(errors[0]!)?.[1];
  expect(state, stderr).toBeTypeOf('string');
  return state!;
}

/**
 * Runs `check` at every point, two at a time; every failing point is listed at once. Writes
 * what each point reported to dist/test-reports/<report> (for audits and closing notes).
 */
async function everyPoint<T>(points: readonly T[], report: string, name: (p: T) => string, check: (p: T) => Promise<string>): Promise<void> {
  const outcomes: string[] = [];
  const failures: string[] = [];
  await mapConcurrent(points, 2, async (p) => {
    try {
      outcomes.push(`${name(p)} → ${await check(p)}`);
    } catch (err) {
      failures.push(`${name(p)}: ${err instanceof Error ? err.message : String(err)}`);
    }
  });
  expect(failures).toEqual([]);
  expect(outcomes).toHaveLength(points.length);
  await mkdir(path.join(REPO, 'dist', 'test-reports'), { recursive: true });
  await writeFile(path.join(REPO, 'dist', 'test-reports', report), `${outcomes.sort((a, b) => parseInt(a.replace(/^\D+/, '')) - parseInt(b.replace(/^\D+/, '')) || a.localeCompare(b)).join('\n')}\n`);
}

const alternate = (i: number): StopSignal => (i % 2 === 0 ? 'SIGTERM' : 'SIGINT');

describe('a local publish stopped by SIGINT or SIGTERM at every stage', () => {
  it('stops within 5 s with 130/143, no lock and no temporary file left; only complete releases; the re-run publishes', async () => {
    const counting = await makeWorkspace();
    const clean = await release(counting);
    expect(clean.code, clean.stderr).toBe(0);
    // One site per call and folder: every stage, each kind of call in it.
    const sites = representativeSites(sitesOf(clean.calls), FULL, folderOf);
    const commit = sites.indexOf('w rename releases/.tmp-v1.0.0-<pid>-<id> -> releases/v1.0.0');
    expect(commit).toBeGreaterThan(0);
    const points = sites.flatMap((site, i) => (FULL ? (['SIGINT', 'SIGTERM'] as const).map((name) => ({ site, name })) : [{ site, name: alternate(i) }]));
    expect(new Set(points.map((p) => p.name))).toEqual(new Set(['SIGINT', 'SIGTERM']));

    await everyPoint(
      points,
      'cancel-points-local.txt',
      (p) => `${p.name} after ${p.site}`,
      async ({ site, name }) => {
        const dir = await makeWorkspace();
        const run = await release(dir, { site, name });
        expect(run.signalledAt, 'the signal was sent').not.toBeNull();
        const took = run.exitedAt - run.signalledAt!;
        expect(took).toBeLessThan(STOP_WITHIN_MS);
        expect(run.signal, 'it exited by itself').toBeNull();
        expect(run.code).toBe(EXIT[name]);
        const state = stateOf(run.stderr, name);
        // Once the release folder is renamed into place the run finishes (renames only); before,
        // it stops. The signal is seen at the next pause of the run, so a signal sent just
        // before the rename may find it under way.
        const published = /^the command had finished/.test(state);
        if (!published) expect(state).toMatch(/^nothing was published/);
        if (published) expect(sites.indexOf(site), 'published only when signalled at the end').toBeGreaterThanOrEqual(commit - 2);
        if (sites.indexOf(site) >= commit) expect(published).toBe(true);
        const entries = (await readdir(path.join(dir, STORE)).catch(() => [] as string[])).sort();
        expect(entries.filter((n) => n.startsWith('.') || n.endsWith('.tmp')), 'no lock, no temporary file').toEqual([]);
        expect(entries.filter((n) => n.startsWith('v'))).toEqual(published ? ['v1.0.0'] : []);
        expect(await stagingLeftovers(tmp, run.pid)).toEqual([]);
        if (published) expect(run.stdout).toMatch(/^released v1\.0\.0/m);

        const next = await cli(dir, ['release', '--quiet']);
        expect(next.code, next.stderr).toBe(0);
        expect((await readdir(path.join(dir, STORE))).sort()).toEqual(['CHANGELOG.md', 'index.json', 'v1.0.0']);
        const verify = await cli(dir, ['verify', path.join(STORE, 'v1.0.0')]);
        expect(verify.code, verify.stderr).toBe(0);
        return `exit ${run.code} ${took} ms after the signal; ${state}`;
      },
    );
  }, 600_000);
});

describe('a GitHub publish stopped by SIGINT or SIGTERM at every request', () => {
  let rendered: InMemoryRelease;
  beforeAll(async () => {
    rendered = await renderFirstRelease();
  });

  /** A `release --store github` child; `onRequest` sees each request as it reaches the fake. */
  async function githubRelease(fake: FakeGithub, onRequest: (index: number, child: ChildProcess) => void = () => undefined): Promise<Awaited<ReturnType<typeof runCliChild>> & { dir: string }> {
    const dir = await makeTempDir();
    await copySeeds(dir);
    let proc: ChildProcess | null = null;
    fake.faults = (r) => {
      if (proc) onRequest(r.index, proc);
      return undefined;
    };
    const run = await runCliChild(dir, ['release', '--store', 'github'], { env: actionsEnv(fake), onSpawn: (c) => (proc = c) });
    return { ...run, dir };
  }

  it('stops within 5 s with 130/143; GitHub holds at most a draft (or the whole release); the re-run publishes it once', async () => {
    const counting = await FakeGithub.start();
    let total: number;
    try {
      const clean = await githubRelease(counting);
      expect(clean.code, clean.stderr).toBe(0);
      expectPublishedOnce(counting, rendered);
      total = counting.requests.length;
    } finally {
      await counting.close();
    }
    expect(total).toBeGreaterThan(rendered.assets.length + 5);
    const points = Array.from({ length: total }, (_, i) => ({ at: i + 1, name: alternate(i) }));

    await everyPoint(
      points,
      'cancel-points-github.txt',
      (p) => `${p.name} at request ${String(p.at).padStart(2)}`,
      async ({ at, name }) => {
        const fake = await FakeGithub.start();
        try {
          let sentAt: number | null = null;
          const run = await githubRelease(fake, (index, proc) => {
            if (index === at && sentAt === null) {
              sentAt = Date.now();
              proc.kill(name);
            }
          });
          expect(sentAt, 'the signal was sent').not.toBeNull();
          const took = Date.now() - sentAt!;
          expect(took).toBeLessThan(STOP_WITHIN_MS);
          expect(run.signal, 'it exited by itself').toBeNull();
          expect(run.code, run.stderr).toBe(EXIT[name]);
          const state = stateOf(run.stderr, name);

          // GitHub: at most one draft; a published release only whole (the stop came after the publish request).
          const forTag = [...fake.state.releases.values()].filter((r) => r.tagName === rendered.tag);
          expect(forTag.filter((r) => r.draft).length).toBeLessThanOrEqual(1);
          const published = forTag.filter((r) => !r.draft);
          expect(published.length).toBeLessThanOrEqual(1);
          if (published.length === 1) {
            const assets = fake.state.assetsOf(published[0]!.id);
            expect(assets.map((a) => `${a.name} ${sha256Hex(a.bytes)}`).sort()).toEqual(rendered.assets.map((a) => `${a.name} ${sha256Hex(a.bytes)}`).sort());
            expect(state).toMatch(/is published on GitHub|may be published|had finished/);
          } else {
            expect(state).toMatch(/^nothing was published|is not published|may be published/);
          }

          const rerun = await cli(run.dir, ['release', '--store', 'github'], actionsEnv(fake));
          expect(rerun.code, rerun.stderr).toBe(0);
          expectPublishedOnce(fake, rendered);
          return `exit ${run.code} ${took} ms after the signal; ${published.length ? 'published' : forTag.length ? 'draft left' : 'nothing on GitHub'}; ${state}`;
        } finally {
          await fake.close();
        }
      },
    );
  }, 600_000);
});
