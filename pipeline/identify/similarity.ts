/**
 * Character-based similarity for Chinese text, which has no spaces to split words on:
 * texts are compared as sets of character bigrams, scored with the Dice coefficient
 * 2·|A∩B| / (|A|+|B|) — 1 for the same text, near 0 for unrelated ones.
 *
 * `similarPairs` finds all pairs above a threshold without comparing every pair:
 * bigrams are ordered from rarest to most common and only each set's rare "prefix"
 * is indexed (prefix filtering, as in set-similarity joins). Two sets that reach the
 * threshold must share a bigram in their prefixes, so no pair is missed.
 */

/** Bigram codes of a text (punctuation and spaces dropped, NFKC), as a sorted unique array. */
export function bigramsOf(text: string): Uint32Array {
  const chars = text.normalize('NFKC').replace(/[\s\p{P}\p{S}]+/gu, '');
  if (chars.length === 0) return new Uint32Array(0);
  if (chars.length === 1) return Uint32Array.of(chars.charCodeAt(0) * 65536);
  const out = new Uint32Array(chars.length - 1);
  for (let i = 0; i < out.length; i++) out[i] = chars.charCodeAt(i) * 65536 + chars.charCodeAt(i + 1);
  out.sort();
  let w = 0;
  for (let r = 0; r < out.length; r++) if (r === 0 || out[r] !== out[r - 1]) out[w++] = out[r]!;
  return out.slice(0, w);
}

/** Size of the intersection of two sorted unique arrays. */
function overlap(a: Uint32Array, b: Uint32Array): number {
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      n++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return n;
}

/** Dice coefficient of two bigram sets (1 when both are empty). */
export function dice(a: Uint32Array, b: Uint32Array): number {
  if (a.length === 0 && b.length === 0) return 1;
  return (2 * overlap(a, b)) / (a.length + b.length);
}

/** Similarity of two texts, 0..1. */
export function textSimilarity(a: string, b: string): number {
  return dice(bigramsOf(a), bigramsOf(b));
}

export interface SimilarPair {
  /** Index into the left list. */
  readonly left: number;
  /** Index into the right list. */
  readonly right: number;
  readonly score: number;
}

/**
 * Every (left, right) pair whose Dice similarity is at least `threshold` (0 < threshold ≤ 1).
 * With `sameList`, left and right are the same list and only pairs left < right are returned.
 */
export function similarPairs(
  left: readonly Uint32Array[],
  right: readonly Uint32Array[],
  threshold: number,
  sameList = false,
): SimilarPair[] {
  if (left.length === 0 || right.length === 0) return [];
  // Global frequency order: rare bigrams first.
  const freq = new Map<number, number>();
  const count = (sets: readonly Uint32Array[]): void => {
    for (const s of sets) for (const g of s) freq.set(g, (freq.get(g) ?? 0) + 1);
  };
  count(left);
  if (!sameList) count(right);
  const byRarity = (s: Uint32Array): number[] =>
    Array.from(s).sort((x, y) => freq.get(x)! - freq.get(y)! || x - y);
  // Dice ≥ t ⇔ Jaccard ≥ t/(2−t); a set of size n then shares one of its first n − ⌈j·n⌉ + 1 tokens.
  const jaccard = threshold / (2 - threshold);
  const prefixLength = (n: number): number => Math.max(1, n - Math.ceil(jaccard * n - 1e-9) + 1);

  const index = new Map<number, number[]>();
  right.forEach((set, r) => {
    const ordered = byRarity(set);
    const p = Math.min(ordered.length, prefixLength(ordered.length));
    for (let k = 0; k < p; k++) {
      const g = ordered[k]!;
      const list = index.get(g);
      if (list) list.push(r);
      else index.set(g, [r]);
    }
  });

  const pairs: SimilarPair[] = [];
  const seen = new Int32Array(right.length).fill(-1);
  left.forEach((set, l) => {
    const ordered = byRarity(set);
    const p = Math.min(ordered.length, prefixLength(ordered.length));
    for (let k = 0; k < p; k++) {
      const postings = index.get(ordered[k]!);
      if (!postings) continue;
      for (const r of postings) {
        if (seen[r] === l) continue;
        seen[r] = l;
        if (sameList && r <= l) continue;
        const other = right[r]!;
        // Size filter: Dice can't reach the threshold when sizes differ too much.
        const small = Math.min(set.length, other.length);
        const large = Math.max(set.length, other.length);
        if ((2 * small) / (small + large) < threshold) continue;
        const score = dice(set, other);
        if (score >= threshold) pairs.push({ left: l, right: r, score });
      }
    }
  });
  if (left.some((s) => s.length === 0)) {
    // Empty sets have no prefix; pair them with other empty sets explicitly.
    left.forEach((s, l) => {
      if (s.length > 0) return;
      right.forEach((o, r) => {
        if (o.length === 0 && (!sameList || r > l)) pairs.push({ left: l, right: r, score: 1 });
      });
    });
  }
  return pairs;
}
