import { afterEach, describe, expect, it } from 'vitest';
import { FakeGithub, WRITE_TOKEN } from '../support/fake-github/server.ts';
import { cli } from '../support/cli.ts';
import { actionsEnv } from '../support/github-store.ts';
import { renderFirstRelease } from '../support/releases.ts';
import { makeTempDir } from '../support/temp-dir.ts';
import { copySeeds, rewordJinan } from '../support/workspace.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function setup(): Promise<{ fake: FakeGithub; dir: string; seeds: string }> {
  const fake = await FakeGithub.start();
  const dir = await makeTempDir();
  cleanups.push(() => fake.close());
  return { fake, dir, seeds: await copySeeds(dir) };
}

describe('release --store github (the CLI, with the environment Actions sets)', () => {
  it('publishes v1.0.0, then a patch; a re-run with nothing new exits 0 and writes nothing', async () => {
    const { fake, dir, seeds } = await setup();
    const first = await cli(dir, ['release', '--store', 'github'], actionsEnv(fake));
    expect(first.stderr).not.toMatch(/^error/m);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^released v1\.0\.0 \(initial/);
    expect(first.stdout).toContain(`${fake.apiUrl}/shandong/commitments/releases/tag/v1.0.0`);
    expect(first.stderr).toMatch(/no previous release in GitHub Releases of shandong\/commitments/);

    const writes = fake.writes().length;
    const again = await cli(dir, ['release', '--store', 'github'], actionsEnv(fake));
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/no changes since v1\.0\.0/);
    expect(fake.writes().length).toBe(writes);

    await rewordJinan(seeds);
    const patch = await cli(dir, ['release', '--store', 'github', '--format', 'json'], actionsEnv(fake));
    expect(patch.code).toBe(0);
    expect(JSON.parse(patch.stdout)).toMatchObject({ status: 'published', version: '1.0.1', from: '1.0.0', bump: 'patch' });
    expect(fake.state.latest().tagName).toBe('v1.0.1');
  });

  it('diff --store github previews the next version against the published release', async () => {
    const { fake, dir, seeds } = await setup();
    expect((await cli(dir, ['release', '--store', 'github'], actionsEnv(fake))).code).toBe(0);
    await rewordJinan(seeds);
    const diff = await cli(dir, ['diff', '--store', 'github', '--format', 'markdown'], actionsEnv(fake, { GITHUB_SHA: undefined }));
    expect(diff.code).toBe(0);
    expect(diff.stdout).toContain('1.0.1');
    expect(diff.stdout).toContain('（修订）');
  });

  it('without the GitHub environment: E_CONFIG naming each missing variable, nothing sent', async () => {
    const { fake, dir } = await setup();
    const run = await cli(dir, ['release', '--store', 'github'], { SOURCE_DATE_EPOCH: '1700000000' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/error E_CONFIG: --store github needs the GitHub Actions environment/);
    expect(run.stderr).toContain('GITHUB_TOKEN is not set');
    expect(run.stderr).toContain('GITHUB_REPOSITORY is not set');
    const bad = await cli(dir, ['release', '--store', 'github'], actionsEnv(fake, { GITHUB_REPOSITORY: 'no-slash', GITHUB_SHA: 'main' }));
    expect(bad.stderr).toContain('GITHUB_REPOSITORY must be owner/name');
    expect(bad.stderr).toContain('GITHUB_SHA must be a full commit hash');
    expect(fake.requests).toHaveLength(0);
  });

  it('the token never appears in the output, even when GitHub\'s message repeats it', async () => {
    const { fake, dir } = await setup();
    fake.faults = () => ({ kind: 'status', status: 401, message: `Bad credentials: token ${WRITE_TOKEN} was revoked` });
    const run = await cli(dir, ['release', '--store', 'github'], actionsEnv(fake));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/error E_GITHUB_AUTH: GitHub rejected the token/);
    expect(run.stderr).toContain('***');
    expect(`${run.stdout}${run.stderr}`).not.toContain(WRITE_TOKEN);
  });

  it('another run published other bytes under the planned version meanwhile: E_PUBLISH_CONFLICT, exit 1, nothing changed', async () => {
    const { fake, dir } = await setup();
    const other = await renderFirstRelease(1_710_000_000);
    let writesBefore = 0;
    // The run lists no release while planning; before its publish step looks, another run
    // has published v1.0.0 with other bytes.
    fake.faults = (r) => {
      if (r.index === 2) {
        const published = fake.state.createRelease({ tag_name: 'v1.0.0', draft: false });
        for (const a of other.assets) fake.state.uploadAsset(published.id, a.name, null, 'application/octet-stream', a.bytes, 'uploaded');
        writesBefore = fake.writes().length;
      }
      return undefined;
    };
    const run = await cli(dir, ['release', '--store', 'github'], actionsEnv(fake));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/error E_PUBLISH_CONFLICT: v1\.0\.0 is already published on GitHub .* refusing to change it/);
    expect(run.stderr).toMatch(/differs: CHANGELOG\.md: different \(sha256 /);
    expect(fake.writes().length).toBe(writesBefore);
    expect(fake.state.releases.size).toBe(1);
  });
});
