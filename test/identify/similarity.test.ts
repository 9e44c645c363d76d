import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bigramsOf, dice, similarPairs, textSimilarity } from '../../pipeline/identify/similarity.ts';

describe('character-bigram similarity', () => {
  it('is 1 for the same text, high for a small edit, low for unrelated text', () => {
    const a = '新增高新技术企业900家，全社会研发经费投入占比达到2.75%';
    expect(textSimilarity(a, a)).toBe(1);
    expect(textSimilarity(a, a.replace('900', '1000'))).toBeGreaterThan(0.9);
    expect(textSimilarity(a, '加快推进数字青岛建设，完成1000家企业数字化改造')).toBeLessThan(0.3);
  });

  it('ignores punctuation and spaces', () => {
    expect(textSimilarity('推进，黄河 流域。', '推进黄河流域')).toBe(1);
  });

  it('similarPairs finds exactly the pairs a brute-force comparison finds', () => {
    let seed = 7;
    const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const alphabet = '推进建设发展高质量新增企业家城市乡村振兴数字经济生态保护民生就业';
    const texts = Array.from({ length: 60 }, () => Array.from({ length: 10 + Math.floor(rand() * 30) }, () => alphabet[Math.floor(rand() * alphabet.length)]).join(''));
    // Add near copies so that some pairs are above the threshold.
    for (let i = 0; i < 20; i++) texts.push(`${texts[i]!.slice(0, -2)}新增`);
    const sets = texts.map(bigramsOf);
    for (const threshold of [0.5, 0.7, 0.9]) {
      const fast = similarPairs(sets, sets, threshold, true).map((p) => `${p.left}-${p.right}`).sort();
      const brute: string[] = [];
      for (let i = 0; i < sets.length; i++) for (let j = i + 1; j < sets.length; j++) if (dice(sets[i]!, sets[j]!) >= threshold) brute.push(`${i}-${j}`);
      expect(fast).toEqual(brute.sort());
      expect(fast.length).toBeGreaterThan(0);
    }
  });
});

describe('similarPairs within one list (the incremental self-join)', () => {
  it('gives exactly the brute-force pairs and scores, sorted, for any texts (empty, equal and near copies included)', () => {
    const text = fc.array(fc.constantFrom('推', '进', '建', '设', '城', '市', '新', '增', '企', '业', '，', ' '), { maxLength: 24 }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(fc.array(text, { minLength: 9, maxLength: 40 }), fc.constantFrom(0.5, 0.7, 0.9, 1), (texts, threshold) => {
        const sets = [...texts, ...texts.slice(0, 5).map((t) => `${t}新`)].map(bigramsOf);
        const brute: string[] = [];
        for (let i = 0; i < sets.length; i++) {
          for (let j = i + 1; j < sets.length; j++) {
            const score = dice(sets[i]!, sets[j]!);
            if (score >= threshold) brute.push(`${i}-${j}:${score.toFixed(6)}`);
          }
        }
        expect(similarPairs(sets, sets, threshold, true).map((p) => `${p.left}-${p.right}:${p.score.toFixed(6)}`)).toEqual(brute);
      }),
      { numRuns: 300, seed: 20261127 },
    );
  });
});
