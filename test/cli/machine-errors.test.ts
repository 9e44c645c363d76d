/**
 * How faults of the machine and cancellations read (pipeline/fs-errors.ts, the CLI's
 * describeError): one line with a code naming what failed, why and where; a hint; what the
 * run left; a stack trace only with --debug. The fault loops and real mounts that produce
 * these errors from a running release are in test/hardening/machine-faults.slow.test.ts.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeError } from '../../pipeline/cli.ts';
import { CancelledError, ERROR_CODES, exitCodeOf, PipelineError } from '../../pipeline/errors.ts';
import { classifyFsError, explainFsError, guardFs, isFsError, withState } from '../../pipeline/fs-errors.ts';
import { cli } from '../support/cli.ts';
import { REPO } from '../support/paths.ts';
import { makeTempDir } from '../support/temp-dir.ts';
import { makeWorkspace } from '../support/workspace.ts';

/** An error shaped as Node's fs calls throw them. */
function errnoError(code: string, syscall: string, file?: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: kernel says so, ${syscall}${file ? ` '${file}'` : ''}`), { code, errno: -1, syscall, ...(file ? { path: file } : {}) });
}

const WHERE = { action: 'publish v1.0.0 to local store dist/releases', path: '/srv/store', elsewhere: '--releases DIR', state: 'nothing was published' };

describe('classifyFsError', () => {
  it.each([
    ['ENOSPC', 'E_DISK_FULL', 'no space left on the device', /^free space on the disk that holds \/srv\/store \(see: df -h \/srv\/store\), or use a folder on a larger disk \(--releases DIR\)/],
    ['EDQUOT', 'E_DISK_FULL', 'the disk quota is exhausted', /^free space on the disk/],
    ['EFBIG', 'E_DISK_FULL', 'the file is larger than the file system allows', /^free space on the disk/],
    ['EROFS', 'E_READ_ONLY', 'the file system is read-only', /^\/srv\/store is on a read-only file system: remount it read-write, or use another folder \(--releases DIR\)/],
    ['EACCES', 'E_PERMISSION', 'permission denied', /^the user running this command has no permission for \/srv\/store\/x: check the owner and mode of \/srv\/store \(ls -ld \/srv\/store\)/],
    ['EPERM', 'E_PERMISSION', 'operation not permitted', /^the user running this command has no permission/],
    ['EMFILE', 'E_TOO_MANY_FILES', 'too many open files in this process', /raise it \(ulimit -n\)/],
    ['ENFILE', 'E_TOO_MANY_FILES', 'too many open files on this system', /raise it \(ulimit -n\)/],
    ['EIO', 'E_IO', 'input/output error', /^the disk or file system failed: check the disk and the mount of \/srv\/store/],
  ])('%s → %s', (errno, code, cause, hint) => {
    const err = classifyFsError(errnoError(errno, 'open', '/srv/store/x'), WHERE) as PipelineError;
    expect(err).toBeInstanceOf(PipelineError);
    expect(err.code).toBe(code);
    expect(err.message).toBe(`cannot publish v1.0.0 to local store dist/releases: ${cause} (/srv/store/x)`);
    expect(err.details[0]).toMatch(/^hint: /);
    expect(err.details[0]!.slice('hint: '.length)).toMatch(hint);
    expect(err.details[1]).toBe('state: nothing was published');
    expect(ERROR_CODES[err.code]).toBeTruthy();
  });

  it('names both ends of a rename, and the folder when the call had no path (a write to a descriptor)', () => {
    const rename = Object.assign(errnoError('EIO', 'rename', '/srv/store/.tmp-v1'), { dest: '/srv/store/v1' });
    expect((classifyFsError(rename, WHERE) as PipelineError).message).toMatch(/\(\/srv\/store\/\.tmp-v1 → \/srv\/store\/v1\)$/);
    expect((classifyFsError(errnoError('ENOSPC', 'write'), WHERE) as PipelineError).message).toMatch(/no space left on the device \(\/srv\/store\)$/);
  });

  it('an errno it has no words for is E_IO with the kernel\'s own words (a real ENOTDIR)', async () => {
    const dir = await makeTempDir({ file: 'x' });
    const real = await mkdir(path.join(dir, 'file', 'sub')).catch((e: unknown) => e);
    expect(isFsError(real)).toBe(true);
    const err = classifyFsError(real, { action: 'create the folder', path: dir }) as PipelineError;
    expect(err.code).toBe('E_IO');
    expect(err.message).toBe(`cannot create the folder: not a directory (ENOTDIR in mkdir) (${path.join(dir, 'file', 'sub')})`);
    expect(err.details).toHaveLength(1); // a hint, no state given
  });

  it('leaves every other error as it is: ours, bugs, network errors', () => {
    const ours = new PipelineError('E_STORE_BUSY', 'busy');
    const bug = new TypeError('x is undefined');
    const network = errnoError('ECONNREFUSED', 'connect');
    for (const err of [ours, bug, network, 'a string']) expect(classifyFsError(err, WHERE)).toBe(err);
  });

  it('guardFs classifies what its work throws; a full disk\'s hint says how much is free there (a real statfs)', async () => {
    const dir = await makeTempDir();
    const err = await guardFs({ action: 'write', path: dir }, () => Promise.reject(errnoError('ENOSPC', 'write'))).catch((e: unknown) => e);
    expect((err as PipelineError).details[0]).toMatch(new RegExp(`^hint: free space on the disk that holds ${dir} \\(\\d+ KiB free of \\d+ KiB; see: df -h `));
    expect(await explainFsError(new Error('plain'), { action: 'x', path: dir })).toBeInstanceOf(Error);
  });

  it('withState adds what the run left to a fault that does not say it yet, and to nothing else', () => {
    const fault = classifyFsError(errnoError('EIO', 'read', '/s/x'), { action: 'read the store', path: '/s' }) as PipelineError;
    expect((withState(fault, 'nothing was published') as PipelineError).details.at(-1)).toBe('state: nothing was published');
    const said = classifyFsError(errnoError('EIO', 'read', '/s/x'), { ...WHERE, state: 'v1 is published' }) as PipelineError;
    expect(withState(said, 'nothing was published')).toBe(said);
    const busy = new PipelineError('E_STORE_BUSY', 'busy');
    expect(withState(busy, 'nothing was published')).toBe(busy);
  });
});

describe('describeError (the CLI\'s last word)', () => {
  const options = { debug: false, cwd: '/work', env: {} };

  it('a classified fault: code, message, hint, state, what the code means; the stack only with --debug', () => {
    const err = classifyFsError(errnoError('EROFS', 'open', '/srv/store/.lock'), { ...WHERE, action: 'take the lock of local store dist/releases' });
    const text = describeError(err, options);
    expect(text).toBe(
      [
        'error E_READ_ONLY: cannot take the lock of local store dist/releases: the file system is read-only (/srv/store/.lock)',
        '  hint: /srv/store is on a read-only file system: remount it read-write, or use another folder (--releases DIR), then run again',
        '  state: nothing was published',
        `  (${ERROR_CODES.E_READ_ONLY})`,
        '',
      ].join('\n'),
    );
    const debug = describeError(err, { ...options, debug: true });
    expect(debug.startsWith(text)).toBe(true);
    expect(debug).toMatch(/^ {2}caused by:\n {2}Error: EROFS: kernel says so, open '\/srv\/store\/\.lock'\n +at /m);
  });

  it('an fs error nobody classified is classified here, with its own path', () => {
    expect(describeError(errnoError('EMFILE', 'open', '/work/x.json'), options)).toMatch(/^error E_TOO_MANY_FILES: cannot finish the command: too many open files in this process \(\/work\/x\.json\)\n {2}hint: /);
  });

  it('a bug: its message and where to report it; the stack only with --debug', () => {
    const bug = new TypeError('cannot read properties of undefined');
    const text = describeError(bug, { ...options, env: { GITHUB_REPOSITORY: 'shandong/commitments' } });
    expect(text).toBe(
      'error: unexpected failure: cannot read properties of undefined\n' +
        '  this is a bug in the pipeline, not a problem of the data or the machine: please report it at https://github.com/shandong/commitments/issues,\n' +
        '  with the command you ran and its output with --debug (the stack trace)\n',
    );
    expect(describeError(bug, options)).toContain("please report it at the repository's issue tracker");
    expect(describeError(bug, { ...options, debug: true })).toMatch(/\n {2}TypeError: cannot read properties of undefined\n +at /);
  });

  it('a cancelled run: what it left; exit 130 for SIGINT, 143 for SIGTERM', () => {
    const stopped = new CancelledError('SIGINT', 'nothing was published');
    expect(describeError(stopped, options)).toBe(`error E_CANCELLED: stopped by SIGINT: nothing was published\n  (${ERROR_CODES.E_CANCELLED})\n`);
    expect(exitCodeOf(stopped)).toBe(130);
    expect(exitCodeOf(new CancelledError('SIGTERM', 'x'))).toBe(143);
    expect(exitCodeOf(new PipelineError('E_DISK_FULL', 'x'))).toBe(1);
  });
});

describe('README, "For operators: when a run fails"', () => {
  it('lists every error code a run can end with, and the exit codes of a stopped run', async () => {
    const readme = await readFile(path.join(REPO, 'README.md'), 'utf8');
    const section = /\n## For operators: when a run fails\n([\s\S]*?)\n## /.exec(readme)?.[1] ?? '';
    expect(Object.keys(ERROR_CODES).filter((code) => !section.includes(`\`${code}\``))).toEqual([]);
    expect(section).toMatch(/`130` \/\s+`143` a run stopped by SIGINT \/ SIGTERM/);
    expect(section).toContain('`--debug`');
  });
});

describe('the CLI with a fault, in-process', () => {
  it('--debug (or PIPELINE_DEBUG=1) adds the stack trace to a classified error; without, none', async () => {
    const dir = await makeWorkspace();
    // The store's root is a file: creating the store folder fails (EEXIST/ENOTDIR), a fault of the machine's layout.
    await mkdir(path.join(dir, 'dist'), { recursive: true });
    await writeFile(path.join(dir, 'dist', 'releases'), 'not a folder');
    const plain = await cli(dir, ['release', '--quiet']);
    expect(plain.code).toBe(1);
    expect(plain.stderr).toMatch(/^error E_IO: cannot (read|take the lock of) local store dist\/releases: /m);
    expect(plain.stderr).not.toMatch(/^\s+at /m);
    for (const run of [await cli(dir, ['release', '--quiet', '--debug']), await cli(dir, ['release', '--quiet'], { PIPELINE_DEBUG: '1' })]) {
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/^ {2}caused by:$/m);
      expect(run.stderr).toMatch(/^ +at /m);
    }
  });
});
