import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyDiff, diffChars, tokenize } from '../../pipeline/diff/char-diff.ts';

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

describe('tokenize (the units diffChars compares)', () => {
  it('keeps numbers with separators and Latin words whole', () => {
    expect(tokenize('达到2.75%，1,000家ABC企业5.')).toEqual(['达', '到', '2.75', '%', '，', '1,000', '家', 'ABC', '企', '业', '5', '.']);
  });
});

describe('diffChars on edited and unrelated texts', () => {
  // Few distinct pieces, so edits often repeat the text around them (where fast-diff's
  // cleanups slide an edit) and replacements often share characters.
  const piece = fc.constantFrom('，', '。', '新', '增', '新增', '1', '2', '3.5', '.', ',', 'a', 'ab', ' ', '😀', '\uD83D', '推进', '，推进');
  const text = fc.array(piece, { maxLength: 30 }).map((parts) => parts.join(''));
  /** `base` with one to three of: a piece of itself or new text inserted, a span deleted, a span replaced. */
  const edited = fc
    .tuple(
      text,
      fc.array(
        fc.record({ at: fc.nat(), length: fc.nat({ max: 8 }), kind: fc.constantFrom('insert', 'delete', 'replace', 'copy'), with: text }),
        { minLength: 1, maxLength: 3 },
      ),
    )
    .map(([base, edits]) => {
      let after = base;
      for (const e of edits) {
        const at = after.length === 0 ? 0 : e.at % (after.length + 1);
        const end = Math.min(after.length, at + e.length);
        if (e.kind === 'insert') after = after.slice(0, at) + e.with + after.slice(at);
        else if (e.kind === 'delete') after = after.slice(0, at) + after.slice(end);
        else if (e.kind === 'replace') after = after.slice(0, at) + e.with + after.slice(end);
        else after = after.slice(0, at) + after.slice(Math.max(0, at - e.length), at) + after.slice(at); // repeats what precedes
      }
      return [base, after] as const;
    });

  /** A faithful diff: it rebuilds both sides, its steps alternate, and no number or word is split. */
  const faithful = ([before, after]: readonly [string, string]): void => {
    const ops = diffChars(before, after);
    expect(applyDiff(ops, 'before')).toBe(before);
    expect(applyDiff(ops, 'after')).toBe(after);
    for (let i = 1; i < ops.length; i++) expect(ops[i]![0]).not.toBe(ops[i - 1]![0]);
    if (before === after) expect(ops.every(([op]) => op === '=')).toBe(true);
  };

  it('rebuilds both sides, on edited texts, unrelated ones and long ones', () => {
    fc.assert(fc.property(edited, faithful), { numRuns: 4000, seed: 20261127 });
    fc.assert(fc.property(fc.tuple(text, text), faithful), { numRuns: 2000, seed: 20261128 });
    // Long texts: the common start and end are cut off before the middle is diffed.
    const long = fc.tuple(fc.array(piece, { minLength: 40, maxLength: 80 }), fc.array(piece, { maxLength: 4 }), fc.nat(), fc.nat({ max: 6 }))
      .map(([parts, inserted, at, removed]) => {
        const before = parts.join('');
        const i = at % (parts.length + 1);
        return [before, [...parts.slice(0, i), ...inserted, ...parts.slice(i + removed)].join('')] as const;
      });
    fc.assert(fc.property(long, faithful), { numRuns: 2000, seed: 20261129 });
  });

  it('places an insertion that repeats the text before it as the cleanup of fast-diff does', () => {
    // fast-diff's cleanup slides the inserted copy of what precedes it to the front.
    expect(diffChars('新增1家', '新增1新增1家')).toEqual([['+', '新增1'], ['=', '新增1家']]);
    expect(diffChars('推进', '推进推进')).toEqual([['=', '推进'], ['+', '推进']]);
    for (const pair of [
      ['，推进改革', '，推进，推进改革'],
      ['新增1家', '新增1新增1家'],
      ['aab', 'aaab'],
    ] as const) faithful(pair);
  });
});
