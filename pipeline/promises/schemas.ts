/**
 * The shapes of targets and promise effects, as seeds, records and changes.json hold them:
 * the one definition (the types in target.ts and effects.ts are inferred from these). Kept
 * apart so that code bundled for the browser never loads zod.
 */
import { z } from 'zod';
import { EFFECT_KINDS } from './effects.ts';
import { COMPARATORS } from './target.ts';

/** A target as a maintainer writes it in a seed (`targets` of a seed commitment). */
export const SeedTargetSchema = z
  .object({
    span: z.string().min(1).describe('The exact substring of the text holding the number, its magnitude and unit, plus a comparator word glued after it (5.5%以上, 23.4万亩).'),
    value: z.number().describe('The amount in base units (23.4万亩 → 234000; 5.5% → 5.5).'),
    unit: z.string().describe('The unit or measure word after the magnitude (万平方米 → 平方米); empty when the span has none.'),
    comparator: z.enum(COMPARATORS).describe('>= 以上/不低于/至少, > 突破/超过/余, ~ 左右/约, <= 以下/以内/不超过, <, = when none is stated.'),
    indicator: z.string().describe('The few words of the text naming what is measured.'),
  })
  .strict();

/** A target located in its commitment's text, as a release publishes it. */
export const TargetSchema = z
  .object({
    ...SeedTargetSchema.shape,
    start: z.int().min(0).describe('Offset of the span in Unicode code points (not UTF-16 units).'),
    end: z.int().min(0).describe('End offset, exclusive, in code points: the text’s code points [start, end) are the span.'),
    source: z.enum(['extracted', 'seed']).describe('extracted by the rules, or given in the seed (which replaces extraction).'),
  })
  .strict();

/** A deadline as an effect shows it: the phrase and the due date read from it. */
export const DeadlineSummarySchema = z.object({ deadline: z.string(), due: z.string().nullable() }).strict();

/**
 * One change of the promise (changes.json `effects`). For target kinds `before`/`after` are
 * the target's summary (null on the side where it does not exist: added/removed); for
 * deadline kinds, the deadline.
 */
export const EffectSchema = z
  .object({
    kind: z.enum(EFFECT_KINDS),
    weakens: z.boolean().describe('target-lowered, target-removed, comparator-weakened, deadline-postponed and deadline-dropped weaken.'),
    before: z.union([SeedTargetSchema, DeadlineSummarySchema]).nullable(),
    after: z.union([SeedTargetSchema, DeadlineSummarySchema]).nullable(),
  })
  .strict();
