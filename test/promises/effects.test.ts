import { describe, expect, it } from 'vitest';
import { parseDeadline } from '../../pipeline/domain/deadline.ts';
import { diffPromises, EFFECT_KINDS, isWeakened, pairTargets, WEAKENING_KINDS, type Effect, type PromiseSide } from '../../pipeline/promises/effects.ts';
import { extractTargets } from '../../pipeline/promises/extract-targets.ts';
import { seedCommitment } from '../support/annotated-targets.ts';

/** A version of a commitment as the pipeline would see it: extracted targets, parsed deadline. */
function side(text: string, deadline = '长期坚持，12月底前取得阶段性成效'): PromiseSide {
  const { due, ongoing } = parseDeadline(deadline, 2023);
  return { text, targets: extractTargets(text), deadline, due, ongoing };
}

/** The same text with one substring replaced (it must occur exactly once). */
function edit(text: string, from: string, to: string): string {
  expect(text.split(from)).toHaveLength(2);
  return text.replace(from, to);
}

const kinds = (effects: readonly Effect[]): string[] => effects.map((e) => e.kind);
const jinan = (seq: number): string => seedCommitment('jinan', seq).text;

describe('diffPromises on real 济南 texts', () => {
  it('以上 → 左右 weakens the comparator (济南 2)', () => {
    const before = side(jinan(2));
    const effects = diffPromises(before, side(edit(jinan(2), '5.5%以上', '5.5%左右')));
    expect(effects).toEqual([
      {
        kind: 'comparator-weakened',
        weakens: true,
        before: { span: '5.5%以上', value: 5.5, unit: '%', comparator: '>=', indicator: '全市地区生产总值增长' },
        after: { span: '5.5%左右', value: 5.5, unit: '%', comparator: '~', indicator: '全市地区生产总值增长' },
      },
    ]);
    expect(isWeakened(effects)).toBe(true);
  });

  it('a number lowered (济南 4: 900家 → 800家)', () => {
    const effects = diffPromises(side(jinan(4)), side(edit(jinan(4), '新增高新技术企业900家', '新增高新技术企业800家')));
    expect(kinds(effects)).toEqual(['target-lowered']);
    expect(effects[0]).toMatchObject({ weakens: true, before: { value: 900, unit: '家' }, after: { value: 800, unit: '家' } });
  });

  it('a number raised (济南 16: 23.4万亩 → 25万亩)', () => {
    const effects = diffPromises(side(jinan(16)), side(edit(jinan(16), '23.4万亩', '25万亩')));
    expect(kinds(effects)).toEqual(['target-raised']);
    expect(effects[0]).toMatchObject({ weakens: false, before: { value: 234000 }, after: { value: 250000 } });
    expect(isWeakened(effects)).toBe(false);
  });

  it('12月底前 → 长期坚持 drops the deadline (济南 7)', () => {
    const effects = diffPromises(side(jinan(7), '12月底前'), side(jinan(7), '长期坚持'));
    expect(effects).toEqual([
      { kind: 'deadline-dropped', weakens: true, before: { deadline: '12月底前', due: '2023-12-31' }, after: { deadline: '长期坚持', due: null } },
    ]);
  });

  it('a target clause deleted (济南 18: ，绿道100公里)', () => {
    const effects = diffPromises(side(jinan(18)), side(edit(jinan(18), '，绿道100公里', '')));
    expect(kinds(effects)).toEqual(['target-removed']);
    expect(effects[0]).toMatchObject({ weakens: true, before: { span: '100公里', indicator: '绿道' }, after: null });
  });

  it('the first of two targets with the same unit deleted: the other stays paired (济南 4)', () => {
    const effects = diffPromises(side(jinan(4)), side(edit(jinan(4), '新增新型研发机构5家，', '')));
    expect(kinds(effects)).toEqual(['target-removed']);
    expect(effects[0]!.before).toMatchObject({ span: '5家' });
  });

  it('a neutral rewording has no effects (济南 7 and 11)', () => {
    const reworded7 = edit(edit(jinan(7), '引进培育总部企业10家', '引进和培育10家总部企业'), '打造一批', '培育一批');
    expect(diffPromises(side(jinan(7)), side(reworded7))).toEqual([]);
    const reordered11 = edit(
      jinan(11),
      '新引进品牌首店、旗舰店50家以上，新打造20个一刻钟便民生活圈',
      '新打造一刻钟便民生活圈20个，新引进品牌首店和旗舰店50家以上',
    );
    expect(diffPromises(side(jinan(11)), side(reordered11))).toEqual([]);
    expect(diffPromises(side(jinan(19)), side(jinan(19)))).toEqual([]);
  });

  it('a target added (济南 17)', () => {
    const effects = diffPromises(side(jinan(17)), side(edit(jinan(17), '新建8个泉城书房', '新建8个泉城书房、20个乡村书房')));
    expect(kinds(effects)).toEqual(['target-added']);
    expect(effects[0]).toMatchObject({ weakens: false, before: null, after: { span: '20个' } });
  });

  it('10家左右 → 10家以上 strengthens the comparator (济南 7)', () => {
    const effects = diffPromises(side(jinan(7)), side(edit(jinan(7), '10家左右', '10家以上')));
    expect(effects).toMatchObject([{ kind: 'comparator-strengthened', weakens: false, before: { comparator: '~' }, after: { comparator: '>=' } }]);
  });

  it('lists effects in a fixed order: before-targets in text order, then additions, then the deadline', () => {
    let text = edit(jinan(4), '新增新型研发机构5家，', ''); // removes the 2nd target
    text = edit(text, '新增高新技术企业900家', '新增高新技术企业800家'); // lowers the 3rd
    text = edit(text, '力争突破700亿元', '达到800亿元'); // raises the 5th and weakens its comparator
    text = edit(text, '创建国家区域科技创新中心', '创建国家区域科技创新中心，新增孵化器10家'); // adds one
    const effects = diffPromises(side(jinan(4), '12月底前'), side(text, '2024年6月底前'));
    expect(effects.map((e) => `${e.kind} ${((e.before ?? e.after) as { span?: string; deadline?: string }).span ?? (e.before as { deadline: string }).deadline}`)).toEqual([
      'target-removed 5家',
      'target-lowered 900家',
      'target-raised 700亿元',
      'comparator-weakened 700亿元',
      'target-added 10家',
      'deadline-postponed 12月底前',
    ]);
  });
});

