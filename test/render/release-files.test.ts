import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../pipeline/release-format/checksums.ts';
import { CSV_COLUMNS } from '../../pipeline/render/render-csv.ts';
import { cli } from '../support/cli.ts';
import { editSeed, makeWorkspace } from '../support/workspace.ts';

/** A release with every kind of change, rendered once; its files are snapshotted for review. */
let dir: string;
const asset = (version: string, name: string): Promise<string> => readFile(path.join(dir, 'dist', 'releases', `v${version}`, name), 'utf8');

beforeAll(async () => {
  dir = await makeWorkspace();
  await cli(dir, ['release', '--quiet']);
  await editSeed(dir, '2023/jinan.json', (s) => {
    s.commitments[3]!.text = s.commitments[3]!.text.replace('900', '1000').replace('2.75%', '2.8%');
    s.commitments.splice(9, 1); // withdraw 10
    for (const c of s.commitments) if (c.seq > 10) c.seq -= 1;
    for (const c of s.commitments) if (c.seq >= 2) c.seq += 1;
    s.commitments.push({ seq: 2, text: '建设<城市>公共文化服务体系 *重点* 年内建成街道综合文化站20处。', deadline: '6月30日前', responsible: ['戴龙成'] });
    s.contact = { name: '权娜', phone: '0531-51707060' };
  });
  await editSeed(dir, '2023/qingdao.json', (s) => {
    s.commitments[2]!.responsible = ['赵豪志', '张新竹'];
    s.commitments[4]!.deadline = '9月底前';
  });
  const run = await cli(dir, ['release', '--quiet']);
  expect(run.stdout).toMatch(/released v2\.0\.0/);
}, 60_000);

describe('rendered release files (snapshots under test/render/__snapshots__/)', () => {
  it('CHANGELOG.md of the first release', async () => {
    await expect(await asset('1.0.0', 'CHANGELOG.md')).toMatchFileSnapshot('__snapshots__/v1.0.0-CHANGELOG.md');
  });

  it('CHANGELOG.md of a release with every kind of change', async () => {
    const changelog = await asset('2.0.0', 'CHANGELOG.md');
    expect(changelog).toContain('<del>[-900-]</del><ins>{+1000+}</ins>');
    expect(changelog).toContain('建设&lt;城市&gt;公共文化服务体系 \\*重点\\*'); // untrusted text is escaped
    expect(changelog).toMatch(/### 撤回 withdrawn\n\n- `2023-370100-010`/);
    await expect(changelog).toMatchFileSnapshot('__snapshots__/v2.0.0-CHANGELOG.md');
  });

  it('CHANGELOG.md read as plain text (pandoc -t plain drops the HTML marks) still shows both sides of a change', async () => {
    const { stdout } = await promisify(execFile)('pandoc', ['-f', 'gfm', '-t', 'plain', '--wrap=none', path.join(dir, 'dist', 'releases', 'v2.0.0', 'CHANGELOG.md')]);
    expect(stdout).toContain('新增高新技术企业[-900-]{+1000+}家');
    expect(stdout).toContain('占比达到[-2.75-]{+2.8+}%');
    const html = (await promisify(execFile)('pandoc', ['-f', 'gfm', '-t', 'html', path.join(dir, 'dist', 'releases', 'v2.0.0', 'CHANGELOG.md')])).stdout;
    expect(html).toContain('<del>[-900-]</del><ins>{+1000+}</ins>'); // GitHub's renderer keeps the marks
  });

  it('changes.json of that release', async () => {
    await expect(await asset('2.0.0', 'changes.json')).toMatchFileSnapshot('__snapshots__/v2.0.0-changes.json');
  });

  it('commitments.csv of that release', async () => {
    await expect(await asset('2.0.0', 'commitments.csv')).toMatchFileSnapshot('__snapshots__/v2.0.0-commitments.csv');
  });

  it('cities.json and datapackage.json', async () => {
    await expect(await asset('2.0.0', 'cities.json')).toMatchFileSnapshot('__snapshots__/v2.0.0-cities.json');
    await expect(await asset('2.0.0', 'datapackage.json')).toMatchFileSnapshot('__snapshots__/v2.0.0-datapackage.json');
  });
});

describe('datapackage.json is a valid Frictionless descriptor for the files it lists', () => {
  it('names, paths, sizes, hashes and the CSV table schema agree with the files', async () => {
    const pkg = JSON.parse(await asset('2.0.0', 'datapackage.json')) as {
      profile: string;
      name: string;
      version: string;
      created: string;
      resources: Array<{ name: string; path: string; bytes: number; hash: string; schema?: { fields: Array<{ name: string; type: string }>; primaryKey: string[] } }>;
    };
    expect([pkg.profile, pkg.name, pkg.version, pkg.created]).toEqual(['data-package', 'shandong-commitments', '2.0.0', '2023-11-14T22:13:20Z']);
    for (const r of pkg.resources) {
      expect(r.name).toMatch(/^[a-z0-9._-]+$/);
      const bytes = await readFile(path.join(dir, 'dist', 'releases', 'v2.0.0', r.path));
      expect([r.bytes, r.hash]).toEqual([bytes.length, `sha256:${sha256Hex(bytes)}`]);
    }
    const files = (await readdir(path.join(dir, 'dist', 'releases', 'v2.0.0'))).filter((n) => !['datapackage.json', 'SHA256SUMS'].includes(n) && !n.endsWith('.zip'));
    expect(pkg.resources.map((r) => r.path).sort()).toEqual(files.sort());
    const csv = pkg.resources.find((r) => r.name === 'commitments')!;
    expect(csv.schema!.fields.map((f) => f.name)).toEqual([...CSV_COLUMNS]);
    expect(csv.schema!.primaryKey).toEqual(['id']);
    const header = (await asset('2.0.0', 'commitments.csv')).split('\r\n')[0];
    expect(header).toBe(CSV_COLUMNS.join(','));
  });
});
