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

/**
 * The intersection size of two sorted unique arrays if it reaches `needed`, else -1 —
 * stopping as soon as the rest of the arrays could no longer make up the difference.
 */
function overlapAtLeast(a: Uint32Array, b: Uint32Array, needed: number): number {
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length && j < b.length) {
    if (n + Math.min(a.length - i, b.length - j) < needed) return -1;
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      n++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return n >= needed ? n : -1;
}

/** Dice coefficient of two bigram sets (1 when both are empty). */
export function dice(a: Uint32Array, b: Uint32Array): number {
  if (a.length === 0 && b.length === 0) return 1;
  return (2 * overlapAtLeast(a, b, 0)) / (a.length + b.length);
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

// Frequencies for the rarity order are counted in 65,536 buckets of a hash of the bigram:
// colliding bigrams share a count. Any fixed total order keeps prefix filtering exact; the
// approximate rarity only decides how few candidate pairs it has to check.
const buckets = new Uint32Array(65536);
const bucketOf = (code: number): number => Math.imul(code, 0x9e3779b1) >>> 16;

/** Each set's prefix under the order (approximate frequency, code), as sort keys. */
function prefixesOf(sets: readonly Uint32Array[], prefixLength: (n: number) => number): Float64Array[] {
  return sets.map((set) => {
    const keys = new Float64Array(set.length);
    for (let i = 0; i < set.length; i++) keys[i] = buckets[bucketOf(set[i]!)]! * 4294967296 + set[i]!;
    return keys.sort().subarray(0, prefixLength(set.length));
  });
}

/** Postings pack (set index, token position) as index · POSITIONS + position. */
const POSITIONS = 1 << 20;

/** The first posting (packed set · POSITIONS + position) whose set has at least `size` tokens; postings are ordered by set size. */
function firstWithSize(sets: readonly Uint32Array[], postings: readonly number[], size: number): number {
  let lo = 0;
  let hi = postings.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sets[Math.floor(postings[mid]! / POSITIONS)]!.length < size) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Verifies the candidates `touched` that the filters kept (found > 0) against `set`, adds
 * the pairs that reach the threshold, and resets `found` and `touched` for the next probe.
 */
function verifyCandidates(
  set: Uint32Array,
  others: readonly Uint32Array[],
  found: Int32Array,
  touched: number[],
  threshold: number,
  pair: (r: number, score: number) => void,
): void {
  const n = set.length;
  for (const r of touched) {
    if (found[r]! > 0) {
      const other = others[r]!;
      const needed = Math.ceil((threshold * (n + other.length)) / 2 - 1e-9);
      const shared = overlapAtLeast(set, other, needed);
      if (shared >= 0) pair(r, (2 * shared) / (n + other.length));
    }
    found[r] = 0;
  }
  touched.length = 0;
}

/** Below this many candidate pairs, comparing every pair is cheaper than building an index. */
const BRUTE_FORCE_PAIRS = 64;

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
  left: readonly Uint32Array[],
  right: readonly Uint32Array[],
  threshold: number,
  sameList = false,
): SimilarPair[] {
  if (left.length === 0 || right.length === 0) return [];
  if (left.length * right.length <= BRUTE_FORCE_PAIRS) return allPairs(left, right, threshold, sameList);
  // Dice ≥ t ⇔ Jaccard ≥ t/(2−t); a set of size n then shares one of its first n − ⌈j·n⌉ + 1 tokens.
  const jaccard = threshold / (2 - threshold);
  const prefixLength = (n: number): number => Math.min(n, Math.max(1, n - Math.ceil(jaccard * n - 1e-9) + 1));
  if (sameList) return selfPairs(left, threshold, prefixLength);

  const count = (sets: readonly Uint32Array[], delta: number): void => {
    for (const set of sets) for (let i = 0; i < set.length; i++) buckets[bucketOf(set[i]!)]! += delta;
  };
  count(left, 1);
  if (!sameList) count(right, 1);
  const leftPrefixes = prefixesOf(left, prefixLength);
  const rightPrefixes = sameList ? leftPrefixes : prefixesOf(right, prefixLength);
  count(left, -1); // leave the shared buckets at zero for the next call
  if (!sameList) count(right, -1);

  // Postings: (right set, position of the token in that set's order), packed in one number,
  // each list ordered by the right set's size, so a probe reads only the sizes that can
  // reach the threshold (length filter) and skips the rest by binary search.
  const bySize = Array.from(right.keys()).sort((a, b) => right[a]!.length - right[b]!.length || a - b);
  const index = new Map<number, number[]>();
  for (const r of bySize) {
    const prefix = rightPrefixes[r]!;
    for (let k = 0; k < prefix.length; k++) {
      const list = index.get(prefix[k]!);
      if (list) list.push(r * POSITIONS + k);
      else index.set(prefix[k]!, [r * POSITIONS + k]);
    }
  }

  // Positional filter (PPJoin): a token shared at positions k (left) and j (right), after
  // `found` shared tokens before it, bounds the overlap by found + 1 + min(rest of each).
  // A candidate that cannot reach the needed overlap is dropped before it is verified.
  const found = new Int32Array(right.length);
  const touched: number[] = [];
  const pairs: SimilarPair[] = [];
  left.forEach((set, l) => {
    const prefix = leftPrefixes[l]!;
    const n = set.length;
    // Dice ≥ t needs the other size m within [t·n/(2−t), n·(2−t)/t].
    const minSize = Math.ceil((threshold * n) / (2 - threshold) - 1e-9);
    const maxSize = Math.floor((n * (2 - threshold)) / threshold + 1e-9);
    for (let k = 0; k < prefix.length; k++) {
      const postings = index.get(prefix[k]!);
      if (!postings) continue;
      for (let p = firstWithSize(right, postings, minSize); p < postings.length; p++) {
        const r = Math.floor(postings[p]! / POSITIONS);
        if (right[r]!.length > maxSize) break;
        if (sameList && r <= l) continue;
        const count = found[r]!;
        if (count < 0) continue; // already ruled out
        const m = right[r]!.length;
        if (count === 0) {
          touched.push(r);
          // Size filter: Dice can't reach the threshold when sizes differ too much.
          if ((2 * Math.min(n, m)) / (n + m) < threshold) {
            found[r] = -1;
            continue;
          }
        }
        const j = postings[p]! - r * POSITIONS;
        const needed = Math.ceil((threshold * (n + m)) / 2 - 1e-9);
        found[r] = count + 1 + Math.min(n - k - 1, m - j - 1) >= needed ? count + 1 : -1;
      }
    }
    verifyCandidates(set, right, found, touched, threshold, (r, score) => pairs.push({ left: l, right: r, score }));
  });
  pairs.push(...emptyPairs(left, right, sameList));
  return pairs;
}

