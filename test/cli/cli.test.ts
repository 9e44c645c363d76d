import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../pipeline/cli.ts';
import { redactSecrets } from '../../pipeline/redact.ts';
import { cli } from '../support/cli.ts';
import { REPO } from '../support/paths.ts';
import { makeTempDir } from '../support/temp-dir.ts';

describe('CLI', () => {
  it('lists every command in the top-level help', async () => {
    const run = await cli(REPO, ['--help']);
    expect(run.code).toBe(0);
    for (const c of COMMANDS) expect(run.stdout).toMatch(new RegExp(`^  ${c.name}\\s+${c.summary.slice(0, 20).replace(/[()[\]|.*+?]/g, '\\$&')}`, 'm'));
    for (const name of ['import', 'validate', 'diff', 'release', 'verify']) expect(COMMANDS.map((c) => c.name)).toContain(name);
  });

  it.each(COMMANDS.map((c) => c.name))('%s --help shows its usage and exits 0', async (name) => {
    const run = await cli(REPO, [name, '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^Usage: ${name}\\b`));
    expect(run.stdout).toMatch(/-h, --help/);
  });

  it('an unknown command exits 2 with the list of commands', async () => {
    const run = await cli(REPO, ['publish']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: unknown command "publish"/);
    expect(run.stderr).toMatch(/Commands:/);
  });

  it.each([
    [['validate', '--strict'], /Unknown option '--strict'/],
    [['validate', '--format', 'xml'], /--format must be one of text, json, github, not "xml"/],
    [['validate', 'extra'], /validate: unexpected argument "extra"/],
    [['import'], /import: missing argument/],
    [['diff', '--from', 'latest'], /--from must be a version such as v1\.0\.0/],
    [['release', '--store', 's3'], /--store must be local or github, not "s3"/],
  ])('usage error %j exits 2 and says why', async (args, message) => {
    const run = await cli(REPO, args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  it('a missing seeds folder fails with a hint', async () => {
    const dir = await makeTempDir();
    const run = await cli(dir, ['validate']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/E_INPUT: seeds folder not found: .* \(run from the repository root, or pass --seeds DIR\)/);
  });

  it('an invalid SOURCE_DATE_EPOCH is refused rather than silently ignored', async () => {
    const run = await cli(REPO, ['release', '--dry-run', '--releases', 'dist/never'], { SOURCE_DATE_EPOCH: 'yesterday' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/E_CONFIG: SOURCE_DATE_EPOCH must be whole seconds/);
  });
});

describe('redactSecrets', () => {
  it('removes secret environment values, GitHub tokens and authorization headers', () => {
    const token = 'ghp_abcdefghijklmnopqrstuvwxyz0123456789';
    const text = `failed: ${token} / Authorization: token s3cr3t-value / x=hunter2hunter2`;
    const out = redactSecrets(text, { GITHUB_TOKEN: 'hunter2hunter2', HOME: '/root' });
    expect(out).not.toContain(token);
    expect(out).not.toContain('s3cr3t-value');
    expect(out).not.toContain('hunter2hunter2');
    expect(out).toContain('failed: ***');
  });
});
