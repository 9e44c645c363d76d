/**
 * The model of a quantitative target (量化目标) inside a commitment's text: the amount a
 * commitment promises to reach, build, add, keep or exceed, as
 * test/fixtures/targets/guideline.md (the annotation guideline) defines it. Its shape is
 * defined once, by the zod schemas in schemas.ts.
 */
// Types only: the schemas (and zod) stay out of the site's browser bundles.
import type { z } from 'zod';
import type { SeedTargetSchema, TargetSchema } from './schemas.ts';

/**
 * `>=` 以上/不低于/至少, `>` 突破/超过/过/余, `~` 左右/约, `<=` 以下/以内/不超过, `<` 低于,
 * `=` none stated (建成/新增/完成 N, bare 达到 N).
 */
export const COMPARATORS = ['>=', '>', '~', '<=', '<', '='] as const;
export type Comparator = (typeof COMPARATORS)[number];

/** A target as a maintainer writes it in a seed (`targets` of a seed commitment). */
export type SeedTarget = z.infer<typeof SeedTargetSchema>;

/** The target fields that say what is promised (no position, no provenance). */
export type TargetSummary = SeedTarget;

/** A target located in its commitment's text, as a release publishes it. */
export type Target = z.infer<typeof TargetSchema>;

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
