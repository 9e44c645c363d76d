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

/** Maps each token of both texts to one private-use character, so fast-diff compares tokens. */
/** @param {string} a @param {string} b @returns {{ a: string, b: string, tokens: string[] } | null} */
function encode(a, b) {
  const singles = new Map(); // one-unit tokens, by char code: no string made
  const longer = new Map();
  const tokens = [];
  const codeFor = (token, known, remember) => {
    if (known !== undefined) return known;
    if (tokens.length >= PRIVATE_SIZE) return null;
    const code = String.fromCharCode(FIRST_PRIVATE + tokens.length);
    tokens.push(token);
    remember(code);
    return code;
  };
  const map = (text) => {
    let out = '';
    for (let i = 0; i < text.length; ) {
      const j = tokenEnd(text, i);
      let code;
      if (j === i + 1) {
        const unit = text.charCodeAt(i);
        code = codeFor(text[i], singles.get(unit), (c) => singles.set(unit, c));
      } else {
        const token = text.slice(i, j);
        code = codeFor(token, longer.get(token), (c) => longer.set(token, c));
      }
      if (code === null) return null;
      out += code;
      i = j;
    }
    return out;
  };
  const ea = map(a);
  const eb = ea === null ? null : map(b);
  return ea === null || eb === null ? null : { a: ea, b: eb, tokens };
}

/**
 * Character-level diff of two strings as ['=', kept] / ['-', deleted] / ['+', inserted]
 * steps: joining '=' and '-' gives `before`, joining '=' and '+' gives `after`.
 * Chinese text is compared character by character; a number or Latin word that
 * changes is shown whole (900 → 1000 reads ['-','900'],['+','1000'], not 9→10 plus 00).
 */
export function diffChars(before, after) {
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
  if (head === 0 && tail === 0) return diffMiddle(before, after);
  const ops = head > 0 ? [['=', before.slice(0, head)]] : [];
  for (const op of diffMiddle(before.slice(head, before.length - tail), after.slice(head, after.length - tail))) {
    const last = ops[ops.length - 1];
    if (last && last[0] === op[0]) last[1] += op[1];
    else ops.push(op);
  }
  if (tail > 0) {
    const last = ops[ops.length - 1];
    const end = before.slice(before.length - tail);
    if (last && last[0] === '=') last[1] += end;
    else ops.push(['=', end]);
  }
  return ops;
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

function diffMiddle(before, after) {
  if (before === '' && after === '') return [];
  if (before === '') return [['+', after]];
  if (after === '') return [['-', before]];
  const encoded = encode(before, after);
  const raw = encoded ? fastDiff(encoded.a, encoded.b, undefined, true) : fastDiff(before, after, undefined, true);
  const ops = [];
  for (const [kind, text] of raw) {
    if (text === '') continue;
    let decoded = text;
    if (encoded) {
      decoded = '';
      for (let k = 0; k < text.length; k++) decoded += encoded.tokens[text.charCodeAt(k) - FIRST_PRIVATE];
    }
    const op = kind === 0 ? '=' : kind === -1 ? '-' : '+';
    const last = ops[ops.length - 1];
    if (last && last[0] === op) last[1] += decoded;
    else ops.push([op, decoded]);
  }
  // Deletions before insertions within one changed region, for a stable reading order.
  for (let i = 0; i + 1 < ops.length; i++) {
    if (ops[i][0] === '+' && ops[i + 1][0] === '-') [ops[i], ops[i + 1]] = [ops[i + 1], ops[i]];
  }
  return ops;
}

/** Rebuilds one side of a diff (a check that the diff is faithful). */
export function applyDiff(ops, side) {
  const skip = side === 'before' ? '+' : '-';
  return ops.filter(([op]) => op !== skip).map(([, t]) => t).join('');
}
