/**
 * Hostile seed files, as a pull request from anyone may bring them. Each must give one
 * clear, located error (file, line, column, pointer, code) — never a crash or a stack
 * trace — and nothing may reach any store: not the local one, not GitHub.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSeedFile } from '../../pipeline/seeds/load-seeds.ts';
import { validateSeedFile } from '../../pipeline/validate/validate-seeds.ts';
import { FakeGithub } from '../support/fake-github/server.ts';
import { actionsEnv } from '../support/github-store.ts';
import { encodeGbk, encodeUtf16 } from '../support/legacy-encodings.ts';
import { cli } from '../support/cli.ts';
import { makeTempDir } from '../support/temp-dir.ts';
import { makeWorkspace } from '../support/workspace.ts';

interface Problem {
  severity: string;
  code: string;
  file: string;
  line: number;
  col: number;
  pointer: string;
  message: string;
}

interface HostileCase {
  readonly name: string;
  /** Spoils the workspace's seeds folder (a copy of the real seeds). */
  readonly make: (seeds: string, jinan: string) => Promise<void>;
  readonly code: string;
  readonly file: string;
  readonly line?: number;
  readonly col?: number;
  readonly pointer: string;
  /** A phrase the message must contain, so the error says what is wrong. */
  readonly says: RegExp;
}

const JINAN = '2023/jinan.json';
const write = (seeds: string, rel: string, content: string | Uint8Array): Promise<void> => writeFile(path.join(seeds, rel), content);
/** The line (1-based) of the first occurrence of `needle` in the real jinan.json. */
const lineOf = (text: string, needle: string): number => text.slice(0, text.indexOf(needle)).split('\n').length;

let fake: FakeGithub;
let jinanText: string;
beforeAll(async () => {
  fake = await FakeGithub.start();
  jinanText = await readFile(path.join(process.cwd(), 'seeds', JINAN), 'utf8');
});
afterAll(async () => {
  await fake.close();
});

