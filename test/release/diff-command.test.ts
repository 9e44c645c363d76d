import { beforeAll, describe, expect, it } from 'vitest';
import type { ChangesFile } from '../../pipeline/schemas/release.ts';
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { diffDatasets } from '../../pipeline/diff/diff-datasets.ts';
import { sha256Hex } from '../../pipeline/release-format/checksums.ts';
import { LocalStore } from '../../pipeline/store/local-store.ts';
import { readDataset } from '../../pipeline/release-format/read-release.ts';
import { cli } from '../support/cli.ts';
import { editSeed, makeWorkspace } from '../support/workspace.ts';

let dir: string;

beforeAll(async () => {
  dir = await makeWorkspace();
  await cli(dir, ['release', '--quiet']); // 1.0.0
  await editSeed(dir, '2023/jinan.json', (s) => {
    s.commitments[3]!.text = s.commitments[3]!.text.replace('900', '1000');
  });
  await cli(dir, ['release', '--quiet']); // 1.0.1
  await editSeed(dir, '2023/qingdao.json', (s) => {
    s.commitments[2]!.responsible = ['赵豪志', '张新竹'];
    s.contact = { name: '刘丽琴', phone: '0532-85911853' };
  });
  await cli(dir, ['release', '--quiet']); // 1.0.2
  await editSeed(dir, '2023/zibo.json', (s) => {
    s.commitments.pop();
  });
}, 60_000);

