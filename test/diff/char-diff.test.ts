import { describe, expect, it } from 'vitest';
import { applyDiff, diffChars } from '../../pipeline/diff/char-diff.ts';

describe('diffChars', () => {
  it('shows a changed number whole: 900 → 1000', () => {
    expect(diffChars('新增高新技术企业900家。', '新增高新技术企业1000家。')).toEqual([
      ['=', '新增高新技术企业'],
      ['-', '900'],
      ['+', '1000'],
      ['=', '家。'],
    ]);
  });

  it('compares Chinese text character by character', () => {
    expect(diffChars('加快建设强省会', '加快建成强省会')).toEqual([
      ['=', '加快建'],
      ['-', '设'],
      ['+', '成'],
      ['=', '强省会'],
    ]);
  });

  it.each([
    ['', '全新文字'],
    ['被删除的文字', ''],
    ['完全不同的一句话', '另外写了一段内容'],
    ['坚持不懈用习近平新时代中国特色社会主义思想凝心铸魂', '坚持以习近平新时代中国特色社会主义思想凝心铸魂，持续深入'],
    ['emoji 😀 和 2.75%', 'emoji 😃 和 2.8%'],
  ])('joining "=" and "-" gives before, "=" and "+" gives after (%j → %j)', (before, after) => {
    const ops = diffChars(before, after);
    expect(applyDiff(ops, 'before')).toBe(before);
    expect(applyDiff(ops, 'after')).toBe(after);
    for (let i = 1; i < ops.length; i++) expect(ops[i]![0]).not.toBe(ops[i - 1]![0]);
  });
});
