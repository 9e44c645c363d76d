/**
 * Diffing two versions of a commitment as promises: which targets were lowered, raised, added
 * or removed, which comparators weakened, and whether the deadline moved — and so whether the
 * promise was weakened.
 */
import type { z } from 'zod';
import type { DeadlineSummarySchema, EffectSchema } from './schemas.ts';
import { summarizeTarget, type Comparator, type Target } from './target.ts';

/** One version of a commitment, as a promise. */
export interface PromiseSide {
  /** The commitment text (the targets are located in it; kept for callers that show context). */
  readonly text: string;
  /** Its targets (extracted, or given by the seed). */
  readonly targets: readonly Target[];
  /** The deadline phrase (完成时间) as written. */
  readonly deadline: string;
  /** The due date parseDeadline read from it, or null. */
  readonly due: string | null;
  readonly ongoing: boolean;
}

/** All effect kinds, in a fixed order. */
export const EFFECT_KINDS = [
  'target-lowered',
  'target-raised',
  'target-added',
  'target-removed',
  'comparator-weakened',
  'comparator-strengthened',
  'deadline-postponed',
  'deadline-advanced',
  'deadline-dropped',
  'deadline-set',
] as const;
export type EffectKind = (typeof EFFECT_KINDS)[number];

/** The kinds that weaken a promise; the others do not. */
export const WEAKENING_KINDS: ReadonlySet<EffectKind> = new Set<EffectKind>([
  'target-lowered',
  'target-removed',
  'comparator-weakened',
  'deadline-postponed',
  'deadline-dropped',
]);

/** A deadline as an effect shows it: the phrase and the due date read from it. */
export type DeadlineSummary = z.infer<typeof DeadlineSummarySchema>;

/** One change of the promise (changes.json `effects`; the shape is EffectSchema). */
export type Effect = z.infer<typeof EffectSchema>;

function effect(kind: EffectKind, before: Effect['before'], after: Effect['after']): Effect {
  return { kind, weakens: WEAKENING_KINDS.has(kind), before, after };
}

/** Lower bounds (more is more ambitious), upper bounds (less is more ambitious). */
const LOWER_BOUNDS: ReadonlySet<Comparator> = new Set(['>', '>=']);
const UPPER_BOUNDS: ReadonlySet<Comparator> = new Set(['<', '<=']);

/**
 * Strength of a comparator along its bound: > (3) → >= (2) → = (1) → ~ (0) for lower bounds,
 * and the mirror < → <= → = → ~ for upper bounds. A move down the chain weakens.
 */
const STRENGTH: Readonly<Record<Comparator, number>> = { '>': 3, '>=': 2, '=': 1, '~': 0, '<': 3, '<=': 2 };

/** Indicators compared on their letters: width, spaces and punctuation do not matter. */
function normalizeIndicator(indicator: string): string {
  return indicator.normalize('NFKC').replace(/[\s\p{P}\p{S}]/gu, '');
}

/** Dice coefficient of the character bigrams of two indicators (characters when shorter than 2). */
function indicatorSimilarity(a: string, b: string): number {
  const grams = (s: string): string[] => {
    const chars = [...s];
    if (chars.length < 2) return chars;
    return chars.slice(1).map((c, i) => chars[i]! + c);
  };
  const ga = grams(a);
  const gb = grams(b);
  if (ga.length === 0 || gb.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const g of ga) counts.set(g, (counts.get(g) ?? 0) + 1);
  let shared = 0;
  for (const g of gb) {
    const n = counts.get(g) ?? 0;
    if (n > 0) {
      shared++;
      counts.set(g, n - 1);
    }
  }
  return (2 * shared) / (ga.length + gb.length);
}

/** Indicators at least this similar name the same measure (新增高新技术企业 / 高新技术企业新增: 0.86). */
const SIMILAR = 0.5;

/**
 * Pairs the targets of two versions, most certain first: (1) same unit and same indicator, in
 * order; (2) same unit and similar indicators, best match first; (3) same unit, value and
 * comparator (an unchanged target whose wording moved), in order; (4) same unit, in order,
 * between the after-targets of the nearest paired neighbours. Returns, per before-target, the
 * index of its after-target or -1.
 */
