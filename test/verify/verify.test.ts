import { cp, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderZip } from '../../pipeline/render/render-zip.ts';
import { unzipToMemory } from '../../pipeline/verify/read-release-files.ts';
import { cli, editSeed, makeTempDir, makeWorkspace } from '../support/workspace.ts';

let dir: string;
const versions = ['1.0.0', '1.0.1', '1.1.0', '2.0.0'];

beforeAll(async () => {
  dir = await makeWorkspace();
  await cli(dir, ['release', '--quiet']);
  await editSeed(dir, '2023/jinan.json', (s) => {
    s.commitments[3]!.text = s.commitments[3]!.text.replace('900', '1000');
  });
  await cli(dir, ['release', '--quiet']);
  await editSeed(dir, '2023/qingdao.json', (s) => {
    s.commitments.push({ seq: 19, text: '=HYPERLINK("http://example.org","点击") 新增一项测试承诺。', deadline: '12月底前', responsible: ['赵豪志'] });
  });
  await cli(dir, ['release', '--quiet']);
  await editSeed(dir, '2023/zibo.json', (s) => {
    s.commitments.pop();
  });
  await cli(dir, ['release', '--quiet']);
}, 60_000);

describe('verify', () => {
  it('the store holds the four releases', async () => {
    expect((await readdir(path.join(dir, 'dist', 'releases'))).filter((n) => n.startsWith('v')).sort()).toEqual(versions.map((v) => `v${v}`));
  });

  it.each(versions)('passes on release v%s, as a folder and as its zip', async (version) => {
    const folder = await cli(dir, ['verify', `dist/releases/v${version}`]);
    expect(folder.code, folder.stdout).toBe(0);
    expect(folder.stdout).toMatch(new RegExp(`^ok: dist/releases/v${version} verifies \\(v${version}, 9 files`));
    const zip = await cli(dir, ['verify', `dist/releases/v${version}/shandong-commitments-v${version}.zip`]);
    expect(zip.code, zip.stdout).toBe(0);
    expect(zip.stdout).toMatch(/8 files/);
  });

  it.each([
    'commitments.json',
    'commitments.csv',
    'commitments-excel.csv',
    'cities.json',
    'changes.json',
    'CHANGELOG.md',
    'datapackage.json',
    'shandong-commitments-v1.1.0.zip',
  ])('fails, naming %s, when one byte of it is changed', async (name) => {
    const copy = await makeTempDir();
    await cp(path.join(dir, 'dist', 'releases', 'v1.1.0'), copy, { recursive: true });
    const file = path.join(copy, name);
    const bytes = await readFile(file);
    const at = Math.floor(bytes.length / 2);
    bytes[at] = bytes[at]! ^ 0x01;
    await writeFile(file, bytes);
    const run = await cli(dir, ['verify', copy]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`${copy}/${name}: sha256 `);
    expect(run.stdout).toMatch(/FAILED: .* has \d+ problem\(s\)/);
  });

  it('fails when a CSV disagrees with the JSON even though SHA256SUMS was regenerated to match', async () => {
    const copy = await makeTempDir();
    await cp(path.join(dir, 'dist', 'releases', 'v1.1.0'), copy, { recursive: true });
    const csvPath = path.join(copy, 'commitments.csv');
    await writeFile(csvPath, (await readFile(csvPath, 'utf8')).replace('新增高新技术企业1000家', '新增高新技术企业9000家'));
    const { createHash } = await import('node:crypto');
    const sums = (await readFile(path.join(copy, 'SHA256SUMS'), 'utf8')).replace(
      /^[0-9a-f]{64}(  commitments\.csv)$/m,
      `${createHash('sha256').update(await readFile(csvPath)).digest('hex')}$1`,
    );
    await writeFile(path.join(copy, 'SHA256SUMS'), sums);
    const run = await cli(dir, ['verify', copy]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/commitments\.csv: row 5 \(2023-370100-004\) column text: ".*9000家.*" but commitments\.json says ".*1000家.*"/);
    expect(run.stdout).toMatch(/commitments\.csv: hash does not match datapackage\.json/);
  });

  it('names the inner file when a zip carries a changed file with a matching inner SHA256SUMS', async () => {
    const inner = await unzipToMemory(new Uint8Array(await readFile(path.join(dir, 'dist', 'releases', 'v1.1.0', 'shandong-commitments-v1.1.0.zip'))));
    inner.set('cities.json', new TextEncoder().encode('{"not": "cities"}\n'));
    const zip = await renderZip([...inner].map(([name, bytes]) => ({ name, bytes })), null);
    const out = await makeTempDir({ 'bad.zip': zip });
    const run = await cli(dir, ['verify', path.join(out, 'bad.zip')]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/bad\.zip\/cities\.json: sha256 [0-9a-f]{64} does not match SHA256SUMS/);
    expect(run.stdout).toMatch(/bad\.zip\/cities\.json: does not match schemas\/cities\.schema\.json/);
  });

  it('the formula-like text shipped in v1.1.0 is neutralised in both CSVs and kept verbatim in the JSON', async () => {
    const csv = await readFile(path.join(dir, 'dist', 'releases', 'v1.1.0', 'commitments.csv'), 'utf8');
    expect(csv).toContain(`"'=HYPERLINK(""http://example.org"",""点击"") 新增一项测试承诺。"`);
    const json = await readFile(path.join(dir, 'dist', 'releases', 'v1.1.0', 'commitments.json'), 'utf8');
    expect(json).toContain('"text":"=HYPERLINK(\\"http://example.org\\",\\"点击\\") 新增一项测试承诺。"');
  });

  it('reports a missing target clearly', async () => {
    const run = await cli(dir, ['verify', 'no/such/release']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/E_INPUT: not found: no\/such\/release/);
  });
});
