import type { DiffOp } from '../schemas/release.ts';

/**
 * Character-level diff of two strings as ['=', kept] / ['-', deleted] / ['+', inserted]
 * steps: joining '=' and '-' gives `before`, joining '=' and '+' gives `after`. Chinese text
 * is compared character by character; a number or Latin word that changes is shown whole.
 */
export function diffChars(before: string, after: string): DiffOp[];

/** diffChars with fast-diff run on every pair, without the shortcuts for simple edits (for tests). */
export function diffCharsByFastDiff(before: string, after: string): DiffOp[];

/** Rebuilds one side of a diff (a check that the diff is faithful). */
export function applyDiff(ops: readonly DiffOp[], side: 'before' | 'after'): string;

/** The units diffChars compares: numbers (with . or , groups), Latin words, else one code point. */
export function tokenize(text: string): string[];
