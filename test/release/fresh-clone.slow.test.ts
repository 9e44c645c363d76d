import { execFile } from 'node:child_process';
import { cp, mkdir, readdir, readFile, symlink } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { COMMIT_DATE, commitFolder, git } from '../support/git.ts';
import { REPO } from '../support/paths.ts';
import { makeTempDir } from '../support/temp-dir.ts';

const run = promisify(execFile);

/**
 * A repository made of the working tree's tracked files, committed at a fixed date, so the
 * test sees the code under test (not only what was committed before).
 */
async function makeOrigin(): Promise<string> {
  const origin = await makeTempDir();
  const files = (await git(REPO, ['ls-files', '-z', '--cached', '--others', '--exclude-standard'])).split('\0').filter((f) => f && !f.startsWith('test/'));
  for (const f of files) {
    await mkdir(path.dirname(path.join(origin, f)), { recursive: true });
    await cp(path.join(REPO, f), path.join(origin, f));
  }
  await commitFolder(origin);
  return origin;
}

/** A clone with node_modules linked in (standing in for `npm ci`, which needs the network). */
async function freshClone(origin: string): Promise<string> {
  const parent = await makeTempDir();
  const dir = path.join(parent, 'clone');
  await git(parent, ['clone', '-q', origin, dir]);
  await symlink(path.join(REPO, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

async function npmStart(dir: string): Promise<{ stdout: string; stderr: string }> {
  const env = { ...process.env };
  delete env.SOURCE_DATE_EPOCH;
  return run('npm', ['start', '--silent'], { cwd: dir, env, timeout: 120_000 });
}

describe('npm start on a fresh clone', () => {
  it('creates dist/releases/v1.0.0 with every asset; a second run creates nothing and says so; two clones are byte-identical', async () => {
    const origin = await makeOrigin();
    const [a, b] = [await freshClone(origin), await freshClone(origin)];

    const first = await npmStart(a);
    expect(first.stdout).toMatch(/released v1\.0\.0 \(initial: first release: 45 commitments\)/);
    const release = path.join(a, 'dist', 'releases', 'v1.0.0');
    expect((await readdir(release)).sort()).toEqual(
      ['CHANGELOG.md', 'SHA256SUMS', 'changes.json', 'cities.json', 'commitments-excel.csv', 'commitments.csv', 'commitments.json', 'commitments.parquet', 'datapackage.json', 'shandong-commitments-v1.0.0.zip', 'targets.csv'].sort(),
    );
    const records = JSON.parse(await readFile(path.join(release, 'commitments.json'), 'utf8')) as { records: unknown[] };
    expect(records.records).toHaveLength(45);
    // The release date comes from the seeds' commit, not the clock.
    const pkg = JSON.parse(await readFile(path.join(release, 'datapackage.json'), 'utf8')) as { created: string };
    expect(pkg.created).toBe(COMMIT_DATE);

    const second = await npmStart(a);
    expect(second.stdout).toBe('no changes since v1.0.0 (45 commitments): nothing to release\n');
    expect((await readdir(path.join(a, 'dist', 'releases'))).filter((n) => n.startsWith('v'))).toEqual(['v1.0.0']);

    await npmStart(b);
    for (const name of ['SHA256SUMS', 'shandong-commitments-v1.0.0.zip']) {
      const [x, y] = await Promise.all([readFile(path.join(release, name)), readFile(path.join(b, 'dist', 'releases', 'v1.0.0', name))]);
      expect(x.equals(y), `${name} differs between two clones`).toBe(true);
    }

    const verified = await run('npx', ['tsx', 'pipeline/cli.ts', 'verify', 'dist/releases/v1.0.0'], { cwd: a });
    expect(verified.stdout).toMatch(/^ok: dist\/releases\/v1\.0\.0 verifies \(v1\.0\.0, 11 files, 45 records\)/);
  });
});
