/**
 * Promises as data, end to end on copies of the real seeds: a release after edits that weaken,
 * strengthen and leave promises alone carries exactly the expected effects, flags and count,
 * and its CHANGELOG.md opens with the weakened ones; maintainers' own targets replace what the
 * rules read, and validate says where they do not fit the text.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ChangesFile, CommitmentsFile } from '../../pipeline/schemas/release.ts';
import { cli } from '../support/cli.ts';
import { editSeed, makeWorkspace, readAssetJson } from '../support/workspace.ts';

/** Where `part` starts in `text`, counted in Unicode code points (as targets' offsets are). */
const codePointIndexOf = (text: string, part: string): number => Array.from(text.slice(0, text.indexOf(part))).length;

type Modified = Extract<ChangesFile['changes'][number], { type: 'modified'; scope: 'commitment' }>;

describe('a release that weakens four promises, strengthens one and rewords one', () => {
  let dir: string;
  let changes: ChangesFile;
  let changelog: string;
  const byId = (id: string): Modified => changes.changes.find((c): c is Modified => c.scope === 'commitment' && c.type === 'modified' && c.id === id)!;

  beforeAll(async () => {
    dir = await makeWorkspace();
    expect((await cli(dir, ['release', '--quiet'])).code).toBe(0);
    await editSeed(dir, '2023/jinan.json', (s) => {
      const edit = (seq: number, from: string, to: string): void => {
        const c = s.commitments[seq - 1]!;
        expect(c.text).toContain(from);
        c.text = c.text.replace(from, to);
      };
      edit(1, '不断完善', '持续完善'); // a neutral rewording, no target
      edit(2, '5.5%以上', '5.5%左右'); // 以上 → 左右
      edit(4, '900家', '800家'); // a number lowered
      edit(5, '300家以上', '350家以上'); // a number raised
      edit(6, '，软件和信息技术服务业规模突破4500亿元', ''); // a target clause deleted
      s.commitments[6]!.deadline = '长期坚持'; // 12月底前 → 长期坚持: no due date any more
    });
    const run = await cli(dir, ['release', '--quiet']);
    expect(run.code, run.stderr).toBe(0);
    changes = await readAssetJson<ChangesFile>(dir, '1.0.1', 'changes.json');
    changelog = await readFile(path.join(dir, 'dist', 'releases', 'v1.0.1', 'CHANGELOG.md'), 'utf8');
  }, 60_000);

  it('gives each modified commitment exactly its effects and weakened flag', () => {
    const target = (span: string, value: number, unit: string, comparator: string, indicator: string): Record<string, unknown> => ({ span, value, unit, comparator, indicator });
    expect(byId('2023-370100-001')).toMatchObject({ effects: [], weakened: false });
    expect(byId('2023-370100-002')).toMatchObject({
      effects: [{ kind: 'comparator-weakened', weakens: true, before: target('5.5%以上', 5.5, '%', '>=', '全市地区生产总值增长'), after: target('5.5%左右', 5.5, '%', '~', '全市地区生产总值增长') }],
      weakened: true,
    });
    expect(byId('2023-370100-004')).toMatchObject({
      effects: [{ kind: 'target-lowered', weakens: true, before: target('900家', 900, '家', '=', '新增高新技术企业'), after: target('800家', 800, '家', '=', '新增高新技术企业') }],
      weakened: true,
    });
    expect(byId('2023-370100-005')).toMatchObject({ effects: [{ kind: 'target-raised', weakens: false, before: { span: '300家以上', value: 300 }, after: { span: '350家以上', value: 350 } }], weakened: false });
    expect(byId('2023-370100-006')).toMatchObject({
      effects: [{ kind: 'target-removed', weakens: true, before: target('4500亿元', 450000000000, '元', '>', '软件和信息技术服务业规模'), after: null }],
      weakened: true,
    });
    expect(byId('2023-370100-007')).toMatchObject({
      effects: [{ kind: 'deadline-dropped', weakens: true, before: { deadline: '12月底前', due: '2023-12-31' }, after: { deadline: '长期坚持', due: null } }],
      weakened: true,
    });
    expect(changes.summary).toEqual({ added: 0, removed: 0, modified: 6, renumbered: 0, weakened: 4 });
  });

  it('opens CHANGELOG.md with 承诺弱化, listing the four weakened commitments and what got weaker', () => {
    const [head, rest] = changelog.split('## 承诺弱化 weakened\n\n');
    expect(head).toContain('- 承诺弱化：4 项');
    const section = rest!.split('\n## ')[0]!.trim().split('\n');
    expect(section).toEqual([
      '- `2023-370100-002` 2023年 济南市 第2项：表述弱化：全市地区生产总值增长 5.5%以上 → 5.5%左右',
      '- `2023-370100-004` 2023年 济南市 第4项：指标降低：新增高新技术企业 900家 → 800家',
      '- `2023-370100-006` 2023年 济南市 第6项：删除指标：软件和信息技术服务业规模 4500亿元',
      '- `2023-370100-007` 2023年 济南市 第7项：不再限期：12月底前（2023-12-31） → 长期坚持（无日期）',
    ]);
    expect(changelog.indexOf('## 承诺弱化')).toBeLessThan(changelog.indexOf('## 2023年 · 济南市'));
    expect(changelog).toContain('  - 指标提高：培育专精特新、瞪羚、单项冠军、独角兽企业 300家以上 → 350家以上');
  });

  it('shows the weakened ones first in diff --format text, with the targets read from reworded texts', async () => {
    const run = await cli(dir, ['diff', '--from', 'v1.0.0', '--to', 'v1.0.1']);
    expect(run.code).toBe(0);
    const weakened = run.stdout.indexOf('weakened promises (4):');
    expect(weakened).toBeGreaterThan(0);
    expect(weakened).toBeLessThan(run.stdout.indexOf('2023 济南市'));
    expect(run.stdout).toContain('! 2023-370100-002 comparator-weakened: 全市地区生产总值增长 5.5%以上 → 5.5%左右');
    expect(run.stdout).toMatch(/~ 2023-370100-004 #4[^\n]*\n(?: {6}[^\n]*\n)*? {6}targets: .*新增高新技术企业 = 800 家 \[800家\]/);
  });

  it('publishes targets.csv with one row per target, which verify checks against commitments.json', async () => {
    const release = path.join(dir, 'dist', 'releases', 'v1.0.1');
    const csv = (await readFile(path.join(release, 'targets.csv'), 'utf8')).split('\r\n');
    expect(csv[0]).toBe('commitment_id,year,city,city_code,seq,target,span,start,end,value,unit,comparator,indicator,source');
    const records = (JSON.parse(await readFile(path.join(release, 'commitments.json'), 'utf8')) as CommitmentsFile).records;
    expect(csv.length - 2).toBe(records.reduce((n, r) => n + r.targets!.length, 0));
    const second = records.find((r) => r.id === '2023-370100-002')!;
    const at = codePointIndexOf(second.text, '5.5%左右');
    expect(csv).toContain(`2023-370100-002,2023,济南市,370100,2,1,5.5%左右,${at},${at + 6},5.5,%,~,全市地区生产总值增长,extracted`);
    expect((await cli(dir, ['verify', 'dist/releases/v1.0.1'])).code).toBe(0);
  });
});

describe("a maintainer's own targets", () => {
  it('replace the extracted ones (source seed); a span not in the text, a wrong value and a repeated span are reported where they are', async () => {
    const dir = await makeWorkspace();
    await editSeed(dir, '2023/jinan.json', (s) => {
      s.commitments[1]!.targets = [{ span: '5.5%以上', value: 5.5, unit: '%', comparator: '>=', indicator: '地区生产总值增长' }];
      s.commitments[6]!.targets = [
        { span: '10家', value: 10, unit: '家', comparator: '=', indicator: '总部企业' }, // 10家 appears twice: a warning
        { span: '12家', value: 12, unit: '家', comparator: '=', indicator: '上市企业' }, // not in the text
      ];
      s.commitments[3]!.targets = [{ span: '900家', value: 9000, unit: '家', comparator: '=', indicator: '新增高新技术企业' }]; // value ≠ span
    });
    const validate = await cli(dir, ['validate']);
    expect(validate.code).toBe(1);
    expect(validate.stdout).toMatch(/seeds\/2023\/jinan\.json:\d+:\d+ error .*12家.* \(E_TARGET_SPAN\) \/commitments\/6\/targets\/1\/span/);
    expect(validate.stdout).toMatch(/seeds\/2023\/jinan\.json:\d+:\d+ warning .*10家.* \(W_TARGET_SPAN\) \/commitments\/6\/targets\/0\/span/);
    expect(validate.stdout).toMatch(/seeds\/2023\/jinan\.json:\d+:\d+ error .* \(E_TARGET_VALUE\) \/commitments\/3\/targets\/0\/value/);

    await editSeed(dir, '2023/jinan.json', (s) => {
      s.commitments[3]!.targets = [];
      s.commitments[6]!.targets = [{ span: '10家左右', value: 10, unit: '家', comparator: '~', indicator: '新增上市及过会企业' }];
    });
    expect((await cli(dir, ['release', '--quiet'])).code).toBe(0);
    const records = (await readAssetJson<CommitmentsFile>(dir, '1.0.0', 'commitments.json')).records;
    const at = codePointIndexOf(records[1]!.text, '5.5%以上');
    expect(at).toBeGreaterThan(0);
    expect(records[1]!.targets).toEqual([{ span: '5.5%以上', value: 5.5, unit: '%', comparator: '>=', indicator: '地区生产总值增长', start: at, end: at + 6, source: 'seed' }]);
    expect(records[3]!.targets).toEqual([]); // [] means: this text states no target
    expect(records[6]!.targets).toMatchObject([{ span: '10家左右', source: 'seed' }]);
    expect(records[4]!.targets!.every((t) => t.source === 'extracted')).toBe(true);
  });
});
