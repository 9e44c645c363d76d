import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ChangesFile, CommitmentRecord, CommitmentsFile } from '../../pipeline/schemas/release.ts';
import { cli } from '../support/cli.ts';
import { editSeed, makeWorkspace, readAssetJson } from '../support/workspace.ts';
import { writeFile } from 'node:fs/promises';
import { renderSeedFile } from '../../pipeline/seeds/canonical.ts';
import { extractTargets } from '../../pipeline/promises/extract-targets.ts';

/**
 * Each scenario edits a copy of the real seeds after a first release (v1.0.0) and asserts the
 * exact changes.json and version of the next release.
 */
let dir: string;
let v1: CommitmentsFile;

const record = (id: string): CommitmentRecord => v1.records.find((r) => r.id === id)!;
/** A copy of the real seeds is not a git checkout: no commits behind the changes, and it says so. */
const NO_SOURCE = { commit: null, previousCommit: null, history: 'unavailable' };
/** The target of v1's commitment 2023-370100-004 with this span, as an effect shows it. */
const targetNamed = (span: string): Record<string, unknown> => {
  const t = record('2023-370100-004').targets!.find((x) => x.span === span)!;
  return { span: t.span, value: t.value, unit: t.unit, comparator: t.comparator, indicator: t.indicator };
};

async function release(): Promise<{ version: string; changes: ChangesFile }> {
  const run = await cli(dir, ['release', '--format', 'json', '--quiet']);
  expect(run.code, run.stderr).toBe(0);
  const out = JSON.parse(run.stdout) as { status: string; version: string };
  expect(out.status).toBe('published');
  return { version: out.version, changes: await readAssetJson<ChangesFile>(dir, out.version, 'changes.json') };
}

beforeEach(async () => {
  dir = await makeWorkspace();
  const first = await cli(dir, ['release', '--quiet']);
  expect(first.code, first.stderr).toBe(0);
  v1 = await readAssetJson<CommitmentsFile>(dir, '1.0.0', 'commitments.json');
});

