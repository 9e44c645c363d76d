import fastDiff from 'fast-diff';
import type { DiffOp } from '../schemas/release.ts';

// Numbers (5.5, 2.75, 1,000) and Latin words change as a whole; every other character is its own unit.
const TOKEN = /\d+(?:[.,]\d+)*|[A-Za-z]+|[\s\S]/gu;
const FIRST_PRIVATE = 0xe000;
const PRIVATE_SIZE = 0x1900; // U+E000..U+F8FF

/** Maps each token of both texts to one private-use character, so fast-diff compares tokens. */
function encode(a: string, b: string): { a: string; b: string; tokens: string[] } | null {
  const codes = new Map<string, string>();
  const tokens: string[] = [];
  const map = (text: string): string | null => {
    let out = '';
    for (const [token] of text.matchAll(TOKEN)) {
      let code = codes.get(token);
      if (code === undefined) {
        if (tokens.length >= PRIVATE_SIZE) return null;
        code = String.fromCharCode(FIRST_PRIVATE + tokens.length);
        codes.set(token, code);
        tokens.push(token);
      }
      out += code;
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
export function diffChars(before: string, after: string): DiffOp[] {
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
  const ops: DiffOp[] = head > 0 ? [['=', before.slice(0, head)]] : [];
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
const inToken = (code: number): boolean =>
  (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || code === 0x2e || code === 0x2c;
/** Whether a text may be cut at `at` without splitting a token (or a surrogate pair). */
function isCut(text: string, at: number): boolean {
  if (at <= 0 || at >= text.length) return true;
  const prev = text.charCodeAt(at - 1);
  const next = text.charCodeAt(at);
  if (prev >= 0xd800 && prev <= 0xdbff) return false;
  return !(inToken(prev) && inToken(next));
}

function diffMiddle(before: string, after: string): DiffOp[] {
  if (before === '' && after === '') return [];
  if (before === '') return [['+', after]];
  if (after === '') return [['-', before]];
  const encoded = encode(before, after);
  const raw = encoded ? fastDiff(encoded.a, encoded.b, undefined, true) : fastDiff(before, after, undefined, true);
  const ops: DiffOp[] = [];
  for (const [kind, text] of raw) {
    if (text === '') continue;
    const decoded = encoded ? Array.from(text, (ch) => encoded.tokens[ch.charCodeAt(0) - FIRST_PRIVATE]!).join('') : text;
    const op = kind === 0 ? '=' : kind === -1 ? '-' : '+';
    const last = ops[ops.length - 1];
    if (last && last[0] === op) last[1] += decoded;
    else ops.push([op, decoded]);
  }
  // Deletions before insertions within one changed region, for a stable reading order.
  for (let i = 0; i + 1 < ops.length; i++) {
    if (ops[i]![0] === '+' && ops[i + 1]![0] === '-') [ops[i], ops[i + 1]] = [ops[i + 1]!, ops[i]!];
  }
  return ops;
}

/** Rebuilds one side of a diff (a check that the diff is faithful). */
export function applyDiff(ops: readonly DiffOp[], side: 'before' | 'after'): string {
  const skip = side === 'before' ? '+' : '-';
  return ops.filter(([op]) => op !== skip).map(([, t]) => t).join('');
}
