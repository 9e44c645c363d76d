/**
 * Character-level diffs of Chinese text, as changes.json, the changelog, the site's pages
 * and its compare page (bundled for the browser) all show them: one module, so every view
 * marks the same characters.
 */
import fastDiff from 'fast-diff';
import type { DiffOp } from '../schemas/release.ts';

/**
 * The units compared: a number (with . or , groups: 5.5, 1,000) or a Latin word changes as
 * a whole; every other code point is its own unit.
 */
const TOKEN = /\d+(?:[.,]\d+)*|[A-Za-z]+|[\s\S]/gu;

/** The tokens of a text, in order. */
export function tokenize(text: string): string[] {
  return Array.from(text.matchAll(TOKEN), (m) => m[0]);
}

/** Private-use code points stand for tokens, so that fast-diff compares tokens, not characters. */
const FIRST_PRIVATE = 0xe000;
const PRIVATE_SIZE = 0x1900; // U+E000..U+F8FF

/**
 * Both texts as strings of token codes (equal tokens, equal codes), with where each token
 * starts (and the text's length last); null when there are more distinct tokens than codes.
 */
function encode(a: string, b: string): { codesA: string; startsA: number[]; codesB: string; startsB: number[] } | null {
  const codes = new Map<string, number>();
  const encodeOne = (text: string): { codes: string; starts: number[] } | null => {
    const out: number[] = [];
    const starts: number[] = [];
    for (const m of text.matchAll(TOKEN)) {
      let code = codes.get(m[0]);
      if (code === undefined) {
        if (codes.size >= PRIVATE_SIZE) return null;
        code = FIRST_PRIVATE + codes.size;
        codes.set(m[0], code);
      }
      out.push(code);
      starts.push(m.index);
    }
    starts.push(text.length);
    let joined = '';
    // In pieces: an argument list has a size limit.
    for (let i = 0; i < out.length; i += 8192) joined += String.fromCharCode(...out.slice(i, i + 8192));
    return { codes: joined, starts };
  };
  const ea = encodeOne(a);
  const eb = ea && encodeOne(b);
  return ea && eb ? { codesA: ea.codes, startsA: ea.starts, codesB: eb.codes, startsB: eb.starts } : null;
}

/** Appends a step, joined to the last one when it is of the same kind. */
function pushOp(ops: DiffOp[], op: DiffOp[0], text: string): void {
  const last = ops[ops.length - 1];
  if (last && last[0] === op) last[1] += text;
  else ops.push([op, text]);
}

/**
 * Characters of the common start and end left in the diffed middle: fast-diff's cleanup
 * slides an edit to a nicer boundary (after a comma, say) and needs to see around it.
 */
const CONTEXT = 24;

/** Whether a text may be cut at `at` without splitting a token (or a surrogate pair). */
function isCut(text: string, at: number): boolean {
  if (at <= 0 || at >= text.length) return true;
  const prev = text.charCodeAt(at - 1);
  if (prev >= 0xd800 && prev <= 0xdbff) return false;
  const inToken = (c: number): boolean => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x2e || c === 0x2c;
  return !(inToken(prev) && inToken(text.charCodeAt(at)));
}

/** The diff of the changed middle of two texts, token by token. */
function diffMiddle(before: string, after: string): DiffOp[] {
  if (before === '' && after === '') return [];
  if (before === '') return [['+', after]];
  if (after === '') return [['-', before]];
  const ops: DiffOp[] = [];
  const encoded = encode(before, after);
  if (encoded) {
    const { codesA, startsA, codesB, startsB } = encoded;
    // Each step is a run of tokens: '=' and '-' ones of `before`, '=' and '+' ones of `after`.
    let ia = 0;
    let ib = 0;
    for (const [kind, codes] of fastDiff(codesA, codesB, undefined, true)) {
      const n = codes.length;
      if (n === 0) continue;
      if (kind === fastDiff.INSERT) {
        pushOp(ops, '+', after.slice(startsB[ib], startsB[ib + n]));
        ib += n;
      } else {
        pushOp(ops, kind === fastDiff.EQUAL ? '=' : '-', before.slice(startsA[ia], startsA[ia + n]));
        ia += n;
        if (kind === fastDiff.EQUAL) ib += n;
      }
    }
  } else {
    for (const [kind, text] of fastDiff(before, after, undefined, true)) {
      if (text !== '') pushOp(ops, kind === fastDiff.EQUAL ? '=' : kind === fastDiff.DELETE ? '-' : '+', text);
    }
  }
  // Deletions before insertions within one changed region, for a stable reading order.
  for (let i = 0; i + 1 < ops.length; i++) {
    const [a, b] = [ops[i]!, ops[i + 1]!];
    if (a[0] === '+' && b[0] === '-') [ops[i], ops[i + 1]] = [b, a];
  }
  return ops;
}

/**
 * Character-level diff of two strings as ['=', kept] / ['-', deleted] / ['+', inserted]
 * steps: joining '=' and '-' gives `before`, joining '=' and '+' gives `after`. Chinese
 * text is compared character by character; a number or Latin word that changes is shown
 * whole (900 → 1000 reads ['-','900'],['+','1000'], not 9→10 plus 00).
 */
export function diffChars(before: string, after: string): DiffOp[] {
  // Most edits touch a few characters: the common start and end are kept as they are and
  // only the middle (with some context) is diffed. The cut never splits a number or a word.
  const limit = Math.min(before.length, after.length);
  let head = 0;
  while (head < limit && before.charCodeAt(head) === after.charCodeAt(head)) head++;
  head = Math.max(0, head - CONTEXT);
  while (head > 0 && !(isCut(before, head) && isCut(after, head))) head--;
  let tail = 0;
  while (tail < limit - head && before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)) tail++;
  tail = Math.max(0, tail - CONTEXT);
  while (tail > 0 && !(isCut(before, before.length - tail) && isCut(after, after.length - tail))) tail--;
  const middle = diffMiddle(before.slice(head, before.length - tail), after.slice(head, after.length - tail));
  const ops: DiffOp[] = [];
  if (head > 0) pushOp(ops, '=', before.slice(0, head));
  for (const [op, text] of middle) pushOp(ops, op, text);
  if (tail > 0) pushOp(ops, '=', before.slice(before.length - tail));
  return ops;
}

/** Rebuilds one side of a diff (a check that the diff is faithful). */
export function applyDiff(ops: readonly DiffOp[], side: 'before' | 'after'): string {
  const skip = side === 'before' ? '+' : '-';
  return ops
    .filter(([op]) => op !== skip)
    .map(([, t]) => t)
    .join('');
}