describe('release scenarios on copies of the real seeds', () => {
  it('first release: v1.0.0 with 45 records (济南市 20, 青岛市 18, 淄博市 7 incomplete), changes from null', async () => {
    expect(v1.records).toHaveLength(45);
    const counts = Object.fromEntries(['济南市', '青岛市', '淄博市'].map((c) => [c, v1.records.filter((r) => r.city === c).length]));
    expect(counts).toEqual({ 济南市: 20, 青岛市: 18, 淄博市: 7 });
    const changes = await readAssetJson<ChangesFile>(dir, '1.0.0', 'changes.json');
    expect([changes.from, changes.to, changes.bump, changes.summary]).toEqual([null, '1.0.0', 'initial', { added: 45, removed: 0, modified: 0, renumbered: 0, weakened: 0 }]);
    const cities = await readAssetJson<{ cities: Array<{ name: string; complete: boolean; commitments: number }> }>(dir, '1.0.0', 'cities.json');
    expect(cities.cities.map((c) => [c.name, c.complete, c.commitments])).toEqual([
      ['济南市', true, 20],
      ['青岛市', true, 18],
      ['淄博市', false, 7],
    ]);
  });

  it('a few characters of one commitment edited: patch, same id, the diff shows exactly the edit', async () => {
    const before = record('2023-370100-004').text;
    const after = before.replace('新增高新技术企业900家', '新增高新技术企业1000家');
    await editSeed(dir, '2023/jinan.json', (s) => {
      s.commitments[3]!.text = after;
    });
    const { version, changes } = await release();
    expect(version).toBe('1.0.1');
    const [head, tail] = before.split('900');
    expect(changes).toEqual({
      formatVersion: 1,
      from: '1.0.0',
      to: '1.0.1',
      bump: 'patch',
      source: NO_SOURCE,
      summary: { added: 0, removed: 0, modified: 1, renumbered: 0, weakened: 0 },
      changes: [
        {
          type: 'modified',
          scope: 'commitment',
          id: '2023-370100-004',
          matchedBy: 'similarity',
          fields: {
            text: { before, after, diff: [['=', head], ['-', '900'], ['+', '1000'], ['=', tail]] },
            targets: { before: record('2023-370100-004').targets, after: extractTargets(after) },
          },
          // 900 → 1000 new high-tech firms: a raised target, not a weaker promise.
          effects: [{ kind: 'target-raised', weakens: false, before: targetNamed('900家'), after: { ...targetNamed('900家'), span: '1000家', value: 1000 } }],
          weakened: false,
          commits: [],
        },
      ],
    });
  });

  it('a new commitment inserted mid-city, later ones renumbered: minor, one added, the rest keep ids and change only seq', async () => {
    const text = '建设城市公共文化服务体系，年内建成街道综合文化站20处、泉城书房8个。';
    await editSeed(dir, '2023/jinan.json', (s) => {
      for (const c of s.commitments) if (c.seq >= 4) c.seq += 1;
      s.commitments.push({ seq: 4, text, deadline: '12月底前', responsible: ['戴龙成'] });
    });
    const { version, changes } = await release();
    expect(version).toBe('1.1.0');
    expect(changes.bump).toBe('minor');
    expect(changes.summary).toEqual({ added: 1, removed: 0, modified: 17, renumbered: 17, weakened: 0 });
    const added = {
      type: 'added',
      scope: 'commitment',
      id: '2023-370100-021',
      after: { id: '2023-370100-021', year: 2023, city: '济南市', cityCode: '370100', citySlug: 'jinan', seq: 4, text, deadline: '12月底前', due: '2023-12-31', ongoing: false, responsible: ['戴龙成'], targets: extractTargets(text), basis: null },
      commits: [],
    };
    const renumbered = Array.from({ length: 17 }, (_, i) => ({
      type: 'modified',
      scope: 'commitment',
      id: `2023-370100-${String(i + 4).padStart(3, '0')}`,
      matchedBy: 'text',
      fields: { seq: { before: i + 4, after: i + 5 } },
      effects: [],
      weakened: false,
      commits: [],
    }));
    const count = { type: 'modified', scope: 'city', city: '济南市', year: 2023, fields: { commitments: { before: 20, after: 21 } }, commits: [] };
    expect(changes.changes).toEqual([count, added, ...renumbered]);
  });

  it('a commitment deleted: major, its id is withdrawn and never reused', async () => {
    await editSeed(dir, '2023/jinan.json', (s) => {
      s.commitments.pop();
    });
    const { version, changes } = await release();
    expect(version).toBe('2.0.0');
    expect(changes).toEqual({
      formatVersion: 1,
      from: '1.0.0',
      to: '2.0.0',
      bump: 'major',
      source: NO_SOURCE,
      summary: { added: 0, removed: 1, modified: 0, renumbered: 0, weakened: 0 },
      changes: [
        { type: 'modified', scope: 'city', city: '济南市', year: 2023, fields: { commitments: { before: 20, after: 19 } }, commits: [] },
        { type: 'removed', scope: 'commitment', id: '2023-370100-020', before: record('2023-370100-020'), commits: [] },
      ],
    });
    const v2 = await readAssetJson<CommitmentsFile>(dir, '2.0.0', 'commitments.json');
    expect(v2.withdrawn).toEqual([{ id: '2023-370100-020', year: 2023, city: '济南市', cityCode: '370100', withdrawnIn: '2.0.0' }]);
    // Putting a new commitment at the end later gets a fresh id, not the withdrawn one.
    await editSeed(dir, '2023/jinan.json', (s) => {
      s.commitments.push({ seq: 20, text: '一项全新的承诺：建设城市应急避难场所30处。', deadline: '12月底前', responsible: ['吕涛'] });
    });
    const next = await release();
    expect(next.version).toBe('2.1.0');
    expect(next.changes.changes.map((c) => [c.type, 'id' in c ? c.id : c.city])).toEqual([['modified', '济南市'], ['added', '2023-370100-021']]);
  });

  it('a responsible official replaced: patch, who was added and who removed', async () => {
    await editSeed(dir, '2023/qingdao.json', (s) => {
      s.commitments[2]!.responsible = ['赵豪志', '张新竹'];
    });
    const { version, changes } = await release();
    expect(version).toBe('1.0.1');
    expect(changes.changes).toEqual([
      {
        type: 'modified',
        scope: 'commitment',
        id: '2023-370200-003',
        matchedBy: 'text',
        fields: { responsible: { before: ['赵豪志', '耿涛'], after: ['赵豪志', '张新竹'], added: ['张新竹'], removed: ['耿涛'] } },
        effects: [],
        weakened: false,
        commits: [],
      },
    ]);
    expect(changes.summary).toEqual({ added: 0, removed: 0, modified: 1, renumbered: 0, weakened: 0 });
  });

  it('a contact phone changed: patch, a city-level change', async () => {
    await editSeed(dir, '2023/jinan.json', (s) => {
      s.contact = { name: '权娜', phone: '0531-51707060' };
    });
    const { version, changes } = await release();
    expect(version).toBe('1.0.1');
    expect(changes).toEqual({
      formatVersion: 1,
      from: '1.0.0',
      to: '1.0.1',
      bump: 'patch',
      source: NO_SOURCE,
      summary: { added: 0, removed: 0, modified: 0, renumbered: 0, weakened: 0 },
      changes: [
        {
          type: 'modified',
          scope: 'city',
          city: '济南市',
          year: 2023,
          fields: { contact: { before: { name: '权娜', phone: '0531-5170706' }, after: { name: '权娜', phone: '0531-51707060' } } },
          commits: [],
        },
      ],
    });
  });

  it('a new city added: minor, the city and its commitments are additions', async () => {
    const seed = {
      year: 2023,
      city: '东营市',
      complete: true,
      contact: { name: '李明', phone: '0546-8881234' },
      source: { title: '2023年16市重点工作任务公开承诺事项', publisher: '大众日报' },
      commitments: [
        { seq: 1, text: '深入推进黄河三角洲生态保护，完成湿地修复10万亩。', deadline: '12月底前', responsible: ['李明'] },
        { seq: 2, text: '加快建设石化产业基地，新增高端化工项目5个。', deadline: '长期坚持', responsible: ['王强', '李明'] },
      ],
    };
    await writeFile(path.join(dir, 'seeds', '2023', 'dongying.json'), renderSeedFile(seed));
    const { version, changes } = await release();
    expect(version).toBe('1.1.0');
    expect(changes.summary).toEqual({ added: 2, removed: 0, modified: 0, renumbered: 0, weakened: 0 });
    expect(changes.changes.map((c) => [c.type, c.scope, 'id' in c ? c.id : c.city])).toEqual([
      ['added', 'city', '东营市'],
      ['added', 'commitment', '2023-370500-001'],
      ['added', 'commitment', '2023-370500-002'],
    ]);
    expect(changes.changes[0]).toEqual({
      type: 'added',
      scope: 'city',
      city: '东营市',
      year: 2023,
      after: { year: 2023, name: '东营市', code: '370500', slug: 'dongying', complete: true, contact: seed.contact, commitments: 2, source: seed.source },
      commits: [],
    });
  });

  it("a commitment's whole text replaced by an unrelated one: a withdrawal plus an addition (major)", async () => {
    const text = '加强海洋牧场建设，新建国家级海洋牧场示范区3处，推动远洋渔业高质量发展。';
    await editSeed(dir, '2023/jinan.json', (s) => {
      s.commitments[4]!.text = text;
    });
    const { version, changes } = await release();
    expect(version).toBe('2.0.0');
    expect(changes.summary).toEqual({ added: 1, removed: 1, modified: 0, renumbered: 0, weakened: 0 });
    expect(changes.changes).toEqual([
      { type: 'removed', scope: 'commitment', id: '2023-370100-005', before: record('2023-370100-005'), commits: [] },
      { type: 'added', scope: 'commitment', id: '2023-370100-021', after: { ...record('2023-370100-005'), id: '2023-370100-021', text, targets: extractTargets(text) }, commits: [] },
    ]);
  });

  it('淄博市 completed from a fuller source: minor, completeness and contact change at city level', async () => {
    await editSeed(dir, '2023/zibo.json', (s) => {
      s.complete = true;
      s.contact = { name: '张华', phone: '0533-3181234' };
      s.commitments.push({ seq: 8, text: '扎实推进城市更新，完成老旧小区改造100个。', deadline: '12月底前', responsible: ['宋振波'] });
    });
    const { version, changes } = await release();
    expect(version).toBe('1.1.0');
    expect(changes.changes[0]).toEqual({
      type: 'modified',
      scope: 'city',
      city: '淄博市',
      year: 2023,
      fields: { complete: { before: false, after: true }, contact: { before: null, after: { name: '张华', phone: '0533-3181234' } }, commitments: { before: 7, after: 8 } },
      commits: [],
    });
    expect(changes.changes[1]).toMatchObject({ type: 'added', id: '2023-370300-008' });
  });

  it('no change: no release, exit 0, and it says so', async () => {
    const run = await cli(dir, ['release']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('no changes since v1.0.0 (45 commitments): nothing to release\n');
    expect((await readdir(path.join(dir, 'dist', 'releases'))).filter((n) => n.startsWith('v'))).toEqual(['v1.0.0']);
  });

  it('invalid seeds: every error reported, nothing published', async () => {
    await editSeed(dir, '2023/jinan.json', (s) => {
      s.commitments[0]!.text = '';
      s.commitments[1]!.seq = 1;
    });
    const run = await cli(dir, ['release']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/seeds\/2023\/jinan\.json:\d+:\d+ error commitment text is empty \(E_EMPTY_TEXT\) \/commitments\/0\/text/);
    expect(run.stderr).toMatch(/E_DUPLICATE_SEQ/);
    expect(run.stderr).toMatch(/error E_VALIDATION: the seed files have errors/);
    expect((await readdir(path.join(dir, 'dist', 'releases'))).filter((n) => n.startsWith('v'))).toEqual(['v1.0.0']);
  });

  it('--dry-run prints the plan and writes nothing', async () => {
    await editSeed(dir, '2023/jinan.json', (s) => {
      s.commitments.pop();
    });
    const run = await cli(dir, ['release', '--dry-run']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^dry run: would release v2\.0\.0 \(major from v1\.0\.0: 1 published commitment withdrawn\)/);
    expect((await readdir(path.join(dir, 'dist', 'releases'))).filter((n) => n.startsWith('v'))).toEqual(['v1.0.0']);
  });
});
