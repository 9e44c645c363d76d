import { createRequire } from 'node:module';

// Loaded with require: importing a CommonJS package from ESM makes Node lex its whole
// source for named exports, which costs a worker thread ~50 ms of start-up.
const fastDiff = createRequire(import.meta.url)('fast-diff');

/**
 * Character-level diffs. Plain JavaScript (typed by char-diff.d.mts) so that a worker
 * thread, which starts without the TypeScript loader, can run it too (see
 * pipeline/store/diff-worker.mjs).
 */

// Numbers (5.5, 2.75, 1,000) and Latin words change as a whole; every other character (code
// point) is its own unit: the tokens of /\d+(?:[.,]\d+)*|[A-Za-z]+|[\s\S]/u, read by hand.
const FIRST_PRIVATE = 0xe000;
const PRIVATE_SIZE = 0x1900; // U+E000..U+F8FF

const isDigit = (c) => c >= 0x30 && c <= 0x39;
const isLatin = (c) => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);

/** Where the token that starts at `i` ends. */
/** @param {string} text @param {number} i @returns {number} */
function tokenEnd(text, i) {
  const n = text.length;
  const c = text.charCodeAt(i);
  let j = i + 1;
  if (isDigit(c)) {
    while (j < n && isDigit(text.charCodeAt(j))) j++;
    while (j + 1 < n) {
      const separator = text.charCodeAt(j);
      if ((separator !== 0x2e && separator !== 0x2c) || !isDigit(text.charCodeAt(j + 1))) break;
      j += 2;
      while (j < n && isDigit(text.charCodeAt(j))) j++;
    }
  } else if (isLatin(c)) {
    while (j < n && isLatin(text.charCodeAt(j))) j++;
  } else if (c >= 0xd800 && c <= 0xdbff && j < n) {
    const low = text.charCodeAt(j);
    if (low >= 0xdc00 && low <= 0xdfff) j++;
  }
  return j;
}

/** The tokens of a text (for tests: the same units as the regular expression above). */
/** @param {string} text @returns {string[]} */
export function tokenize(text) {
  const out = [];
  for (let i = 0; i < text.length; ) {
    const j = tokenEnd(text, i);
    out.push(text.slice(i, j));
    i = j;
  }
  return out;
}

/**
 * The tokens of both texts as private-use character codes (equal tokens, equal codes), with
 * where each token starts (and the text's length last), so that fast-diff compares tokens
 * and its steps are read back as slices of the texts; null when there are more distinct
 * tokens than codes.
 */
/** @param {string} a @param {string} b */
function encode(a, b) {
  const state = { singles: new Map(), longer: new Map(), size: 0 };
  const codesA = [];
  const startsA = [];
  const codesB = [];
  const startsB = [];
  if (!mapTokens(a, codesA, startsA, state) || !mapTokens(b, codesB, startsB, state)) return null;
  return { codesA, startsA, codesB, startsB };
}

/**
 * Appends the code and start of each token of `text`; false when the codes run out.
 * @param {string} text @param {number[]} codes @param {number[]} starts
 * @param {{ singles: Map<number, number>, longer: Map<string, number>, size: number }} state
 */
function mapTokens(text, codes, starts, state) {
  for (let i = 0; i < text.length; ) {
    const j = tokenEnd(text, i);
    let code;
    if (j === i + 1) {
      // One-unit tokens are looked up by char code: no string made.
      const unit = text.charCodeAt(i);
      code = state.singles.get(unit);
      if (code === undefined) {
        if (state.size >= PRIVATE_SIZE) return false;
        code = FIRST_PRIVATE + state.size++;
        state.singles.set(unit, code);
      }
    } else {
      const token = text.slice(i, j);
      code = state.longer.get(token);
      if (code === undefined) {
        if (state.size >= PRIVATE_SIZE) return false;
        code = FIRST_PRIVATE + state.size++;
        state.longer.set(token, code);
      }
    }
    codes.push(code);
    starts.push(i);
    i = j;
  }
  starts.push(text.length);
  return true;
}

/** Char codes as a string (in pieces: an argument list has a size limit). */
/** @param {number[]} codes */
function stringOf(codes) {
  let out = '';
  for (let i = 0; i < codes.length; i += 8192) out += String.fromCharCode.apply(null, codes.slice(i, i + 8192));
  return out;
}

