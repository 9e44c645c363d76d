import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSeedFiles } from '../../pipeline/seeds/load-seeds.ts';
import { validateSeedFile, validateSeeds } from '../../pipeline/validate/validate-seeds.ts';
import { cli } from '../support/cli.ts';
import { REPO } from '../support/paths.ts';

const CORPUS = path.join(REPO, 'test', 'fixtures', 'invalid-seeds');

/** [code, file, line, col, pointer] of every problem in one corpus case, in report order. */
async function problemsOf(name: string): Promise<Array<[string, string, number, number, string]>> {
  const dir = path.join(CORPUS, name);
  const { problems } = validateSeeds(await loadSeedFiles(dir, dir));
  return problems.map((p) => [p.code, p.file, p.line, p.col, p.pointer]);
}

describe('validate: the broken-seed corpus (test/fixtures/invalid-seeds), one case per kind of problem', () => {
  it('the valid base file has no problem at all', async () => {
    expect(await problemsOf('valid')).toEqual([]);
  });

  it.each([
    ['json-syntax', [['E_JSON_SYNTAX', '2023/jinan.json', 30, 7, '']]],
    ['not-utf8', [['E_ENCODING', '2023/jinan.json', 7, 15, '']]],
    ['bom', [['E_BOM', '2023/jinan.json', 1, 1, '']]],
    ['duplicate-key', [['E_DUPLICATE_KEY', '2023/jinan.json', 28, 7, '/commitments/1/text']]],
    ['unknown-key', [['E_UNKNOWN_KEY', '2023/jinan.json', 36, 7, '/commitments/2/responsibel']]],
    ['missing-key', [['E_MISSING_KEY', '2023/jinan.json', 24, 5, '/commitments/1']]],
    ['wrong-type', [['E_SCHEMA', '2023/jinan.json', 25, 14, '/commitments/1/seq']]],
    ['contact-wrong-type', [['E_SCHEMA', '2023/jinan.json', 6, 14, '/contact']]],
    [
      'bad-path',
      [
        ['E_PATH', '2023/beijing.json', 1, 1, ''],
        ['E_PATH', 'jinan.json', 1, 1, ''],
      ],
    ],
    [
      'path-mismatch',
      [
        ['E_PATH_MISMATCH', '2023/qingdao.json', 4, 11, '/city'],
        ['E_PATH_MISMATCH', '2024/jinan.json', 3, 11, '/year'],
      ],
    ],
    ['unknown-city', [['E_UNKNOWN_CITY', '2023/jinan.json', 4, 11, '/city']]],
    ['duplicate-seq', [['E_DUPLICATE_SEQ', '2023/jinan.json', 33, 14, '/commitments/2/seq']]],
    ['seq-gap', [['E_SEQ_GAP', '2023/jinan.json', 33, 14, '/commitments/2/seq']]],
    ['empty-text', [['E_EMPTY_TEXT', '2023/jinan.json', 26, 15, '/commitments/1/text']]],
    ['blank-text', [['E_EMPTY_TEXT', '2023/jinan.json', 26, 15, '/commitments/1/text']]],
    ['empty-responsible', [['E_EMPTY_RESPONSIBLE', '2023/jinan.json', 19, 22, '/commitments/0/responsible']]],
    ['duplicate-id', [['E_DUPLICATE_ID', '2023/qingdao.json', 16, 13, '/commitments/0/id']]],
    ['control-char', [['E_CONTROL_CHAR', '2023/jinan.json', 34, 15, '/commitments/2/text']]],
    ['contact-missing', [['E_CONTACT_MISSING', '2023/jinan.json', 6, 14, '/contact']]],
    ['deadline-unknown', [['W_DEADLINE', '2023/jinan.json', 27, 19, '/commitments/1/deadline']]],
    ['phone-area', [['W_PHONE_AREA', '2023/jinan.json', 8, 14, '/contact/phone']]],
    ['name', [['W_NAME', '2023/jinan.json', 20, 9, '/commitments/0/responsible/0']]],
    ['incomplete', [['W_INCOMPLETE', '2023/jinan.json', 5, 15, '/complete']]],
    ['near-duplicate', [['W_NEAR_DUPLICATE', '2023/jinan.json', 34, 15, '/commitments/2/text']]],
    ['layout', [['W_LAYOUT', '2023/jinan.json', 2, 3, '']]],
    ['not-normalized', [['W_NOT_NORMALIZED', '2023/jinan.json', 17, 15, '/commitments/0/text']]],
  ])('%s', async (name, expected) => {
    expect(await problemsOf(name)).toEqual(expected);
  });

  it('a file with several problems reports all of them at once, in line order', async () => {
    expect(await problemsOf('several')).toEqual([
      ['E_PATH_MISMATCH', '2023/jinan.json', 3, 11, '/year'],
      ['W_PHONE_AREA', '2023/jinan.json', 8, 14, '/contact/phone'],
      ['E_EMPTY_TEXT', '2023/jinan.json', 17, 15, '/commitments/0/text'],
      ['E_DUPLICATE_SEQ', '2023/jinan.json', 25, 14, '/commitments/1/seq'],
      ['E_SEQ_GAP', '2023/jinan.json', 33, 14, '/commitments/2/seq'],
      ['W_DEADLINE', '2023/jinan.json', 35, 19, '/commitments/2/deadline'],
      ['W_NAME', '2023/jinan.json', 38, 9, '/commitments/2/responsible/1'],
    ]);
  });

  it('the release skips only the costly near-duplicate comparison (warnings never block it)', async () => {
    const dir = path.join(CORPUS, 'near-duplicate');
    const [file] = await loadSeedFiles(dir, dir);
    expect(validateSeedFile(file!).problems.map((p) => p.code)).toEqual(['W_NEAR_DUPLICATE']);
    expect(validateSeedFile(file!, { nearDuplicates: false }).problems).toEqual([]);
    const several = path.join(CORPUS, 'several');
    const [bad] = await loadSeedFiles(several, several);
    expect(validateSeedFile(bad!, { nearDuplicates: false }).problems).toHaveLength(7);
  });

  it('messages name the field and say what is wrong', async () => {
    const dir = path.join(CORPUS, 'unknown-key');
    const { problems } = validateSeeds(await loadSeedFiles(dir, dir));
    expect(problems[0]!.message).toBe('unknown key "responsibel" (did you mean "responsible"?)');
  });
});

