/** Formatting shared by the report and the targets: times, sizes, ratios, Markdown tables. */
import type { Measured, SizeResult } from './report.ts';

export const s = (ms: number): string => (Number.isFinite(ms) ? (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`) : '—');
export const mb = (v: number): string => (Number.isFinite(v) && v > 0 ? `${Math.round(v)} MB` : '—');
export const x = (v: number): string => (Number.isFinite(v) ? `${v >= 10 ? v.toFixed(0) : v.toFixed(2)}×` : '—');
export const pct = (v: number): string => `${(v * 100).toFixed(2)}%`;
export const label = (n: number): string => (n >= 1_000_000 ? `${n / 1_000_000}M` : n >= 1000 ? `${n / 1000}k` : String(n));

export function table(head: string[], rows: string[][]): string {
  const esc = (c: string): string => c.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`)].join('\n');
}

export const ok = (m: Measured): boolean => m.failure === undefined;
export const cell = (m: Measured, pick: (m: Measured) => string): string =>
  ok(m) ? pick(m) : `failed after ${s(m.wallMs)} wall, peak ${mb(m.peakMb)}: ${m.failure}`;
export const isSkipped = (d: SizeResult['daff']): d is { skipped: string } => 'skipped' in d;


/** The median of the finite values (NaN when there are none). */
export const median = (values: readonly number[]): number => {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length === 0 ? NaN : sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** A ratio with one decimal (17.4×), for lists of ratios near a target. */
export const x1 = (v: number): string => (Number.isFinite(v) ? `${v.toFixed(1)}×` : '—');

/**
 * How many times faster than daff our diff is: the median of the ratios of runs made in
 * turns when there are some, else the ratio of the two medians (older results).
 */
export function speedup(r: SizeResult): number {
  if (r.pairedRatios && r.pairedRatios.length > 0) return median(r.pairedRatios);
  return isSkipped(r.daff) ? NaN : r.daff.ms / r.diffById.ms;
}

/** A whole-release scenario, as the floor pairs it (first with the first floor, the others with the update floor). */
export type Scenario = 'first' | 'next' | 'nochange';

/**
 * A release scenario's time over the floor's: the median of its rounds' ratios (release and
 * floor run side by side) when there are some, else the ratio of the two medians (older results).
 */
export function floorRatio(r: SizeResult, scenario: Scenario): number {
  const paired = r.floorRatios?.[scenario];
  if (paired && paired.length > 0) return median(paired);
  const floor = scenario === 'first' ? r.floor.first : r.floor.update;
  return r.release[scenario].ms / floor.ms;
}

/** The rounds' ratios, listed for the report ("3.1×, 2.9×, 3.0×"), or '' for older results. */
export function floorRatioList(r: SizeResult, scenario: Scenario): string {
  const paired = r.floorRatios?.[scenario];
  return paired && paired.length > 0 ? paired.map((v) => x(v)).join(', ') : '';
}

