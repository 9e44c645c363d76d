/**
 * Maintainers correct the machine: a seed commitment's `targets` (or `[]` for "none") replace
 * extraction for that commitment. This places each given target in the text and checks that
 * its value is what its span says.
 */
import type { SeedTarget, Target } from './target.ts';
import { readSpanValue } from './units.ts';

export type SeedTargetIssueKind = 'span-not-found' | 'span-ambiguous' | 'value-mismatch';

/** A problem with one given target; `index` is its position in the seed's `targets`. */
export interface SeedTargetIssue {
  readonly index: number;
  readonly field: 'span' | 'value';
  readonly kind: SeedTargetIssueKind;
  readonly message: string;
}

/**
 * How serious each kind is. Errors drop the target (it cannot be placed, or says two different
 * amounts); a warning keeps it (an ambiguous span is placed at its first occurrence).
 */
export const SEED_TARGET_ISSUE_LEVEL: Readonly<Record<SeedTargetIssueKind, 'error' | 'warning'>> = {
  'span-not-found': 'error',
  'span-ambiguous': 'warning',
  'value-mismatch': 'error',
};

/** Equal up to float noise in the last digits (a maintainer's 0.3 against 0.1 + 0.2). */
function sameAmount(a: number, b: number): boolean {
  return a === b || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
}

/**
 * Resolves the targets a seed gives for `text`: each gets start/end (code points) of its
 * span's first occurrence and `source: 'seed'`. Issues: the span is not in the text (error;
 * the target is dropped), it occurs more than once (warning; the first is used), or the value
 * is not what the span's number and magnitude say (error: 5.5%以上 with value 6; dropped).
 * A span without any numeral (三项, 两个) is checked against its Chinese numeral; a span that
 * states no amount at all is not checked.
 */
export function resolveSeedTargets(text: string, given: readonly SeedTarget[]): { targets: Target[]; issues: SeedTargetIssue[] } {
  const targets: Target[] = [];
  const issues: SeedTargetIssue[] = [];
  given.forEach((g, index) => {
    const at = g.span === '' ? -1 : text.indexOf(g.span);
    if (at < 0) {
      issues.push({ index, field: 'span', kind: 'span-not-found', message: `span “${g.span}” is not in the commitment's text` });
      return;
    }
    const again = text.indexOf(g.span, at + 1);
    if (again >= 0) {
      let count = 2;
      for (let next = text.indexOf(g.span, again + 1); next >= 0; next = text.indexOf(g.span, next + 1)) count++;
      issues.push({
        index,
        field: 'span',
        kind: 'span-ambiguous',
        message: `span “${g.span}” occurs ${count} times in the text; the first occurrence is used`,
      });
    }
    const stated = readSpanValue(g.span);
    if (stated !== null && !sameAmount(stated, g.value)) {
      issues.push({
        index,
        field: 'value',
        kind: 'value-mismatch',
        message: `value ${g.value} does not match span “${g.span}”, which says ${stated}`,
      });
      return;
    }
    const start = [...text.slice(0, at)].length; // code points, as extraction counts them
    targets.push({
      span: g.span,
      start,
      end: start + [...g.span].length,
      value: g.value,
      unit: g.unit,
      comparator: g.comparator,
      indicator: g.indicator,
      source: 'seed',
    });
  });
  return { targets, issues };
}
