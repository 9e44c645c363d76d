import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { applyDiff, diffChars } from '../../pipeline/diff/char-diff.ts';
import { diffDatasets } from '../../pipeline/diff/diff-datasets.ts';
import type { DiffOp } from '../../pipeline/schemas/release.ts';
import { renderVersionData, type VersionData } from '../../pipeline/site/compare.ts';
import { makeCity, makeRecord, makeReleases } from './builders.ts';

interface PageGlobals {
  SiteDiff?: { diffChars: (a: string, b: string) => DiffOp[] };
  SiteCompare?: { compare: (before: VersionData, after: VersionData) => BrowserComparison };
}
interface BrowserComparison {
  summary: { added: number; removed: number; modified: number };
  changes: Array<{ type: string; record?: { id: string }; city?: { name: string }; fields?: string[] }>;
}

/** A script of pipeline/site/static/, run the way the browser runs it (a classic script on window). */
function loadPageScript(name: string): PageGlobals {
  const source = readFileSync(new URL(`../../pipeline/site/static/${name}`, import.meta.url), 'utf8');
  const sandbox = { window: {} as PageGlobals, Map, Set, JSON };
  runInNewContext(source, sandbox);
  return sandbox.window;
}

const browserDiff = loadPageScript('diff.js').SiteDiff!.diffChars;
const browserCompare = loadPageScript('compare-data.js').SiteCompare!.compare;
const JINAN_4 = '创建国家区域科技创新中心，共建济青人才集聚平台，新增新型研发机构5家，新增高新技术企业900家，全社会研发经费投入占比达到2.75%。';

/** A small deterministic generator, so a failure can be reproduced. */
function* randomPairs(count: number): Generator<[string, string]> {
  let seed = 42;
  const next = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const alphabet = ['高', '新', '技', '术', '企', '业', '家', '，', '9', '0', '1', '.', 'a', 'B', ' ', '𠀀'];
  const word = (len: number): string => Array.from({ length: len }, () => alphabet[next(alphabet.length)]).join('');
  for (let i = 0; i < count; i++) {
    const a = word(next(40));
    const b = next(3) === 0 ? word(next(40)) : a.slice(0, next(a.length + 1)) + word(next(5)) + a.slice(next(a.length + 1));
    yield [a, b];
  }
}

describe('the compare page diff (diff.js)', () => {
  it('rebuilds both texts exactly, for any pair', () => {
    for (const [a, b] of randomPairs(500)) {
      const ops = browserDiff(a, b);
      expect(applyDiff(ops, 'before'), JSON.stringify([a, b])).toBe(a);
      expect(applyDiff(ops, 'after'), JSON.stringify([a, b])).toBe(b);
      // Merged runs, deletions before insertions, no empty steps.
      for (let i = 0; i < ops.length; i++) {
        expect(ops[i]![1]).not.toBe('');
        if (i > 0) expect(ops[i - 1]![0] === ops[i]![0]).toBe(false);
        if (i > 0) expect(ops[i - 1]![0] === '+' && ops[i]![0] === '-').toBe(false);
      }
    }
  });

  it('changes a number as a whole, like the pipeline: 900 → 1000', () => {
    const after = JINAN_4.replace('900家', '1000家');
    expect(browserDiff(JINAN_4, after)).toEqual(diffChars(JINAN_4, after));
    expect(browserDiff(JINAN_4, after).filter(([op]) => op !== '=')).toEqual([
      ['-', '900'],
      ['+', '1000'],
    ]);
  });

  it.each([
    ['insertion', JINAN_4, JINAN_4.replace('共建', '共建共享')],
    ['deletion', JINAN_4, JINAN_4.replace('新增新型研发机构5家，', '')],
    ['decimal', JINAN_4, JINAN_4.replace('2.75%', '3.1%')],
    ['identical', JINAN_4, JINAN_4],
    ['from empty', '', '长期坚持'],
    ['to empty', '长期坚持', ''],
  ])('agrees with the pipeline diffChars on a %s', (_name, a, b) => {
    expect(browserDiff(a, b)).toEqual(diffChars(a, b));
  });

  it('shows a rewritten phrase as one deletion and one insertion, not scattered characters', () => {
    const ops = browserDiff('加快推进黄河流域生态保护', '全面完成城市更新行动计划');
    expect(ops).toEqual([
      ['-', '加快推进黄河流域生态保护'],
      ['+', '全面完成城市更新行动计划'],
    ]);
  });
});

describe('the compare page comparison (compare-data.js)', () => {
  const releases = makeReleases([
    {
      records: [makeRecord({ seq: 1 }), makeRecord({ seq: 2, text: '新增高新技术企业900家' }), makeRecord({ seq: 3 }), makeRecord({ seq: 1, cityCode: '370300' })],
      cities: [makeCity('370100'), makeCity('370300', { complete: false, contact: null })],
    },
    {
      records: [
        makeRecord({ seq: 1, responsible: ['刘强', '王晓明'] }),
        makeRecord({ id: '2023-370100-002', seq: 3, text: '新增高新技术企业1000家', deadline: '6月底前' }),
        makeRecord({ id: '2023-370100-003', seq: 4 }),
        makeRecord({ id: 'constructor', seq: 2, text: '一个名叫 constructor 的编号' }),
        makeRecord({ seq: 1, cityCode: '370200' }),
      ],
      cities: [makeCity('370100', { contact: { name: '权娜', phone: '0531-5170799' } }), makeCity('370200')],
    },
  ]);
  const data = releases.map((r) => renderVersionData({ ...r.dataset, version: r.version }));

  it.each([
    ['forward', 0, 1],
    ['backward', 1, 0],
  ])('finds the same changes as the pipeline diffDatasets (%s)', (_name, from, to) => {
    const expected = diffDatasets(releases[from]!.dataset, releases[to]!.dataset);
    const actual = browserCompare(data[from]!, data[to]!);
    expect(actual.summary).toEqual(expected.summary);
    const label = (c: (typeof expected.changes)[number]): string =>
      c.scope === 'city' ? `city-${c.type} ${c.city}${c.type === 'modified' ? ` ${Object.keys(c.fields).join(',')}` : ''}` : `${c.type} ${c.id}${c.type === 'modified' ? ` ${Object.keys(c.fields).join(',')}` : ''}`;
    expect(actual.changes.map((c) => `${c.type} ${c.record?.id ?? c.city?.name}${c.fields ? ` ${c.fields.join(',')}` : ''}`)).toEqual(expected.changes.map(label));
  });
});