/** fast-diff's steps as flat [kind, length, …]. */
/** @param {[number, string][]} diff */
function stepsOf(diff) {
  const steps = [];
  for (let k = 0; k < diff.length; k++) steps.push(diff[k][0], diff[k][1].length);
  return steps;
}

/** Marks of the codes of one side's changed tokens (see simpleDiff). */
const marked = new Uint8Array(PRIVATE_SIZE);

/**
 * fast-diff's answer for two token-code sequences, as flat [kind, tokens, …] steps, when
 * it can be told without running it; else null. fast-diff strips the common start P and
 * end S and diffs what is left, D (of a) and I (of b); its answer is P, −D, +I, S (the
 * empty ones left out) when
 * - one of D and I is empty, and P or S is empty or the edit does not end with the whole
 *   of P. Its cleanups could only slide the edit: cleanupMerge over a whole equality, which
 *   needs the edit to end with P (it cannot start with S: P would then be longer), and
 *   cleanupSemanticLossless to a boundary that scores higher, but between private-use
 *   characters every boundary scores the same and only an emptied equality scores more, so
 *   again only when the edit ends with P;
 * - both are non-empty and share no code: no common substring or character, so the
 *   middle diff is all deletion and insertion, merged into one of each, and no overlap or
 *   equality is left to clean up.
 * Every other case runs fast-diff; test/diff/char-diff.test.ts checks the two agree.
 * @param {number[]} a @param {number[]} b @returns {number[] | null}
 */
function simpleDiff(a, b) {
  const la = a.length;
  const lb = b.length;
  const limit = Math.min(la, lb);
  let p = 0;
  while (p < limit && a[p] === b[p]) p++;
  if (p === la && p === lb) return null;
  let s = 0;
  while (s < limit - p && a[la - 1 - s] === b[lb - 1 - s]) s++;
  const d = la - p - s;
  const i = lb - p - s;
  if (d === 0 || i === 0) {
    if (p > 0 && s > 0 && endsWithStart(d === 0 ? b : a, p + d + i, a, p)) return null;
  } else {
    let shared = false;
    for (let k = p; k < p + d; k++) marked[a[k] - FIRST_PRIVATE] = 1;
    for (let k = p; k < p + i && !shared; k++) shared = marked[b[k] - FIRST_PRIVATE] === 1;
    for (let k = p; k < p + d; k++) marked[a[k] - FIRST_PRIVATE] = 0;
    if (shared) return null;
  }
  const steps = [];
  if (p > 0) steps.push(0, p);
  if (d > 0) steps.push(-1, d);
  if (i > 0) steps.push(1, i);
  if (s > 0) steps.push(0, s);
  return steps;
}

/** Whether x[p..end) (an edit that starts at p) ends with y[0..p). */
/** @param {number[]} x @param {number} end @param {number[]} y @param {number} p */
function endsWithStart(x, end, y, p) {
  if (end - p < p) return false;
  for (let k = 0; k < p; k++) if (x[end - p + k] !== y[k]) return false;
  return true;
}

/**
 * Character-level diff of two strings as ['=', kept] / ['-', deleted] / ['+', inserted]
 * steps: joining '=' and '-' gives `before`, joining '=' and '+' gives `after`.
 * Chinese text is compared character by character; a number or Latin word that
 * changes is shown whole (900 → 1000 reads ['-','900'],['+','1000'], not 9→10 plus 00).
 */
export function diffChars(before, after) {
  return diffCharsWith(before, after, true);
}

/**
 * diffChars with fast-diff run on every pair (no shortcut): for tests, which check that
 * the two agree.
 */
export function diffCharsByFastDiff(before, after) {
  return diffCharsWith(before, after, false);
}

