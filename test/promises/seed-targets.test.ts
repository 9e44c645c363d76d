import { describe, expect, it } from 'vitest';
import { extractTargets } from '../../pipeline/promises/extract-targets.ts';
import { resolveSeedTargets, SEED_TARGET_ISSUE_LEVEL } from '../../pipeline/promises/seed-targets.ts';
import { COMPARATORS, summarizeTarget, type SeedTarget } from '../../pipeline/promises/target.ts';
import { loadAnnotated, seedCommitment } from '../support/annotated-targets.ts';

const jinan4 = seedCommitment('jinan', 4).text; // …新增高新技术企业900家，全社会研发经费投入占比达到2.75%…
const jinan7 = seedCommitment('jinan', 7).text; // …引进培育总部企业10家…新增上市及过会企业10家左右。

const target = (over: Partial<SeedTarget> & Pick<SeedTarget, 'span' | 'value'>): SeedTarget => ({
  unit: '家',
  comparator: '=',
  indicator: '新增高新技术企业',
  ...over,
});

describe('resolveSeedTargets', () => {
  it('places each given target at its span, in code points, with source "seed"', () => {
    const text = '𠀀村新增企业30家，增长5.5%以上。';
    const { targets, issues } = resolveSeedTargets(text, [
      target({ span: '30家', value: 30, indicator: '新增企业' }),
      target({ span: '5.5%以上', value: 5.5, unit: '%', comparator: '>=', indicator: '增长' }),
    ]);
    expect(issues).toEqual([]);
    expect(targets).toEqual([
      { span: '30家', start: 6, end: 9, value: 30, unit: '家', comparator: '=', indicator: '新增企业', source: 'seed' },
      { span: '5.5%以上', start: 12, end: 18, value: 5.5, unit: '%', comparator: '>=', indicator: '增长', source: 'seed' },
    ]);
    for (const t of targets) expect([...text].slice(t.start, t.end).join('')).toBe(t.span);
  });

  it('keeps the maintainer’s reading where it differs from extraction (the override is the point)', () => {
    const given = target({ span: '900家', value: 900, comparator: '>=', indicator: '高新技术企业' });
    const extracted = extractTargets(jinan4).find((t) => t.span === '900家')!;
    const { targets } = resolveSeedTargets(jinan4, [given]);
    expect(extracted.comparator).toBe('=');
    expect(summarizeTarget(targets[0]!)).toEqual(given);
    expect(targets[0]!.start).toBe(extracted.start);
  });

  it('resolving the extractor’s own targets as seed targets places them where the extractor did', () => {
    for (const slug of ['jinan', 'qingdao', 'zibo'] as const) {
      for (const c of loadAnnotated(slug)) {
        const extracted = extractTargets(c.text);
        const { targets, issues } = resolveSeedTargets(c.text, extracted.map(summarizeTarget));
        expect(issues.filter((i) => i.kind !== 'span-ambiguous'), `${slug} ${c.seq}`).toEqual([]);
        const first = (t: { span: string }): number => [...c.text.slice(0, c.text.indexOf(t.span))].length;
        expect(targets.map((t) => [t.span, t.start, t.end])).toEqual(extracted.map((t) => [t.span, first(t), first(t) + [...t.span].length]));
        expect(targets.every((t) => t.source === 'seed')).toBe(true);
      }
    }
  });

  it('[] means "no targets": nothing, and no issues', () => {
    expect(resolveSeedTargets(jinan4, [])).toEqual({ targets: [], issues: [] });
  });

  it('span-not-found: an error on the span; that target is dropped, the others kept', () => {
    const { targets, issues } = resolveSeedTargets(jinan4, [
      target({ span: '800家', value: 800 }),
      target({ span: '900家', value: 900 }),
      target({ span: '', value: 0 }),
    ]);
    expect(targets.map((t) => t.span)).toEqual(['900家']);
    expect(issues.map(({ index, field, kind }) => ({ index, field, kind }))).toEqual([
      { index: 0, field: 'span', kind: 'span-not-found' },
      { index: 2, field: 'span', kind: 'span-not-found' },
    ]);
    expect(issues[0]!.message).toContain('800家');
    expect(SEED_TARGET_ISSUE_LEVEL['span-not-found']).toBe('error');
  });

  it('span-ambiguous: a warning on the span; the first occurrence is used', () => {
    const { targets, issues } = resolveSeedTargets(jinan7, [target({ span: '10家', value: 10, indicator: '引进培育总部企业' })]);
    expect(issues).toEqual([
      { index: 0, field: 'span', kind: 'span-ambiguous', message: expect.stringContaining('2 times') as unknown as string },
    ]);
    expect(targets).toHaveLength(1);
    expect(targets[0]!.start).toBe([...jinan7].join('').indexOf('10家'));
    expect(SEED_TARGET_ISSUE_LEVEL['span-ambiguous']).toBe('warning');
  });

  it('a longer span disambiguates (10家左右 occurs once)', () => {
    expect(resolveSeedTargets(jinan7, [target({ span: '10家左右', value: 10, comparator: '~' })]).issues).toEqual([]);
  });

  it.each<[string, string, number, boolean]>([
    ['5.5%以上 said to be 6', '全市地区生产总值增长5.5%以上。', 6, true],
    ['5.5%以上 is 5.5', '全市地区生产总值增长5.5%以上。', 5.5, false],
    ['23.4万亩 is 234000, not 23.4', '建成高标准农田23.4万亩。', 23.4, true],
    ['23.4万亩 is 234000', '建成高标准农田23.4万亩。', 234000, false],
    ['700亿元 is 7e10', '成交额突破700亿元。', 70000000000, false],
    ['700亿元 is not 700', '成交额突破700亿元。', 700, true],
    ['6200余名 is 6200', '发动6200余名服务企业专员。', 6200, false],
    ['full-width １０００家 is 1000', '新增１０００家企业。', 1000, false],
    ['a Chinese numeral: 三项 is 3', '建立三项机制。', 3, false],
    ['a Chinese numeral: 三项 is not 4', '建立三项机制。', 4, true],
  ])('value-mismatch: %s', (_, text, value, mismatch) => {
    const span = extractTargets(text)[0]?.span ?? '三项';
    const { targets, issues } = resolveSeedTargets(text, [target({ span, value })]);
    if (mismatch) {
      expect(issues).toEqual([{ index: 0, field: 'value', kind: 'value-mismatch', message: expect.stringContaining(span) as unknown as string }]);
      expect(targets).toEqual([]);
      expect(SEED_TARGET_ISSUE_LEVEL['value-mismatch']).toBe('error');
    } else {
      expect(issues).toEqual([]);
      expect(targets.map((t) => t.value)).toEqual([value]);
    }
  });

  it('a span stating no amount is placed without a value check', () => {
    const { targets, issues } = resolveSeedTargets('实现小清河正式通航。', [target({ span: '正式通航', value: 1, unit: '' })]);
    expect(issues).toEqual([]);
    expect(targets).toHaveLength(1);
  });

  it('reports issues of several targets with their indexes, in order', () => {
    const { issues } = resolveSeedTargets(jinan7, [
      target({ span: '10家', value: 11 }),
      target({ span: '总部企业10家', value: 10 }),
      target({ span: '20家', value: 20 }),
    ]);
    expect(issues.map((i) => [i.index, i.kind])).toEqual([
      [0, 'span-ambiguous'],
      [0, 'value-mismatch'],
      [2, 'span-not-found'],
    ]);
  });
});

describe('the comparator list for schemas', () => {
  it('holds the six comparators once each, and extraction on the seeds only uses them', () => {
    expect([...COMPARATORS].sort()).toEqual(['<', '<=', '=', '>', '>=', '~']);
    const used = new Set((['jinan', 'qingdao', 'zibo'] as const).flatMap((slug) => loadAnnotated(slug).flatMap((c) => extractTargets(c.text).map((t) => t.comparator))));
    expect([...used].sort()).toEqual(['=', '>', '>=', '~']);
  });
});
