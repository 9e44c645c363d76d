/**
 * The page scripts as the browser gets them: the bundles the site builder writes
 * (bundleBrowserScripts), loaded into node:vm as a classic script. The compare page must
 * run the pipeline's own character diff and dataset diff, and the bundles must be the same
 * bytes wherever the repository is checked out.
 */
import { cp, mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyDiff, diffChars } from '../../pipeline/diff/char-diff.ts';
import { diffDatasets } from '../../pipeline/diff/diff-datasets.ts';
import { bundleBrowserScripts, LICENSES_ASSET, PAGE_SCRIPTS } from '../../pipeline/site/bundle-browser-scripts.ts';
import { jsonForPage } from '../../pipeline/site/escape.ts';
import { parseVersionData, renderVersionData } from '../../pipeline/site/version-data.ts';
import { makeCity, makeRecord, makeReleases } from '../support/builders.ts';
import { REPO } from '../support/paths.ts';
import { makeTempDir } from '../support/temp-dir.ts';

const decoder = new TextDecoder();

/** What the compare bundle offers on the page's global (siteCompare), typed as the pipeline's own functions. */
interface CompareEngine {
  readonly diffChars: typeof diffChars;
  readonly diffDatasets: typeof diffDatasets;
  readonly parseVersionData: typeof parseVersionData;
}

function isCompareEngine(value: unknown): value is CompareEngine {
  if (typeof value !== 'object' || value === null) return false;
  return ['diffChars', 'diffDatasets', 'parseVersionData'].every((k) => typeof (value as Record<string, unknown>)[k] === 'function');
}

/** Runs a bundle as a browser runs a classic script, in a fresh global with no page, and returns that global. */
function runBundle(source: string): Record<string, unknown> {
  const global: Record<string, unknown> = {};
  runInNewContext(source, global);
  return global;
}

/** The page scripts by name; the licences that ship with them apart. */
let bundles: Map<string, string>;
let licenses: string;
let engine: CompareEngine;

beforeAll(async () => {
  bundles = new Map((await bundleBrowserScripts()).map((b) => [b.name, decoder.decode(b.bytes)]));
  licenses = bundles.get(LICENSES_ASSET) ?? '';
  bundles.delete(LICENSES_ASSET);
  const loaded = runBundle(bundles.get('compare.js')!).siteCompare;
  if (!isCompareEngine(loaded)) throw new Error('compare.js does not offer siteCompare');
  engine = loaded;
});

/** The same value, whichever realm built it (the bundle's arrays are the vm's). */
const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

const JINAN_4 = '创建国家区域科技创新中心，共建济青人才集聚平台，新增新型研发机构5家，新增高新技术企业900家，全社会研发经费投入占比达到2.75%。';

// Texts as lists of units, so an edit never cuts a surrogate pair in two.
const unit = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...Array.from('高新技术企业家创建国家区域科技研发经费投入占比达到长期坚持底前月年')) },
  { weight: 2, arbitrary: fc.constantFrom('，', '。', '、', '%', '（', '）', ' ', '\n') },
  { weight: 3, arbitrary: fc.oneof(fc.nat(99_999).map(String), fc.tuple(fc.nat(999), fc.nat(99)).map(([a, b]) => `${a}.${b}`), fc.constantFrom('1,000', '2.75', '5')) },
  { weight: 2, arbitrary: fc.constantFrom('a', 'B', 'GDP', 'R&D', 'x', '5G') },
  { weight: 1, arbitrary: fc.constantFrom('𠀀', '𠀁', '𪚥', '😀') },
);
const text = fc.array(unit, { maxLength: 60 });
/** One edit of a text: insert, delete or replace a run of units. */
const edit = fc.tuple(fc.nat(), fc.nat(8), text.map((t) => t.slice(0, 6)));
const applyEdit = (units: readonly string[], [at, cut, insert]: [number, number, string[]]): string[] => {
  const start = units.length === 0 ? 0 : at % (units.length + 1);
  return [...units.slice(0, start), ...insert, ...units.slice(start + cut)];
};
/** A pair: a text and an edit of it (one to four edits), or two unrelated texts. */
const pair = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(text, fc.array(edit, { minLength: 1, maxLength: 4 })).map(([base, edits]) => ({ kind: 'edit' as const, a: base.join(''), b: edits.reduce(applyEdit, base).join('') })) },
  { weight: 1, arbitrary: fc.tuple(text, text).map(([a, b]) => ({ kind: 'unrelated' as const, a: a.join(''), b: b.join('') })) },
);

