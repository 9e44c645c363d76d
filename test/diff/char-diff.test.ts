import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyDiff, diffChars, tokenize } from '../../pipeline/diff/char-diff.mjs';

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

describe('tokenize (the units diffChars compares, read by hand for speed)', () => {
  /** The definition the hand-written reader replaces. */
  const byRegExp = (text: string): string[] => [...text.matchAll(/\d+(?:[.,]\d+)*|[A-Za-z]+|[\s\S]/gu)].map((m) => m[0]);

  it('gives exactly the tokens of /\\d+(?:[.,]\\d+)*|[A-Za-z]+|[\\s\\S]/u on any text, lone surrogates included', () => {
    const pieces = fc.constantFrom('1', '2', '0', '.', ',', 'a', 'Z', 'x', ' ', '新', '增', '％', '１', '😀', '\uD83D', '\uDE00', '\u0000', '-', '5.5', '1,000', '2.');
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 30 }), (parts, noise) => {
        for (const text of [parts.join(''), noise, parts.join('') + noise]) expect(tokenize(text)).toEqual(byRegExp(text));
      }),
      { numRuns: 2000, seed: 20261127 },
    );
  });

  it('keeps numbers with separators and Latin words whole', () => {
    expect(tokenize('达到2.75%，1,000家ABC企业5.')).toEqual(['达', '到', '2.75', '%', '，', '1,000', '家', 'ABC', '企', '业', '5', '.']);
  });
});