export function pairTargets(before: readonly Target[], after: readonly Target[]): number[] {
  const pairOf = before.map(() => -1);
  const taken = after.map(() => false);
  const indicatorsBefore = before.map((t) => normalizeIndicator(t.indicator));
  const indicatorsAfter = after.map((t) => normalizeIndicator(t.indicator));
  const inOrder = (fits: (i: number, j: number) => boolean): void => {
    before.forEach((_, i) => {
      if (pairOf[i]! >= 0) return;
      const j = after.findIndex((_, j) => !taken[j] && after[j]!.unit === before[i]!.unit && fits(i, j));
      if (j >= 0) {
        pairOf[i] = j;
        taken[j] = true;
      }
    });
  };

  inOrder((i, j) => indicatorsBefore[i] === indicatorsAfter[j]);

  const similar: Array<{ i: number; j: number; score: number }> = [];
  before.forEach((b, i) => {
    if (pairOf[i]! >= 0) return;
    after.forEach((a, j) => {
      if (taken[j] || a.unit !== b.unit) return;
      const score = indicatorSimilarity(indicatorsBefore[i]!, indicatorsAfter[j]!);
      if (score >= SIMILAR) similar.push({ i, j, score });
    });
  });
  similar.sort((x, y) => y.score - x.score || x.i - y.i || x.j - y.j);
  for (const { i, j } of similar) {
    if (pairOf[i]! >= 0 || taken[j]) continue;
    pairOf[i] = j;
    taken[j] = true;
  }

  inOrder((i, j) => after[j]!.value === before[i]!.value && after[j]!.comparator === before[i]!.comparator);
  // Last, by position alone — but only within the stretch between paired neighbours, so that a
  // deleted clause and a new one elsewhere stay a removal and an addition.
  inOrder((i, j) => {
    let low = -1;
    for (let k = i - 1; k >= 0 && low < 0; k--) low = pairOf[k]!;
    let high = after.length;
    for (let k = i + 1; k < before.length && high === after.length; k++) if (pairOf[k]! >= 0) high = pairOf[k]!;
    return j > low && j < high;
  });
  return pairOf;
}

/**
 * The effects of one pair. A direction flip (a lower bound become an upper bound or the
 * reverse: 5%以上 → 5%以内) is one comparator-weakened effect: the promised side is no longer
 * bounded, whatever the numbers. Otherwise the bound's direction decides what a value change
 * means (for >=, >, =, ~ a lower value is weaker; for <=, < a higher one), and a comparator
 * moving down its chain (> → >= → = → ~, or < → <= → = → ~) weakens. "Lowered"/"raised"
 * name the promise's ambition, so a cap raised from 3% to 4% is target-lowered.
 */
function diffPair(b: Target, a: Target): Effect[] {
  const before = summarizeTarget(b);
  const after = summarizeTarget(a);
  const flipped =
    (LOWER_BOUNDS.has(b.comparator) && UPPER_BOUNDS.has(a.comparator)) ||
    (UPPER_BOUNDS.has(b.comparator) && LOWER_BOUNDS.has(a.comparator));
  if (flipped) return [effect('comparator-weakened', before, after)];
  const upper = UPPER_BOUNDS.has(b.comparator) || UPPER_BOUNDS.has(a.comparator);
  const effects: Effect[] = [];
  if (a.value !== b.value) {
    const weaker = upper ? a.value > b.value : a.value < b.value;
    effects.push(effect(weaker ? 'target-lowered' : 'target-raised', before, after));
  }
  if (STRENGTH[a.comparator] !== STRENGTH[b.comparator]) {
    const weaker = STRENGTH[a.comparator] < STRENGTH[b.comparator];
    effects.push(effect(weaker ? 'comparator-weakened' : 'comparator-strengthened', before, after));
  }
  return effects;
}

function diffDeadline(before: PromiseSide, after: PromiseSide): Effect | null {
  const b: DeadlineSummary = { deadline: before.deadline, due: before.due };
  const a: DeadlineSummary = { deadline: after.deadline, due: after.due };
  if (before.due !== null && after.due !== null) {
    if (after.due > before.due) return effect('deadline-postponed', b, a);
    if (after.due < before.due) return effect('deadline-advanced', b, a);
    return null;
  }
  if (before.due !== null) return effect('deadline-dropped', b, a);
  if (after.due !== null) return effect('deadline-set', b, a);
  return null;
}

/**
 * The effects of going from `before` to `after`, in a fixed order: the before-version's
 * targets in text order (for a paired target its value effect, then its comparator effect; a
 * removed target where it stood), then the added targets in the after-version's text order,
 * then the deadline effect. Targets are paired by `pairTargets`; a reworded text with the same
 * targets has no effects.
 */
export function diffPromises(before: PromiseSide, after: PromiseSide): Effect[] {
  const pairOf = pairTargets(before.targets, after.targets);
  const effects: Effect[] = [];
  const paired = new Set<number>();
  before.targets.forEach((b, i) => {
    const j = pairOf[i]!;
    if (j < 0) {
      effects.push(effect('target-removed', summarizeTarget(b), null));
      return;
    }
    paired.add(j);
    effects.push(...diffPair(b, after.targets[j]!));
  });
  after.targets.forEach((a, j) => {
    if (!paired.has(j)) effects.push(effect('target-added', null, summarizeTarget(a)));
  });
  const deadline = diffDeadline(before, after);
  if (deadline) effects.push(deadline);
  return effects;
}

/** True when any effect weakens the promise. */
export function isWeakened(effects: readonly Effect[]): boolean {
  return effects.some((e) => e.weakens);
}
