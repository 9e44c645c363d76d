import { assetNamesOf } from '../../pipeline/release-format/names.ts';
import { cp, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { ByteWriter, parquetWrite } from 'hyparquet-writer';
import { PARQUET_COLUMNS, PARQUET_SCHEMA, parquetCellsOf, renderParquet } from '../../pipeline/render/render-parquet.ts';
import { renderZip } from '../../pipeline/render/render-zip.ts';
import type { CitiesFile, CommitmentsFile } from '../../pipeline/schemas/release.ts';
import { unzipToMemory } from '../../pipeline/verify/read-release-files.ts';
import { cli } from '../support/cli.ts';
import { makeTempDir } from '../support/temp-dir.ts';
import { editSeed, makeWorkspace } from '../support/workspace.ts';

let dir: string;

/** A copy of release v1.1.0 in a temporary folder. */
async function copyRelease(): Promise<string> {
  const copy = await makeTempDir();
  await cp(path.join(dir, 'dist', 'releases', 'v1.1.0'), copy, { recursive: true });
  return copy;
}

/** Replaces a file of a release copy and its line in SHA256SUMS, as a forger would. */
async function forge(copy: string, name: string, bytes: Uint8Array | string): Promise<void> {
  await writeFile(path.join(copy, name), bytes);
  const digest = createHash('sha256').update(await readFile(path.join(copy, name))).digest('hex');
  const sums = await readFile(path.join(copy, 'SHA256SUMS'), 'utf8');
  await writeFile(path.join(copy, 'SHA256SUMS'), sums.replace(new RegExp(`^[0-9a-f]{64}(  ${name.replace(/\./g, '\\.')})$`, 'm'), `${digest}$1`));
}

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
    expect(folder.stdout).toMatch(new RegExp(`^ok: dist/releases/v${version} verifies \\(v${version}, ${assetNamesOf(version).length} files`));
    const zip = await cli(dir, ['verify', `dist/releases/v${version}/shandong-commitments-v${version}.zip`]);
    expect(zip.code, zip.stdout).toBe(0);
    expect(zip.stdout).toMatch(new RegExp(`${assetNamesOf(version).length - 1} files`));
  });

  it.each([
    'commitments.json',
    'commitments.csv',
    'commitments-excel.csv',
    'commitments.parquet',
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

  it('fails when the Parquet file disagrees with the JSON even though SHA256SUMS was regenerated to match', async () => {
    const copy = await copyRelease();
    const json = JSON.parse(await readFile(path.join(copy, 'commitments.json'), 'utf8')) as CommitmentsFile;
    const cities = JSON.parse(await readFile(path.join(copy, 'cities.json'), 'utf8')) as CitiesFile;
    const records = json.records.map((r) => (r.id === '2023-370100-004' ? { ...r, text: r.text.replace('1000家', '9000家') } : r));
    await forge(copy, 'commitments.parquet', renderParquet({ records, cities: cities.cities }));
    const run = await cli(dir, ['verify', copy]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/commitments\.parquet: row 4 \(2023-370100-004\) column text: ".*9000家.*" but commitments\.json says ".*1000家.*"/);
  });

  it('fails when the Parquet file holds the right values under another type (city_code as a number)', async () => {
    const copy = await copyRelease();
    const json = JSON.parse(await readFile(path.join(copy, 'commitments.json'), 'utf8')) as CommitmentsFile;
    const cities = JSON.parse(await readFile(path.join(copy, 'cities.json'), 'utf8')) as CitiesFile;
    const byCity = new Map(cities.cities.map((c) => [`${c.year}|${c.code}`, c]));
    const schema = PARQUET_SCHEMA.map((e) => (e.name === 'city_code' ? { name: 'city_code', type: 'INT32' as const, repetition_type: 'REQUIRED' as const } : e));
    const rows = json.records.map((r) => parquetCellsOf(r, byCity.get(`${r.year}|${r.cityCode}`)));
    const writer = new ByteWriter();
    parquetWrite({
      writer,
      schema,
      columnData: PARQUET_COLUMNS.map((c, k) => ({ name: c.name, data: rows.map((row) => (c.name === 'city_code' ? Number(row[k]) : row[k])) })),
    });
    await forge(copy, 'commitments.parquet', writer.getBytes());
    const run = await cli(dir, ['verify', copy]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('commitments.parquet: schema element 4 is ["city_code","INT32","REQUIRED",null,null], expected ["city_code","BYTE_ARRAY","REQUIRED","UTF8",null]');
  });

  it('fails when datapackage.json declares a tabular-data-package holding non-tabular resources (the profile readers enforce)', async () => {
    const copy = await copyRelease();
    const pkg = JSON.parse(await readFile(path.join(copy, 'datapackage.json'), 'utf8')) as { profile: string };
    await forge(copy, 'datapackage.json', JSON.stringify({ ...pkg, profile: 'tabular-data-package' }, null, 2));
    const run = await cli(dir, ['verify', copy]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('datapackage.json: resource commitments-excel is a data-resource, but a tabular-data-package holds tabular-data-resources only');
    expect(run.stdout).toContain('datapackage.json: resource commitments-parquet is a data-resource');
  });

  it('the formula-like text shipped in v1.1.0 is verbatim in commitments.csv and the JSON, neutralised in the Excel CSV only', async () => {
    const release = path.join(dir, 'dist', 'releases', 'v1.1.0');
    const csv = await readFile(path.join(release, 'commitments.csv'), 'utf8');
    expect(csv).toContain(`,"=HYPERLINK(""http://example.org"",""点击"") 新增一项测试承诺。",`);
    const excel = await readFile(path.join(release, 'commitments-excel.csv'), 'utf8');
    expect(excel).toContain(`,"'=HYPERLINK(""http://example.org"",""点击"") 新增一项测试承诺。",`);
    const json = await readFile(path.join(release, 'commitments.json'), 'utf8');
    expect(json).toContain('"text":"=HYPERLINK(\\"http://example.org\\",\\"点击\\") 新增一项测试承诺。"');
  });

  it('reports a missing target clearly', async () => {
    const run = await cli(dir, ['verify', 'no/such/release']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/E_INPUT: not found: no\/such\/release/);
  });
});