/** @param {string} before @param {string} after @param {boolean} shortcut */
function diffCharsWith(before, after, shortcut) {
  // Most edits touch a few characters: the common start and end are kept as they are and
  // only the middle is tokenised and diffed. The cut never splits a number or a word.
  const limit = Math.min(before.length, after.length);
  let head = 0;
  while (head < limit && before.charCodeAt(head) === after.charCodeAt(head)) head++;
  head = Math.max(0, head - CONTEXT);
  while (head > 0 && !(isCut(before, head) && isCut(after, head))) head--;
  let tail = 0;
  while (tail < limit - head && before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)) tail++;
  tail = Math.max(0, tail - CONTEXT);
  while (tail > 0 && !(isCut(before, before.length - tail) && isCut(after, after.length - tail))) tail--;
  // One call whatever head and tail are (a call seen only late costs V8 a recompile).
  const middle = diffMiddle(before.slice(head, before.length - tail), after.slice(head, after.length - tail), shortcut);
  if (head === 0 && tail === 0) return middle;
  // Index loops and no destructuring here and below: this code runs ~2,000 times per 100k
  // records, and V8 compiles iterator protocols into large code (see diffMiddle).
  const ops = [];
  if (head > 0) pushOp(ops, '=', before.slice(0, head));
  for (let i = 0; i < middle.length; i++) pushOp(ops, middle[i][0], middle[i][1]);
  if (tail > 0) pushOp(ops, '=', before.slice(before.length - tail));
  return ops;
}

/** Appends a step, joined to the last one when it is of the same kind. */
/** @param {[string, string][]} ops @param {string} op @param {string} text */
function pushOp(ops, op, text) {
  const last = ops.length > 0 ? ops[ops.length - 1] : null;
  if (last !== null && last[0] === op) last[1] += text;
  else ops.push([op, text]);
}

/**
 * Characters of the common start and end left in the diffed middle: fast-diff's cleanup
 * slides an edit to a nicer boundary (after a comma, say) and needs to see around it.
 */
const CONTEXT = 24;

// Characters that can belong to a multi-character token (numbers with separators, words).
const inToken = (code) =>
  (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || code === 0x2e || code === 0x2c;
/** Whether a text may be cut at `at` without splitting a token (or a surrogate pair). */
function isCut(text, at) {
  if (at <= 0 || at >= text.length) return true;
  const prev = text.charCodeAt(at - 1);
  const next = text.charCodeAt(at);
  if (prev >= 0xd800 && prev <= 0xdbff) return false;
  return !(inToken(prev) && inToken(next));
}

/** @param {string} before @param {string} after @param {boolean} shortcut */
function diffMiddle(before, after, shortcut) {
  if (before === '' && after === '') return [];
  if (before === '') return [['+', after]];
  if (after === '') return [['-', before]];
  const encoded = encode(before, after);
  const ops = [];
  if (encoded) {
    const codesA = encoded.codesA;
    const startsA = encoded.startsA;
    const codesB = encoded.codesB;
    const startsB = encoded.startsB;
    const steps = (shortcut ? simpleDiff(codesA, codesB) : null) ?? stepsOf(fastDiff(stringOf(codesA), stringOf(codesB), undefined, true));
    // Each step is a run of tokens: '=' and '-' ones of `before`, '=' and '+' ones of `after`.
    let ia = 0;
    let ib = 0;
    for (let k = 0; k < steps.length; k += 2) {
      const kind = steps[k];
      const n = steps[k + 1];
      if (n === 0) continue;
      if (kind === 1) {
        pushOp(ops, '+', after.slice(startsB[ib], startsB[ib + n]));
        ib += n;
      } else {
        pushOp(ops, kind === 0 ? '=' : '-', before.slice(startsA[ia], startsA[ia + n]));
        ia += n;
        if (kind === 0) ib += n;
      }
    }
  } else {
    const raw = fastDiff(before, after, undefined, true);
    for (let k = 0; k < raw.length; k++) if (raw[k][1] !== '') pushOp(ops, raw[k][0] === 0 ? '=' : raw[k][0] === -1 ? '-' : '+', raw[k][1]);
  }
  // Deletions before insertions within one changed region, for a stable reading order.
  for (let i = 0; i + 1 < ops.length; i++) {
    if (ops[i][0] === '+' && ops[i + 1][0] === '-') {
      const insertion = ops[i];
      ops[i] = ops[i + 1];
      ops[i + 1] = insertion;
    }
  }
  return ops;
}

/** Rebuilds one side of a diff (a check that the diff is faithful). */
export function applyDiff(ops, side) {
  const skip = side === 'before' ? '+' : '-';
  return ops.filter(([op]) => op !== skip).map(([, t]) => t).join('');
}