describe('diffPromises: every kind', () => {
  const one = (text: string, deadline?: string): PromiseSide => side(text, deadline);

  it.each<[string, string, string, string[]]>([
    ['lower bound lowered', '增长5%以上。', '增长4%以上。', ['target-lowered']],
    ['lower bound raised', '增长5%以上。', '增长6%以上。', ['target-raised']],
    ['= lowered', '新增企业10家。', '新增企业8家。', ['target-lowered']],
    ['~ lowered', '新增企业10家左右。', '新增企业8家左右。', ['target-lowered']],
    ['upper bound (以内) raised is weaker', '失业率控制在5.5%以内。', '失业率控制在6%以内。', ['target-lowered']],
    ['upper bound (以内) lowered is stronger', '失业率控制在5.5%以内。', '失业率控制在5%以内。', ['target-raised']],
    ['> → >= weakens', '成交额突破700亿元。', '成交额700亿元以上。', ['comparator-weakened']],
    ['>= → = weakens', '增长5%以上。', '增长5%。', ['comparator-weakened']],
    ['= → ~ weakens', '增长5%。', '增长5%左右。', ['comparator-weakened']],
    ['~ → > strengthens', '增长5%左右。', '增长超过5%。', ['comparator-strengthened']],
    ['< → <= weakens', '综合指数低于4%。', '综合指数不超过4%。', ['comparator-weakened']],
    ['<= → = weakens', '失业率5.5%以内。', '失业率5.5%。', ['comparator-weakened']],
    ['a direction flip (>= → <=) weakens', '增长5%以上。', '增长5%以内。', ['comparator-weakened']],
    ['a direction flip with a new value is one effect', '增长5%以上。', '增长6%以内。', ['comparator-weakened']],
    ['value and comparator both change: value first', '增长5%以上。', '增长4%左右。', ['target-lowered', 'comparator-weakened']],
    ['a unit change is a removal and an addition', '新增企业10家。', '新增企业10个。', ['target-removed', 'target-added']],
    ['targets gone entirely', '新增企业10家，增长5%。', '推动企业发展。', ['target-removed', 'target-removed']],
  ])('%s', (_, before, after, expected) => {
    const effects = diffPromises(one(before), one(after));
    expect(kinds(effects)).toEqual(expected);
    for (const e of effects) expect(e.weakens).toBe(WEAKENING_KINDS.has(e.kind));
  });

  it.each<[string, string, string | null]>([
    ['6月底前', '12月底前', 'deadline-postponed'],
    ['12月底前', '9月底前', 'deadline-advanced'],
    ['12月底前', '长期坚持', 'deadline-dropped'],
    ['长期坚持', '长期坚持，12月底前取得阶段性成效', 'deadline-set'],
    ['12月底前', '长期坚持，12月底前取得阶段性成效', null],
    ['长期坚持', '持续推进', null],
    ['年底前', '2024年底前', 'deadline-postponed'],
  ])('deadline %s → %s', (before, after, kind) => {
    const effects = diffPromises(one('推进改革。', before), one('推进改革。', after));
    expect(kinds(effects)).toEqual(kind === null ? [] : [kind]);
    if (kind) expect(effects[0]).toMatchObject({ before: { deadline: before }, after: { deadline: after } });
  });

  it('covers every kind, and the weakening ones are exactly those named', () => {
    expect([...WEAKENING_KINDS].sort()).toEqual(['comparator-weakened', 'deadline-dropped', 'deadline-postponed', 'target-lowered', 'target-removed']);
    expect(EFFECT_KINDS).toHaveLength(10);
  });

  it('isWeakened: any weakening effect', () => {
    expect(isWeakened([])).toBe(false);
    const raised = diffPromises(one('增长5%。'), one('增长6%。'));
    const lowered = diffPromises(one('增长5%。'), one('增长4%。'));
    expect(isWeakened(raised)).toBe(false);
    expect(isWeakened([...raised, ...lowered])).toBe(true);
  });
});