const CASES: readonly HostileCase[] = [
  {
    name: 'GBK/GB18030-encoded file',
    make: (s, j) => write(s, JINAN, encodeGbk(j)),
    code: 'E_ENCODING',
    file: JINAN,
    pointer: '',
    says: /looks like GBK\/GB18030/,
  },
  {
    name: 'invalid UTF-8 (a stray 0xFF byte inside a commitment)',
    make: (s, j) => {
      const bytes = Buffer.from(j);
      bytes[Buffer.from(j.slice(0, j.indexOf('"seq": 3'))).length + 2] = 0xff;
      return write(s, JINAN, bytes);
    },
    code: 'E_ENCODING',
    file: JINAN,
    pointer: '',
    says: /byte 0xFF at byte offset/,
  },
  { name: 'UTF-16 LE with BOM', make: (s, j) => write(s, JINAN, encodeUtf16(j, 'le', true)), code: 'E_ENCODING', file: JINAN, line: 1, col: 1, pointer: '', says: /UTF-16/ },
  { name: 'UTF-16 BE with BOM', make: (s, j) => write(s, JINAN, encodeUtf16(j, 'be', true)), code: 'E_ENCODING', file: JINAN, line: 1, col: 1, pointer: '', says: /UTF-16/ },
  { name: 'UTF-16 LE without BOM', make: (s, j) => write(s, JINAN, encodeUtf16(j, 'le', false)), code: 'E_ENCODING', file: JINAN, line: 1, col: 1, pointer: '', says: /UTF-16/ },
  { name: 'UTF-8 with a BOM', make: (s, j) => write(s, JINAN, `\ufeff${j}`), code: 'E_BOM', file: JINAN, line: 1, col: 1, pointer: '', says: /byte-order mark/ },
  {
    name: 'a 50 MB file (one commitment of 17 million characters)',
    make: (s, j) => write(s, JINAN, j.replace(/"text": "[^"]*"/, `"text": "${'办'.repeat(17 * 1024 * 1024)}"`)),
    code: 'E_FILE_TOO_LARGE',
    file: JINAN,
    line: 1,
    col: 1,
    pointer: '',
    says: /5\d\.\d MB, more than the 16\.0 MB/,
  },
  {
    name: '10,000-deep nesting (the whole file)',
    make: (s) => write(s, JINAN, `${'['.repeat(10_000)}${']'.repeat(10_000)}`),
    code: 'E_JSON_DEPTH',
    file: JINAN,
    line: 1,
    col: 33,
    pointer: '/0'.repeat(32),
    says: /nest deeper than 32 levels/,
  },
  {
    name: '100,000-deep nesting inside a commitment',
    make: (s, j) => write(s, JINAN, j.replace(/"text": "[^"]*"/, `"text": ${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`)),
    code: 'E_JSON_DEPTH',
    file: JINAN,
    pointer: `/commitments/0/text${'/a'.repeat(29)}`,
    says: /nest deeper than 32 levels/,
  },
  {
    name: 'a duplicate key',
    make: (s, j) => write(s, JINAN, j.replace('"complete": true,', '"complete": true,\n  "complete": false,')),
    code: 'E_DUPLICATE_KEY',
    file: JINAN,
    line: 6,
    col: 3,
    pointer: '/complete',
    says: /appears twice/,
  },
  {
    name: 'a "__proto__" key',
    make: (s, j) => write(s, JINAN, j.replace('"complete": true,', '"complete": true,\n  "__proto__": { "polluted": "yes", "complete": false },')),
    code: 'E_UNKNOWN_KEY',
    file: JINAN,
    line: 6,
    pointer: '/__proto__',
    says: /unknown key "__proto__"/,
  },
  {
    name: 'a "constructor" key in a commitment',
    make: (s, j) => write(s, JINAN, j.replace('"seq": 2,', '"seq": 2, "constructor": { "prototype": { "polluted": "yes" } },')),
    code: 'E_UNKNOWN_KEY',
    file: JINAN,
    pointer: '/commitments/1/constructor',
    says: /unknown key "constructor"/,
  },
  {
    name: 'a seq beyond 2^53',
    make: (s, j) => write(s, JINAN, j.replace('"seq": 1,', '"seq": 9007199254740993,')),
    code: 'E_NUMBER_RANGE',
    file: JINAN,
    pointer: '/commitments/0/seq',
    says: /beyond 2\^53/,
  },
  {
    name: 'a year beyond 2^53',
    make: (s, j) => write(s, JINAN, j.replace('"year": 2023,', '"year": 20230000000000000000,')),
    code: 'E_NUMBER_RANGE',
    file: JINAN,
    line: 3,
    col: 11,
    pointer: '/year',
    says: /beyond 2\^53/,
  },
  {
    name: 'a file name with ".."',
    make: async (s, j) => {
      await rm(path.join(s, JINAN));
      await write(s, '2023/..jinan.json', j);
    },
    code: 'E_PATH',
    file: '2023/..jinan.json',
    line: 1,
    col: 1,
    pointer: '',
    says: /seeds\/<year>\/<city-slug>\.json/,
  },
  {
    name: 'a symlink to an absolute path outside seeds/',
    make: async (s, j) => {
      const outside = await makeTempDir({ 'secret.json': j });
      await rm(path.join(s, JINAN));
      await symlink(path.join(outside, 'secret.json'), path.join(s, JINAN));
    },
    code: 'E_PATH',
    file: JINAN,
    line: 1,
    col: 1,
    pointer: '',
    says: /symbolic link that points outside seeds\//,
  },
  {
    name: 'a relative symlink climbing out with ../..',
    make: async (s, j) => {
      await writeFile(path.join(s, '..', 'outside.json'), j);
      await rm(path.join(s, JINAN));
      await symlink('../../outside.json', path.join(s, JINAN));
    },
    code: 'E_PATH',
    file: JINAN,
    pointer: '',
    says: /symbolic link that points outside seeds\//,
  },
  {
    name: 'a symlinked year folder',
    make: async (s) => {
      const outside = await makeTempDir({ 'weifang.json': '{}' });
      await symlink(outside, path.join(s, '2024'));
    },
    code: 'E_PATH',
    file: '2024',
    line: 1,
    col: 1,
    pointer: '',
    says: /symbolic link/,
  },
  {
    name: 'a named pipe instead of a file (reading it would hang)',
    make: async (s) => {
      execFileSync('mkfifo', [path.join(s, '2023', 'weifang.json')]);
    },
    code: 'E_PATH',
    file: '2023/weifang.json',
    line: 1,
    col: 1,
    pointer: '',
    says: /not a regular file/,
  },
  {
    name: 'a zero-width space in a commitment',
    make: (s, j) => write(s, JINAN, j.replace('"seq": 4,\n      "text": "', '"seq": 4,\n      "text": "\u200b')),
    code: 'E_CONTROL_CHAR',
    file: JINAN,
    pointer: '/commitments/3/text',
    says: /U\+200B/,
  },
  {
    name: 'a right-to-left override (bidi) in a name',
    make: (s, j) => write(s, JINAN, j.replace('"name": "权娜"', '"name": "权\u202e娜"')),
    code: 'E_CONTROL_CHAR',
    file: JINAN,
    pointer: '/contact/name',
    says: /U\+202E/,
  },
  {
    name: 'a bidi isolate (U+2067) in a deadline',
    make: (s, j) => write(s, JINAN, j.replace('"deadline": "', '"deadline": "\u2067')),
    code: 'E_CONTROL_CHAR',
    file: JINAN,
    pointer: '/commitments/0/deadline',
    says: /U\+2067/,
  },
  {
    name: 'the city name in traditional characters',
    make: (s, j) => write(s, JINAN, j.replace('"city": "济南市"', '"city": "濟南市"')),
    code: 'E_UNKNOWN_CITY',
    file: JINAN,
    line: 4,
    col: 11,
    pointer: '/city',
    says: /traditional characters: write "济南市"/,
  },
  {
    name: 'the city name without 市',
    make: (s, j) => write(s, JINAN, j.replace('"city": "济南市"', '"city": "济南"')),
    code: 'E_UNKNOWN_CITY',
    file: JINAN,
    line: 4,
    col: 11,
    pointer: '/city',
    says: /write the full name "济南市"/,
  },
  {
    name: 'an empty seeds folder',
    make: async (s) => {
      await rm(s, { recursive: true });
      await mkdir(s);
    },
    code: 'E_PATH',
    file: '',
    pointer: '',
    says: /no seed files found/,
  },
];

const NO_CRASH = /unexpected failure|\n\s+at [\w.<>]+ \(|Maximum call stack|TypeError|RangeError/;

describe('hostile seed files: one clear located error each, nothing published', () => {
  it.each(CASES)('$name → $code', async (c) => {
    const dir = await makeWorkspace();
    const seeds = path.join(dir, 'seeds');
    await c.make(seeds, jinanText);

    const run = await cli(dir, ['validate', '--format', 'json']);
    expect(`${run.stdout}${run.stderr}`).not.toMatch(NO_CRASH);
    expect(run.code).toBe(1);
    const problems = (JSON.parse(run.stdout) as { problems: Problem[] }).problems;
    const errors = problems.filter((p) => p.severity === 'error');
    expect(errors.map((e) => `${e.code} ${e.file} ${e.pointer}`)).toEqual([`${c.code} ${c.file ? `seeds/${c.file}` : 'seeds'} ${c.pointer}`]);
    const [error] = errors;
    expect(error!.message).toMatch(c.says);
    expect(error!.line).toBeGreaterThanOrEqual(1);
    expect(error!.col).toBeGreaterThanOrEqual(1);
    if (c.line !== undefined) expect(error!.line).toBe(c.line);
    if (c.col !== undefined) expect(error!.col).toBe(c.col);
    // The text format carries the same facts, the way compilers print them.
    const text = await cli(dir, ['validate']);
    expect(text.stdout).toContain(`${error!.file}:${error!.line}:${error!.col} error`);
    expect(text.stdout).toContain(`(${c.code})`);

    // release: refused with the same error, and not one byte in the local store.
    const release = await cli(dir, ['release']);
    expect(`${release.stdout}${release.stderr}`).not.toMatch(NO_CRASH);
    expect(release.code).toBe(1);
    expect(release.stderr).toContain(`(${c.code})`);
    expect(release.stderr).toMatch(/E_VALIDATION/);
    await expect(stat(path.join(dir, 'dist'))).rejects.toMatchObject({ code: 'ENOENT' });

    // … nor on GitHub: the run stops before its first request.
    const before = fake.requests.length;
    const github = await cli(dir, ['release', '--store', 'github'], actionsEnv(fake));
    expect(github.code).toBe(1);
    expect(github.stderr).toContain(`(${c.code})`);
    expect(fake.requests.length).toBe(before);
    expect(fake.state.releases.size).toBe(0);

    // Nothing in any run touched a prototype.
    expect(Object.keys(Object.prototype)).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('several hostile files at once: each reported on its own file, none hides another', async () => {
    const dir = await makeWorkspace();
    const seeds = path.join(dir, 'seeds');
    // Three hostile files side by side: each gets its error, none hides another.
    await write(seeds, JINAN, encodeGbk(jinanText));
    await write(seeds, '2023/qingdao.json', `${'['.repeat(10_000)}${']'.repeat(10_000)}`);
    await write(seeds, '2023/zibo.json', `\ufeff${await readFile(path.join(seeds, '2023', 'zibo.json'), 'utf8')}`);
    const run = await cli(dir, ['validate', '--format', 'json']);
    const errors = (JSON.parse(run.stdout) as { problems: Problem[] }).problems.filter((p) => p.severity === 'error');
    expect(errors.map((e) => `${e.file} ${e.code}`)).toEqual(['seeds/2023/jinan.json E_ENCODING', 'seeds/2023/qingdao.json E_JSON_DEPTH', 'seeds/2023/zibo.json E_BOM']);
  });

  it.each(['../outside.json', '2023/../../outside.json', '/etc/passwd', '2023/jin\0an.json', '2023\\jinan.json'])(
    'a seed path %j that is not inside the seeds folder is refused unread: one E_PATH error, no exception',
    async (relative) => {
      const dir = await makeWorkspace();
      await writeFile(path.join(dir, 'outside.json'), jinanText);
      const file = await readSeedFile(path.join(dir, 'seeds'), relative, dir);
      expect(file.bytes).toHaveLength(0);
      const { problems } = validateSeedFile(file);
      expect(problems.map((p) => [p.code, p.line, p.col, p.pointer])).toEqual([['E_PATH', 1, 1, '']]);
      expect(problems[0]!.message).toMatch(/is not a path inside the seeds folder/);
    },
  );

  it.each([
    ['GBK', (t: string) => encodeGbk(t), /looks like GBK\/GB18030/],
    ['UTF-16', (t: string) => encodeUtf16(t, 'le', true), /looks like UTF-16/],
  ] as const)('import of a %s article: one error naming the encoding, nothing written', async (_name, encode, says) => {
    const dir = await makeTempDir();
    const article = await readFile(path.join(process.cwd(), 'seeds', 'sources', '2023-dazhong-ribao.txt'), 'utf8');
    await writeFile(path.join(dir, 'article.txt'), encode(article.replace(/[^\u0000-\uffff]/gu, '')));
    const run = await cli(dir, ['import', 'article.txt']);
    expect(run.code).toBe(1);
    const errors = run.stdout.split('\n').filter((l) => /\berror\b/.test(l));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(says);
    expect(errors[0]).toMatch(/^article\.txt:\d+:1 error .*\(E_IMPORT\)$/);
    await expect(stat(path.join(dir, 'seeds'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('a NUL in a path argument is a usage error, not a crash', async () => {
    const dir = await makeWorkspace();
    for (const args of [['validate', '--seeds', 'seeds\0/../etc'], ['import', 'article\0.txt'], ['verify', 'dist/releases/v1.0.0\0'], ['release', '--releases', 'dist\0']]) {
      const run = await cli(dir, args);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^error E_USAGE: .*NUL character/);
      expect(run.stderr).not.toMatch(NO_CRASH);
    }
    await expect(stat(path.join(dir, 'dist'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
