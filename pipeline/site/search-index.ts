import type { CommitmentRecord } from '../schemas/release.ts';
import { deadlineKindOf, type DeadlineKind } from './labels.ts';
import { el, type ViewNode } from './view-tree.ts';

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

/** The facets of the records: what the form's selects and name suggestions list (with `extraNames`: officials no longer listed). */
export function buildSearchFacets(records: readonly CommitmentRecord[], extraNames: Iterable<string> = []): SearchFacets {
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
  for (const n of extraNames) names.add(n);
  return {
    cities: [...cities.values()].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)),
    years: [...years].sort((a, b) => b - a),
    kinds: KIND_ORDER.filter((k) => kinds.has(k)).map((kind) => ({ kind, count: kinds.get(kind)! })),
    names: [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
  };
}

/**
 * How search text is compared, here and in the search page: NFKC (full-width digits and
 * letters match their ASCII forms) and lower case. Chinese has no spaces, so a query
 * matches any substring; spaces in a query separate terms that must all match.
 */
export function normalizeForSearch(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/** The terms of a query, normalized: every one must occur in a match. */
export function parseQueryTerms(query: string): string[] {
  return normalizeForSearch(query).split(/\s+/).filter(Boolean);
}

/** Whether every term of the query occurs in the text (the rule the search page applies). */
export function matchesQuery(text: string, query: string): boolean {
  const hay = normalizeForSearch(text);
  return parseQueryTerms(query).every((term) => hay.includes(term));
}

/** The URL parameters (and form fields) of a search, in the order the URL lists them. */
export const SEARCH_PARAMS = ['q', 'city', 'who', 'kind', 'year', 'status'] as const;

/** A page's filters as its form states them, one per URL parameter; '' for a field left empty. */
export type QueryOf<Params extends readonly string[]> = Readonly<Record<Params[number], string>>;

/** A search as the form states it. */
export type SearchQuery = QueryOf<typeof SEARCH_PARAMS>;

/** What a row of the search table is matched on, already normalized (normalizeForSearch). */
export interface SearchRowFacts {
  /** The row's whole text. */
  readonly hay: string;
  /** Its earlier texts ('' when none): a search covers every version. */
  readonly former: string;
  readonly names: readonly string[];
  readonly city: string;
  readonly kind: string;
  readonly year: string;
  /** current or withdrawn. */
  readonly status: string;
}

/** Whether any field of the query is set (otherwise every row is shown). */
export function isFiltered(query: SearchQuery): boolean {
  return SEARCH_PARAMS.some((p) => query[p] !== '');
}

/**
 * Whether a row matches: every text term in its text or an earlier text, the city,
 * deadline kind, year and status exactly, and a responsible official's name (present or
 * former) containing `who`.
 */
export function matchesRow(row: SearchRowFacts, query: SearchQuery): boolean {
  const who = normalizeForSearch(query.who);
  return (
    (!query.city || row.city === query.city) &&
    (!query.kind || row.kind === query.kind) &&
    (!query.year || row.year === query.year) &&
    (!query.status || row.status === query.status) &&
    (!who || row.names.some((n) => n.includes(who))) &&
    parseQueryTerms(query.q).every((t) => row.hay.includes(t) || row.former.includes(t))
  );
}

/** Whether a matching row matches only through an earlier text (some term is not in its text now). */
export function matchesFormerOnly(row: SearchRowFacts, query: SearchQuery): boolean {
  return parseQueryTerms(query.q).some((t) => !row.hay.includes(t));
}

/** The search page's status line: 找到 2 项（共 46 项，其中已撤回 1 项）, or 共 46 项（…） unfiltered. */
export function searchStatusLine(shown: number, total: number, withdrawn: number, filtered: boolean): string {
  const all = `共 ${total} 项${withdrawn > 0 ? `，其中已撤回 ${withdrawn} 项` : ''}`;
  return filtered ? `找到 ${shown} 项（${all}）` : withdrawn > 0 ? `共 ${total} 项（其中已撤回 ${withdrawn} 项）` : all;
}

/**
 * Where the terms occur in a normalized text, as [start, end) ranges in text order,
 * overlapping or touching ones merged: what the page marks.
 */
export function findMatchRanges(normText: string, terms: readonly string[]): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (const term of terms) {
    if (term === '') continue;
    for (let at = normText.indexOf(term); at !== -1; at = normText.indexOf(term, at + term.length)) ranges.push([at, at + term.length]);
  }
  ranges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: Array<[number, number]> = [];
  for (const [start, end] of ranges) {
    const last = merged[merged.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

/** A text with <mark> around the given ranges (from findMatchRanges), the rest as it is. */
export function markedTextView(text: string, ranges: ReadonlyArray<readonly [number, number]>): ViewNode {
  const out: ViewNode[] = [];
  let pos = 0;
  for (const [start, end] of ranges) {
    if (end <= pos) continue;
    const from = Math.max(start, pos);
    if (from > pos) out.push(text.slice(pos, from));
    out.push(el('mark', {}, text.slice(from, end)));
    pos = end;
  }
  if (pos < text.length) out.push(text.slice(pos));
  return out;
}
