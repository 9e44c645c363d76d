/**
 * The rules of the 指标 page's filters (targets.html, assets/targets.js): which rows a query
 * keeps and in which order. Plain code with no Node imports: the browser bundles it.
 */
import { normalizeForSearch, parseQueryTerms, type QueryOf } from './search-index.ts';

/** The URL parameters (and form fields) of the 指标 page, in the order the URL lists them. */
export const TARGET_PARAMS = ['q', 'city', 'year', 'unit', 'cmp', 'sort'] as const;
export type TargetQuery = QueryOf<typeof TARGET_PARAMS>;

/** What a row is filtered and sorted on (its data-* attributes). */
export interface TargetRowFacts {
  readonly order: number;
  readonly city: string;
  readonly year: string;
  readonly unit: string;
  readonly cmp: string;
  readonly value: number;
  /** The indicator, normalized (normalizeForSearch). */
  readonly indicator: string;
}

/** The unit filter's value for targets without a unit (an empty value means every unit). */
export const NO_UNIT = '-';

/** Whether a row matches: city, year, unit and comparator exactly, every term of q in the indicator. */
export function matchesTarget(row: TargetRowFacts, query: TargetQuery): boolean {
  return (
    (!query.city || row.city === query.city) &&
    (!query.year || row.year === query.year) &&
    (!query.unit || row.unit === (query.unit === NO_UNIT ? '' : query.unit)) &&
    (!query.cmp || row.cmp === query.cmp) &&
    parseQueryTerms(query.q).every((t) => row.indicator.includes(normalizeForSearch(t)))
  );
}

/** The rows in the order the query asks: by value (ties in page order), or as the page lists them. */
export function sortTargets<T extends TargetRowFacts>(rows: readonly T[], sort: string): T[] {
  const byOrder = (a: T, b: T): number => a.order - b.order;
  if (sort === 'value-asc') return [...rows].sort((a, b) => a.value - b.value || byOrder(a, b));
  if (sort === 'value-desc') return [...rows].sort((a, b) => b.value - a.value || byOrder(a, b));
  return [...rows].sort(byOrder);
}