describe('the compare page runs the pipeline character diff (assets/compare.js)', () => {
  it('marks the same characters as the pipeline, pair for pair, on 2,500 generated pairs', () => {
    const seen = { pairs: 0, edit: 0, unrelated: 0, astral: 0, decimal: 0, changed: 0 };
    fc.assert(
      fc.property(pair, ({ kind, a, b }) => {
        const ops = engine.diffChars(a, b);
        expect(plain(ops)).toEqual(diffChars(a, b));
        expect(applyDiff(ops, 'before')).toBe(a);
        expect(applyDiff(ops, 'after')).toBe(b);
        seen.pairs++;
        seen[kind]++;
        if (/[\u{10000}-\u{10FFFF}]/u.test(a + b)) seen.astral++;
        if (/\d\.\d/.test(a + b)) seen.decimal++;
        if (a !== b) seen.changed++;
      }),
      { seed: 20231117, numRuns: 2500 },
    );
    // The pairs are of every kind the brief of the test names, not a degenerate few.
    expect(seen.pairs).toBe(2500);
    for (const key of ['edit', 'unrelated', 'astral', 'decimal'] as const) expect(seen[key], key).toBeGreaterThan(300);
    expect(seen.changed).toBeGreaterThan(2000);
  });

  it.each([
    ['a number, whole', JINAN_4, JINAN_4.replace('900家', '1000家'), [['-', '900'], ['+', '1000']]],
    ['a decimal, whole', JINAN_4, JINAN_4.replace('2.75%', '3.1%'), [['-', '2.75'], ['+', '3.1']]],
    ['an insertion', JINAN_4, JINAN_4.replace('共建', '共建共享'), [['+', '共享']]],
    ['an astral character', '新增𠀀家', '新增𠀁家', [['-', '𠀀'], ['+', '𠀁']]],
  ])('shows %s as changes.json does', (_name, a, b, changed) => {
    const ops = plain(engine.diffChars(a, b));
    expect(ops).toEqual(diffChars(a, b));
    expect(ops.filter(([op]) => op !== '=')).toEqual(changed);
  });
});

describe('the compare page runs the pipeline dataset diff (assets/compare.js)', () => {
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
  // What the page fetches: the site's data files, read back through the page's own check.
  const pageData = () => releases.map((r) => engine.parseVersionData(JSON.parse(jsonForPage(renderVersionData({ ...r.dataset, version: r.version }))), r.version));

  it.each([
    ['forward', 0, 1],
    ['backward', 1, 0],
  ])('finds exactly the changes of changes.json (%s)', (_name, from, to) => {
    const expected = diffDatasets(releases[from]!.dataset, releases[to]!.dataset);
    const data = pageData();
    expect(plain(engine.diffDatasets(data[from]!, data[to]!))).toEqual(expected);
    expect(expected.changes.length).toBeGreaterThan(5);
  });
});

describe('the compare page checks each data file it fetches', () => {
  type Loose = { version: unknown; records: Array<Record<string, unknown>>; cities: Array<Record<string, unknown>> };
  const good = (): Loose => ({ version: '1.0.1', records: [{ ...makeRecord({ seq: 1 }) }, { ...makeRecord({ seq: 2 }) }], cities: [{ ...makeCity('370100') }] });

  it('takes a file the site wrote', () => {
    expect(plain(engine.parseVersionData(good(), '1.0.1'))).toEqual(good());
  });

  it('takes records of releases made before a field existed, and that field with its absent value', () => {
    const d = good();
    const records = [{ ...d.records[0], basis: '鲁政发〔2023〕1号' }, { ...d.records[1], basis: null }, d.records[0]];
    expect(plain(engine.parseVersionData({ ...d, records }, '1.0.1').records)).toEqual(records);
    expect(() => engine.parseVersionData({ ...d, records: [{ ...d.records[0], basis: 1 }] }, '1.0.1')).toThrow(/record 1: basis is/);
  });

  it.each<[string, (d: Loose) => unknown, RegExp]>([
    ['not an object', () => ['x'], /^v1\.0\.1: not a version data file$/],
    ['of another version', (d) => ({ ...d, version: '1.0.2' }), /^v1\.0\.1: the file is of version 1\.0\.2$/],
    ['without records', (d) => ({ ...d, records: undefined }), /records or cities missing/],
    ['a seq as text', (d) => ({ ...d, records: [d.records[0], { ...d.records[1], seq: '2' }] }), /^v1\.0\.1: record 2: seq is missing or malformed$/],
    ['names that are no list', (d) => ({ ...d, records: [{ ...d.records[0], responsible: '刘强' }] }), /record 1: responsible is/],
    ['a due date that is no date', (d) => ({ ...d, records: [{ ...d.records[0], due: '12月底前' }] }), /record 1: due is/],
    ['a record without text', (d) => ({ ...d, records: [{ ...d.records[0], text: undefined }] }), /record 1: text is/],
    ['a contact with a number', (d) => ({ ...d, cities: [{ ...d.cities[0], contact: { name: '权娜', phone: 5170706 } }] }), /^v1\.0\.1: city 1: contact is/],
  ])('refuses a file %s, saying what is wrong', (_name, spoil, message) => {
    expect(() => engine.parseVersionData(spoil(good()), '1.0.1')).toThrow(message);
  });
});