describe('diff', () => {
  it('without options: what the seeds would release, with the next version', async () => {
    const run = await cli(dir, ['diff']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^diff v1\.0\.2 → seeds: major → v2\.0\.0 \(1 published commitment withdrawn\)/);
    expect(run.stdout).toMatch(/^2023 淄博市\n  ~ city commitments: 7 → 6\n  - 2023-370300-007 #7 /m);
  });

  it('--from --to: any two releases, character diffs in wdiff style', async () => {
    const run = await cli(dir, ['diff', '--from', 'v1.0.0', '--to', 'v1.0.2']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^diff v1\.0\.0 → v1\.0\.2: patch/);
    expect(run.stdout).toContain('新增高新技术企业[-900-]{+1000+}家');
    expect(run.stdout).toMatch(/~ city contact: .*0532-85911852.* → .*0532-85911853/);
    expect(run.stdout).toMatch(/responsible: \+张新竹 -耿涛/);
  });

  it('--format json has the changes.json shape; consecutive releases keep how ids were matched', async () => {
    const run = await cli(dir, ['diff', '--from', '1.0.0', '--to', '1.0.1', '--format', 'json']);
    const changes = JSON.parse(run.stdout) as ChangesFile;
    expect([changes.from, changes.to, changes.bump, changes.summary]).toEqual(['1.0.0', '1.0.1', 'patch', { added: 0, removed: 0, modified: 1, renumbered: 0, weakened: 0 }]);
    expect(changes.changes[0]).toMatchObject({ id: '2023-370100-004', matchedBy: 'similarity' });
  });

  it('--format markdown renders the changelog with <del>/<ins> marks', async () => {
    const run = await cli(dir, ['diff', '--from', 'v1.0.0', '--to', 'v1.0.1', '--format', 'markdown']);
    expect(run.stdout).toMatch(/^# v1\.0\.1 · /);
    expect(run.stdout).toContain('新增高新技术企业<del>[-900-]</del><ins>{+1000+}</ins>家');
  });

  it('--from alone compares a release with the seeds', async () => {
    const run = await cli(dir, ['diff', '--from', 'v1.0.1', '--format', 'json']);
    const changes = JSON.parse(run.stdout) as ChangesFile;
    expect(changes.summary).toEqual({ added: 0, removed: 1, modified: 1, renumbered: 0, weakened: 0 });
    expect(changes.changes.map((c) => c.scope)).toEqual(['city', 'commitment', 'city', 'commitment']); // 淄博市's count changes with its withdrawal
  });

  it('an unknown version is a clear error listing the releases', async () => {
    const run = await cli(dir, ['diff', '--from', 'v0.9.0', '--to', 'v1.0.1']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/E_NOT_FOUND: v0\.9\.0 is not in local store dist\/releases\n  releases: v1\.0\.0, v1\.0\.1, v1\.0\.2/);
  });

  it('--from --to --format json of consecutive releases is their changes.json, renumberings and rewordings included', async () => {
    const work = await makeWorkspace();
    await cli(work, ['release', '--quiet']); // 1.0.0
    await editSeed(work, '2023/jinan.json', (s) => {
      // An insertion at the front renumbers all 20; one of them is also reworded; one deadline changes.
      s.commitments.unshift({ seq: 0, text: '新增一项承诺：建成城市运行管理服务平台并投入使用', deadline: '12月底前', responsible: ['刘强'] });
      s.commitments.forEach((c, i) => (c.seq = i + 1));
      s.commitments[5]!.text += '，确保按期完成';
      s.commitments[9]!.deadline = '11月底前';
    });
    await cli(work, ['release', '--quiet']); // 1.1.0
    const store = new LocalStore(path.join(work, 'dist', 'releases'));
    const full = diffDatasets(await readDataset(store, '1.0.0'), await readDataset(store, '1.1.0'));
    expect(full.summary).toEqual({ added: 1, removed: 0, modified: 20, renumbered: 18, weakened: 0 });
    expect(full.changes.filter((c) => c.type === 'modified' && Object.keys(c.fields).join() === 'seq')).toHaveLength(18);
    expect(full.changes.find((c) => c.type === 'modified' && c.fields.text)).toMatchObject({ fields: { seq: { before: 5, after: 6 }, text: { after: expect.stringMatching(/，确保按期完成$/) } } });
    const json = await cli(work, ['diff', '--from', 'v1.0.0', '--to', 'v1.1.0', '--format', 'json']);
    expect(json.stdout).toBe(await readFile(path.join(work, 'dist', 'releases', 'v1.1.0', 'changes.json'), 'utf8'));
  });

  it('reads releases as untrusted input: another layout is read whole, a changed byte is caught by the digest', async () => {
    const work = await makeWorkspace();
    await cp(path.join(dir, 'dist'), path.join(work, 'dist'), { recursive: true });
    const store = new LocalStore(path.join(work, 'dist', 'releases'));
    const expected = diffDatasets(await readDataset(store, '1.0.0'), await readDataset(store, '1.0.2'));
    const file = path.join(work, 'dist', 'releases', 'v1.0.2', 'commitments.json');
    const original = await readFile(file, 'utf8');

    // Another layout (a JSON tool re-indented it), with SHA256SUMS updated to match: same diff.
    const sumsFile = path.join(work, 'dist', 'releases', 'v1.0.2', 'SHA256SUMS');
    const sums = await readFile(sumsFile, 'utf8');
    const reindented = `${JSON.stringify(JSON.parse(original), null, 4)}\n`;
    await writeFile(file, reindented);
    await writeFile(sumsFile, sums.replace(/^[0-9a-f]{64}(?=  commitments\.json$)/m, sha256Hex(new TextEncoder().encode(reindented))));
    expect(diffDatasets(await readDataset(store, '1.0.0'), await readDataset(store, '1.0.2'))).toEqual(expected);

    // One byte of a record changed, SHA256SUMS not: refused, whichever layout.
    await writeFile(sumsFile, sums);
    await writeFile(file, original.replace('"seq":5,', '"seq":6,'));
    const run = await cli(work, ['diff', '--from', 'v1.0.0', '--to', 'v1.0.2', '--format', 'json']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/E_STORE_CORRUPT: v1\.0\.2\/commitments\.json \(local store dist\/releases\) does not match SHA256SUMS/);
  });
});
