import { describe, expect, it } from 'vitest';
import { identify, SIMILARITY_THRESHOLD } from '../../pipeline/identify/identify.ts';
import { makeCommitment, makeDataset, makeRecord, makeSeedInput } from '../support/builders.ts';

const TEXTS = [
  '创建国家区域科技创新中心，新增高新技术企业900家，全社会研发经费投入占比达到2.75%。',
  '坚持工业强市战略不动摇，培育专精特新、瞪羚、单项冠军、独角兽企业300家以上。',
  '深入实施城市更新行动，年内改造老旧小区9.9万户，新开工棚改安置房8012套。',
  '积极对标建设国际消费中心城市，新引进品牌首店、旗舰店50家以上。',
];
const previous = makeDataset(TEXTS.map((text, i) => makeRecord({ id: `2023-370100-00${i + 1}`, seq: i + 1, text })));

describe('identify', () => {
  it('first release: ids minted from year, city code and seq', () => {
    const { records, matchedBy } = identify([makeSeedInput('济南市', TEXTS.map((text, i) => makeCommitment({ seq: i + 1, text })))], null);
    expect(records.map((r) => r.id)).toEqual(['2023-370100-001', '2023-370100-002', '2023-370100-003', '2023-370100-004']);
    expect(matchedBy.size).toBe(0);
  });

  it('same text keeps its id even when renumbered', () => {
    const seeds = [makeSeedInput('济南市', [TEXTS[3]!, TEXTS[0]!, TEXTS[1]!, TEXTS[2]!].map((text, i) => makeCommitment({ seq: i + 1, text })))];
    const { records, matchedBy } = identify(seeds, previous);
    expect(records.map((r) => [r.seq, r.id])).toEqual([
      [1, '2023-370100-004'],
      [2, '2023-370100-001'],
      [3, '2023-370100-002'],
      [4, '2023-370100-003'],
    ]);
    expect([...matchedBy.values()]).toEqual(['text', 'text', 'text', 'text']);
  });

  it('a little rewording keeps the id (similarity); a different text under the same number gets a fresh id', () => {
    const seeds = [
      makeSeedInput('济南市', [
        makeCommitment({ seq: 1, text: TEXTS[0]!.replace('900', '1000') }),
        makeCommitment({ seq: 2, text: '全新的一项承诺：建设城市公共文化服务体系，建成街道综合文化站20处。' }),
        makeCommitment({ seq: 3, text: TEXTS[2]! }),
        makeCommitment({ seq: 4, text: TEXTS[3]! }),
      ]),
    ];
    const { records, matchedBy } = identify(seeds, previous);
    expect(records.map((r) => r.id)).toEqual(['2023-370100-001', '2023-370100-005', '2023-370100-003', '2023-370100-004']);
    expect(matchedBy.get('2023-370100-001')).toBe('similarity');
    expect(matchedBy.has('2023-370100-002')).toBe(false);
  });

  it('an explicit seed id wins over text matching', () => {
    const seeds = [makeSeedInput('济南市', [makeCommitment({ seq: 1, text: TEXTS[0]!, id: '2023-370100-002' })])];
    const { records, matchedBy } = identify(seeds, previous);
    expect(records[0]!.id).toBe('2023-370100-002');
    expect(matchedBy.get('2023-370100-002')).toBe('id');
  });

  it('matching is one-to-one: two near copies of one old text do not share its id', () => {
    const seeds = [
      makeSeedInput('济南市', [
        makeCommitment({ seq: 1, text: TEXTS[0]!.replace('900', '950') }),
        makeCommitment({ seq: 2, text: TEXTS[0]!.replace('900', '1000') }),
      ]),
    ];
    const ids = identify(seeds, previous).records.map((r) => r.id);
    expect(new Set(ids).size).toBe(2);
    expect(ids).toContain('2023-370100-001');
  });

  it('never matches across cities or years', () => {
    const seeds = [makeSeedInput('青岛市', [makeCommitment({ seq: 1, text: TEXTS[0]! })])];
    const { records, matchedBy } = identify(seeds, previous);
    expect(records[0]!.id).toBe('2023-370200-001');
    expect(matchedBy.size).toBe(0);
  });

  it('fresh ids never reuse a withdrawn id', () => {
    const withWithdrawn = makeDataset(previous.records.slice(0, 2), {
      withdrawn: [
        { id: '2023-370100-003', year: 2023, city: '济南市', cityCode: '370100', withdrawnIn: '2.0.0' },
        { id: '2023-370100-004', year: 2023, city: '济南市', cityCode: '370100', withdrawnIn: '2.0.0' },
      ],
    });
    const seeds = [makeSeedInput('济南市', [...TEXTS.slice(0, 2), '又一项新的承诺，推进社区养老服务全覆盖。'].map((text, i) => makeCommitment({ seq: i + 1, text })))];
    expect(identify(seeds, withWithdrawn).records.map((r) => r.id)).toEqual(['2023-370100-001', '2023-370100-002', '2023-370100-005']);
  });

  it('derives due and ongoing from the deadline phrase', () => {
    const seeds = [makeSeedInput('济南市', [makeCommitment({ seq: 1, deadline: '长期坚持，12月底前取得阶段性成效' })])];
    const [record] = identify(seeds, null).records;
    expect([record!.due, record!.ongoing]).toEqual(['2023-12-31', true]);
  });

  it('the documented threshold separates real rewording from different commitments', () => {
    expect(SIMILARITY_THRESHOLD).toBeGreaterThan(0.6);
    expect(SIMILARITY_THRESHOLD).toBeLessThan(0.9);
  });
});
