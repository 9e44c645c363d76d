import type { CommitmentRecord } from '../schemas/release.ts';
import { deadlineKindOf, type DeadlineKind } from './labels.ts';

/** The choices the search form offers, taken from the records it filters. */
export interface SearchFacets {
  /** Cities with commitments, by code. */
  readonly cities: ReadonlyArray<{ code: string; name: string; count: number }>;
  /** Years, newest first. */
  readonly years: readonly number[];
  /** Deadline kinds present, in a fixed order. */
  readonly kinds: ReadonlyArray<{ kind: DeadlineKind; count: number }>;
  /** Every responsible official's name once, in code-point order (no locale collation: output is deterministic). */
  readonly names: readonly string[];
}

const KIND_ORDER: readonly DeadlineKind[] = ['ongoing', 'ongoing-due', 'due', 'other'];

/** The facets of the records: what the form's selects and name suggestions list. */
export function buildSearchFacets(records: readonly CommitmentRecord[]): SearchFacets {
  const cities = new Map<string, { code: string; name: string; count: number }>();
  const kinds = new Map<DeadlineKind, number>();
  const names = new Set<string>();
  const years = new Set<number>();
  for (const r of records) {
    const c = cities.get(r.cityCode) ?? { code: r.cityCode, name: r.city, count: 0 };
    c.count++;
    cities.set(r.cityCode, c);
    const kind = deadlineKindOf(r);
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    for (const n of r.responsible) names.add(n);
    years.add(r.year);
  }
  return {
    cities: [...cities.values()].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)),
    years: [...years].sort((a, b) => b - a),
    kinds: KIND_ORDER.filter((k) => kinds.has(k)).map((kind) => ({ kind, count: kinds.get(kind)! })),
    names: [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
  };
}

/**
 * How search text is compared, here and in search.js: NFKC (full-width digits and letters
 * match their ASCII forms) and lower case. Chinese has no spaces, so a query matches any
 * substring; spaces in a query separate terms that must all match.
 */
export function normalizeForSearch(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/** Whether every term of the query occurs in the text (the rule search.js applies in the page). */
export function matchesQuery(text: string, query: string): boolean {
  const hay = normalizeForSearch(text);
  return normalizeForSearch(query)
    .split(/\s+/)
    .filter(Boolean)
    .every((term) => hay.includes(term));
}