describe('pairTargets', () => {
  const targets = (text: string) => extractTargets(text);

  it('pairs by unit and indicator before order', () => {
    const before = targets('新增企业10家，新增机构5家。');
    const after = targets('新增机构6家，新增企业10家。');
    expect(pairTargets(before, after)).toEqual([1, 0]);
  });

  it('pairs similar indicators (reworded) before falling back to order', () => {
    const before = targets('新增高新技术企业900家，引进总部企业10家。');
    const after = targets('引进培育总部企业12家，高新技术企业新增900家。');
    expect(pairTargets(before, after)).toEqual([1, 0]);
  });

  it('pairs unchanged amounts whose wording moved, then what is left of a unit by position between them', () => {
    const before = targets('甲类10家，乙类20家，丙类30家。');
    const after = targets('子项10家，丑项25家，寅项30家。');
    expect(pairTargets(before, after)).toEqual([0, 1, 2]);
  });

  it('does not pair by position across a paired neighbour', () => {
    const before = targets('甲类20家，乙类10家。');
    const after = targets('子项10家，丑项25家。');
    expect(pairTargets(before, after)).toEqual([-1, 0]);
  });

  it('never pairs across units', () => {
    expect(pairTargets(targets('新增企业10家。'), targets('新增企业10个。'))).toEqual([-1]);
  });
});
