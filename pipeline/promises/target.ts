/**
 * The model of a quantitative target (量化目标) inside a commitment's text: the amount a
 * commitment promises to reach, build, add, keep or exceed, as test/fixtures/targets/guideline.md
 * (the annotation guideline) defines it.
 */

/** The comparators a target can carry, in a fixed order (for schemas and tables). */
export const COMPARATORS = ['>=', '>', '~', '<=', '<', '='] as const;

/**
 * `>=` 以上/不低于/至少, `>` 突破/超过/过/余, `~` 左右/约, `<=` 以下/以内/不超过, `<` 低于,
 * `=` none stated (建成/新增/完成 N, bare 达到 N).
 */
export type Comparator = (typeof COMPARATORS)[number];

/** A target as a maintainer writes it in a seed (`targets` of a seed commitment). */
export interface SeedTarget {
  /** Exact substring of the text: number, magnitude, unit, a comparator glued after it. */
  readonly span: string;
  /** The amount in base units (23.4万亩 → 234000). */
  readonly value: number;
  /** Unit or measure word after the magnitude (万平方米 → 平方米). */
  readonly unit: string;
  readonly comparator: Comparator;
  /** The few words of the text naming what is measured. */
  readonly indicator: string;
}

/** The target fields that say what is promised (no position, no provenance). */
export type TargetSummary = SeedTarget;

/** A target located in its commitment's text. */
export interface Target extends SeedTarget {
  /** Offset of the span in Unicode code points (not UTF-16 units). */
  readonly start: number;
  /** End offset, exclusive, in code points: `[...text].slice(start, end).join('') === span`. */
  readonly end: number;
  /** Found by the extractor, or given by the seed (which replaces extraction). */
  readonly source: 'extracted' | 'seed';
}

/** The promise-relevant fields of a target, in a fixed key order. */
export function summarizeTarget(target: SeedTarget): TargetSummary {
  return {
    span: target.span,
    value: target.value,
    unit: target.unit,
    comparator: target.comparator,
    indicator: target.indicator,
  };
}