describe('validate command output', () => {
  const several = path.join('test', 'fixtures', 'invalid-seeds', 'several');

  it('text: one problem per line, file:line:col severity message (CODE) pointer; exit 1 on errors', async () => {
    const run = await cli(REPO, ['validate', '--seeds', several]);
    expect(run.code).toBe(1);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toBe(`${several}/2023/jinan.json:3:11 error year is 2024 but the file is in folder 2023/ (E_PATH_MISMATCH) /year`);
    expect(lines).toHaveLength(8);
    expect(lines[7]).toBe('1 seed file checked: 4 errors, 3 warnings');
  });

  it('github: ::error / ::warning workflow commands with file, line and col', async () => {
    const run = await cli(REPO, ['validate', '--seeds', several, '--format', 'github']);
    expect(run.code).toBe(1);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(new RegExp(`^::error file=${several.replace(/\//g, '\\/')}/2023/jinan\\.json,line=3,col=11,title=E_PATH_MISMATCH::year is 2024 but the file is in folder 2023/ at /year\\. `));
    expect(lines[1]).toMatch(/^::warning file=.*,line=8,col=14,title=W_PHONE_AREA::/);
    expect(lines.at(-1)).toBe('::error::1 seed file checked: 4 errors, 3 warnings');
  });

  it('json: machine-readable problems', async () => {
    const run = await cli(REPO, ['validate', '--seeds', several, '--format', 'json']);
    const report = JSON.parse(run.stdout) as { ok: boolean; errors: number; warnings: number; problems: Array<{ code: string; line: number }> };
    expect([report.ok, report.errors, report.warnings]).toEqual([false, 4, 3]);
    expect(report.problems.map((p) => p.code)).toContain('E_SEQ_GAP');
  });

  it('the committed seeds: no errors, exit 0, and the warnings it finds are printed', async () => {
    const run = await cli(REPO, ['validate']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      'seeds/2023/zibo.json:5:15 warning 淄博市 is marked incomplete: the source list was cut off (W_INCOMPLETE) /complete\n3 seed files checked: 0 errors, 1 warning\n',
    );
  });

  it('warnings alone exit 0', async () => {
    const run = await cli(REPO, ['validate', '--seeds', path.join('test', 'fixtures', 'invalid-seeds', 'phone-area')]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/W_PHONE_AREA/);
  });
});