/** Empty sets have no prefix: they pair with the other empty sets (Dice 1), found directly. */
function emptyPairs(left: readonly Uint32Array[], right: readonly Uint32Array[], sameList: boolean): SimilarPair[] {
  const pairs: SimilarPair[] = [];
  left.forEach((s, l) => {
    if (s.length > 0) return;
    right.forEach((o, r) => {
      if (o.length === 0 && (!sameList || r > l)) pairs.push({ left: l, right: r, score: 1 });
    });
  });
  return pairs;
}

/**
 * The self-join (pairs within one list), as PPJoin does it: sets are taken from the smallest
 * up, each probes the index of the sets taken before it and is then indexed itself. Every
 * pair is found once, from its larger set, and a probe only reads postings of sets no larger
 * than its own (the length filter's upper bound holds by construction), so the index is read
 * half as much as a join of the list with itself. Pairs come sorted by (left, right).
 */
function selfPairs(sets: readonly Uint32Array[], threshold: number, prefixLength: (n: number) => number): SimilarPair[] {
  for (const set of sets) for (let i = 0; i < set.length; i++) buckets[bucketOf(set[i]!)]! += 1;
  const prefixes = prefixesOf(sets, prefixLength);
  for (const set of sets) for (let i = 0; i < set.length; i++) buckets[bucketOf(set[i]!)]! -= 1;

  const order = Array.from(sets.keys()).sort((a, b) => sets[a]!.length - sets[b]!.length || a - b);
  // Postings in the order sets are taken, so each list is ordered by set size.
  const index = new Map<number, number[]>();
  const found = new Int32Array(sets.length);
  const touched: number[] = [];
  const pairs: SimilarPair[] = [];
  for (const l of order) {
    const set = sets[l]!;
    const prefix = prefixes[l]!;
    const n = set.length;
    const minSize = Math.ceil((threshold * n) / (2 - threshold) - 1e-9);
    for (let k = 0; k < prefix.length; k++) {
      const postings = index.get(prefix[k]!);
      if (!postings) continue;
      for (let p = firstWithSize(sets, postings, minSize); p < postings.length; p++) {
        const r = Math.floor(postings[p]! / POSITIONS);
        const count = found[r]!;
        if (count < 0) continue; // already ruled out
        const m = sets[r]!.length;
        if (count === 0) touched.push(r);
        const j = postings[p]! - r * POSITIONS;
        const needed = Math.ceil((threshold * (n + m)) / 2 - 1e-9);
        // Positional filter: the overlap can reach at most found + 1 + min(rest of each).
        found[r] = count + 1 + Math.min(n - k - 1, m - j - 1) >= needed ? count + 1 : -1;
      }
    }
    verifyCandidates(set, sets, found, touched, threshold, (r, score) => pairs.push({ left: Math.min(l, r), right: Math.max(l, r), score }));
    for (let k = 0; k < prefix.length; k++) {
      const list = index.get(prefix[k]!);
      if (list) list.push(l * POSITIONS + k);
      else index.set(prefix[k]!, [l * POSITIONS + k]);
    }
  }
  pairs.push(...emptyPairs(sets, sets, true));
  return pairs.sort((a, b) => a.left - b.left || a.right - b.right);
}
