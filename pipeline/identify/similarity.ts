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

// Which BMP code units are skipped when forming bigrams: spaces, punctuation, symbols.
let skipTable: Uint8Array | undefined;
function skipped(): Uint8Array {
  if (!skipTable) {
    skipTable = new Uint8Array(65536);
    const re = /^[\s\p{P}\p{S}]$/u;
    for (let c = 0; c < 65536; c++) if (c < 0xd800 || c > 0xdfff) skipTable[c] = re.test(String.fromCharCode(c)) ? 1 : 0;
  }
  return skipTable;
}
// Full-width forms and compatibility characters fold to their plain forms (NFKC) only when present.
const NEEDS_NFKC = /[\u3000\uff00-\uffef\u2460-\u24ff\u3200-\u33ff]/;

/** Bigram codes of a text (punctuation and spaces dropped, NFKC), as a sorted unique array. */
export function bigramsOf(text: string): Uint32Array {
  const source = NEEDS_NFKC.test(text) ? text.normalize('NFKC') : text;
  const skip = skipped();
  const out = new Uint32Array(Math.max(1, source.length));
  let n = 0;
  let prev = -1;
  for (let i = 0; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (skip[c] === 1) continue;
    if (prev !== -1) out[n++] = prev * 65536 + c;
    prev = c;
  }
  if (n === 0) return prev === -1 ? new Uint32Array(0) : Uint32Array.of(prev * 65536);
  const grams = out.subarray(0, n).sort();
  let w = 0;
  for (let r = 0; r < n; r++) if (r === 0 || grams[r] !== grams[r - 1]) grams[w++] = grams[r]!;
  return grams.slice(0, w);
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
 * Re-codes every set by rarity rank (rarest bigram = 0), sorted: a set's prefix is then
 * simply its first elements, and the same merge computes overlaps.
 */
function rankSets(left: readonly Uint32Array[], right: readonly Uint32Array[], sameList: boolean): { left: Uint32Array[]; right: Uint32Array[]; ranks: number } {
  const freq = new Map<number, number>();
  const count = (sets: readonly Uint32Array[]): void => {
    for (const s of sets) for (let i = 0; i < s.length; i++) freq.set(s[i]!, (freq.get(s[i]!) ?? 0) + 1);
  };
  count(left);
  if (!sameList) count(right);
  // Sort by (frequency, code) as one number: frequency · 2^32 + code stays below 2^53.
  const keyed = new Float64Array(freq.size);
  let k = 0;
  for (const [g, f] of freq) keyed[k++] = f * 4294967296 + g;
  keyed.sort();
  const rank = new Map<number, number>();
  for (let i = 0; i < keyed.length; i++) rank.set(keyed[i]! % 4294967296, i);
  const recode = (s: Uint32Array): Uint32Array => {
    const out = new Uint32Array(s.length);
    for (let i = 0; i < s.length; i++) out[i] = rank.get(s[i]!)!;
    return out.sort();
  };
  const l = left.map(recode);
  return { left: l, right: sameList ? l : right.map(recode), ranks: keyed.length };
}

/** Below this many candidate pairs, comparing every pair is cheaper than building an index. */
const BRUTE_FORCE_PAIRS = 4096;

function allPairs(left: readonly Uint32Array[], right: readonly Uint32Array[], threshold: number, sameList: boolean): SimilarPair[] {
  const pairs: SimilarPair[] = [];
  for (let l = 0; l < left.length; l++) {
    for (let r = sameList ? l + 1 : 0; r < right.length; r++) {
      const score = dice(left[l]!, right[r]!);
      if (score >= threshold) pairs.push({ left: l, right: r, score });
    }
  }
  return pairs;
}

/**
 * Every (left, right) pair whose Dice similarity is at least `threshold` (0 < threshold ≤ 1).
 * With `sameList`, left and right are the same list and only pairs left < right are returned.
 */
export function similarPairs(
  leftSets: readonly Uint32Array[],
  rightSets: readonly Uint32Array[],
  threshold: number,
  sameList = false,
): SimilarPair[] {
  if (leftSets.length === 0 || rightSets.length === 0) return [];
  if (leftSets.length * rightSets.length <= BRUTE_FORCE_PAIRS) return allPairs(leftSets, rightSets, threshold, sameList);
  const { left, right, ranks } = rankSets(leftSets, rightSets, sameList);
  // Dice ≥ t ⇔ Jaccard ≥ t/(2−t); a set of size n then shares one of its first n − ⌈j·n⌉ + 1 tokens.
  const jaccard = threshold / (2 - threshold);
  const prefixLength = (n: number): number => Math.min(n, Math.max(1, n - Math.ceil(jaccard * n - 1e-9) + 1));

  const index: number[][] = new Array<number[]>(ranks);
  right.forEach((set, r) => {
    const p = prefixLength(set.length);
    for (let k = 0; k < p; k++) (index[set[k]!] ??= []).push(r);
  });

  const pairs: SimilarPair[] = [];
  const seen = new Int32Array(right.length).fill(-1);
  left.forEach((set, l) => {
    const p = prefixLength(set.length);
    for (let k = 0; k < p; k++) {
      const postings = index[set[k]!];
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
  // Empty sets have no prefix; pair them with other empty sets explicitly.
  left.forEach((s, l) => {
    if (s.length > 0) return;
    right.forEach((o, r) => {
      if (o.length === 0 && (!sameList || r > l)) pairs.push({ left: l, right: r, score: 1 });
    });
  });
  return pairs;
}