describe('the bundles', () => {
  it('are one classic script per page, for the browser, with nothing of Node in them', () => {
    expect([...bundles.keys()]).toEqual(PAGE_SCRIPTS.map((s) => s.name));
    for (const [name, source] of bundles) {
      expect(source, name).toMatch(/^\/\* Bundled by the site builder[^\n]*\*\/\n"use strict";\n\(\(\) => \{\n/);
      expect(source, name).not.toMatch(/\bprocess\.|\bBuffer\b|\brequire\(|\bimport\(|sourceMappingURL/);
    }
    // The search bundle has no diff engine in it; the compare bundle has fast-diff, once.
    expect(bundles.get('search.js')).not.toContain('fast-diff');
    expect(bundles.get('compare.js')!.match(/^ {2}\/\/ node_modules\/fast-diff\/diff\.js$/gm)).toHaveLength(1);
  });

  it('name the npm packages they include, whose licence texts ship beside them', async () => {
    const fastDiff = JSON.parse(await readFile(path.join(REPO, 'node_modules/fast-diff/package.json'), 'utf8')) as { version: string };
    expect(bundles.get('compare.js')!.endsWith(`/*! Includes fast-diff ${fastDiff.version} (Apache-2.0): licence texts in ${LICENSES_ASSET} */\n`)).toBe(true);
    expect(bundles.get('search.js')).not.toContain('/*! Includes');
    expect(licenses).toContain(`fast-diff ${fastDiff.version} (Apache-2.0)`);
    expect(licenses).toContain(await readFile(path.join(REPO, 'node_modules/fast-diff/LICENSE'), 'utf8').then((t) => t.trim().slice(0, 400)));
  });

  it('are imported by no module of the pipeline (browser code stays in the bundles)', async () => {
    const offenders: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      for (const e of await readdir(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) {
          if (p !== path.join(REPO, 'pipeline/site/browser')) await walk(p);
        } else if (e.name.endsWith('.ts') && /from '[^']*\/browser\//.test(await readFile(p, 'utf8'))) offenders.push(path.relative(REPO, p));
      }
    };
    await walk(path.join(REPO, 'pipeline'));
    expect(offenders).toEqual([]);
  });

  describe('built from a checkout in another folder', () => {
    let other: string;
    beforeAll(async () => {
      other = await makeTempDir();
      await cp(path.join(REPO, 'pipeline'), path.join(other, 'pipeline'), { recursive: true });
      await cp(path.join(REPO, 'package.json'), path.join(other, 'package.json'));
      await cp(path.join(REPO, 'tsconfig.json'), path.join(other, 'tsconfig.json'));
      // The packages the bundles hold, as their module comments name them.
      const packages = new Set([...bundles.values()].flatMap((s) => [...s.matchAll(/^ {2}\/\/ node_modules\/((?:@[^/]+\/)?[^/]+)\//gm)].map((m) => m[1]!)));
      expect(packages.size).toBeGreaterThan(0);
      for (const name of packages) {
        await mkdir(path.dirname(path.join(other, 'node_modules', name)), { recursive: true });
        await cp(path.join(REPO, 'node_modules', name), path.join(other, 'node_modules', name), { recursive: true });
      }
    });

    it('gives the same bytes, with no path of either machine in them', async () => {
      const there = await bundleBrowserScripts({ root: other });
      expect(there.map((b) => b.name)).toEqual([...bundles.keys(), LICENSES_ASSET]);
      for (const b of there) {
        const source = decoder.decode(b.bytes);
        expect(source === (bundles.get(b.name) ?? licenses), b.name).toBe(true);
        for (const local of [REPO.replace(/\/$/, ''), other]) expect(source, `${b.name}: ${local}`).not.toContain(local);
      }
    });
  });
});
