import { cityKey, compareCities, compareRecords, type Dataset, type MatchKind } from '../domain/dataset.ts';
import type { Change, ChangesFile, CityRecord, CommitmentRecord, DiffOp, FieldChange } from '../schemas/release.ts';
import { diffChars } from './char-diff.mjs';

/** The commitment fields compared, in the order they are listed in `fields`. */
export const RECORD_FIELDS = ['year', 'city', 'cityCode', 'citySlug', 'seq', 'text', 'deadline', 'due', 'ongoing', 'responsible'] as const;
/** The city fields compared (name, code and slug identify the city). */
const CITY_FIELDS = ['complete', 'contact', 'source'] as const;

export interface DatasetDiff {
  readonly summary: ChangesFile['summary'];
  /** Sorted by year and city; within a city, city-level changes first, then commitments by seq. */
  readonly changes: Change[];
}

function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => equal((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** How two strings are diffed character by character (diffChars, or a lookup of diffs made elsewhere). */
export type CharDiff = (before: string, after: string) => DiffOp[];

/** One field's change: a character diff for strings, who was added/removed for name lists. */
export function diffField(before: unknown, after: unknown, charDiff: CharDiff = diffChars): FieldChange {
  if (typeof before === 'string' && typeof after === 'string') return { before, after, diff: charDiff(before, after) };
  if (Array.isArray(before) && Array.isArray(after)) {
    const b = before.map(String);
    const a = after.map(String);
    return { before, after, added: a.filter((n) => !b.includes(n)), removed: b.filter((n) => !a.includes(n)) };
  }
  return { before, after };
}

function diffFields<T extends object>(before: T, after: T, names: readonly (keyof T & string)[], charDiff?: CharDiff): Record<string, FieldChange> | null {
  let fields: Record<string, FieldChange> | null = null;
  for (const name of names) {
    if (equal(before[name], after[name])) continue;
    fields ??= {};
    fields[name] = diffField(before[name], after[name], charDiff);
  }
  return fields;
}

interface Keyed {
  readonly year: number;
  readonly code: string;
  /** 0 for city-level changes, then 1 + seq. */
  readonly order: number;
  readonly change: Change;
}

/**
 * Compares two datasets: commitments by id (added, removed, modified field by field) and
 * cities by year and code (added, removed, contact/completeness/source changed).
 * `matchedBy` says how ids were carried forward; without it, a kept id counts as 'id'.
 */
/**
 * A commitment known (by the caller) to differ only in its seq: the diff lists it without
 * the two records, which then need not be parsed (see diffReleases).
 */
export interface Renumbered {
  readonly id: string;
  readonly year: number;
  readonly cityCode: string;
  readonly before: number;
  readonly after: number;
}

export function diffDatasets(
  before: Pick<Dataset, 'records' | 'cities'> | null,
  after: Pick<Dataset, 'records' | 'cities'>,
  matchedBy: ReadonlyMap<string, MatchKind> = new Map(),
  renumbered: readonly Renumbered[] = [],
  charDiff: CharDiff = diffChars,
): DatasetDiff {
  const keyed: Keyed[] = [];
  const summary = { added: 0, removed: 0, modified: 0 };
  for (const r of renumbered) {
    summary.modified++;
    const fields = { seq: { before: r.before, after: r.after } };
    keyed.push({ year: r.year, code: r.cityCode, order: 1 + r.after, change: { type: 'modified', scope: 'commitment', id: r.id, matchedBy: matchedBy.get(r.id) ?? 'id', fields } });
  }
  const beforeById = new Map((before?.records ?? []).map((r) => [r.id, r]));
  const afterIds = new Set<string>();

  for (const record of after.records) {
    afterIds.add(record.id);
    const old = beforeById.get(record.id);
    const at = { year: record.year, code: record.cityCode, order: 1 + record.seq };
    if (!old) {
      summary.added++;
      keyed.push({ ...at, change: { type: 'added', scope: 'commitment', id: record.id, after: record } });
      continue;
    }
    const fields = diffFields<CommitmentRecord>(old, record, RECORD_FIELDS, charDiff);
    if (!fields) continue;
    summary.modified++;
    keyed.push({ ...at, change: { type: 'modified', scope: 'commitment', id: record.id, matchedBy: matchedBy.get(record.id) ?? 'id', fields } });
  }
  for (const old of before?.records ?? []) {
    if (afterIds.has(old.id)) continue;
    summary.removed++;
    keyed.push({ year: old.year, code: old.cityCode, order: 1 + old.seq, change: { type: 'removed', scope: 'commitment', id: old.id, before: old } });
  }

  const beforeCities = new Map((before?.cities ?? []).map((c) => [cityKey(c.year, c.code), c]));
  const afterCities = new Set<string>();
  for (const city of after.cities) {
    const key = cityKey(city.year, city.code);
    afterCities.add(key);
    const old = beforeCities.get(key);
    const at = { year: city.year, code: city.code, order: 0 };
    if (!old) {
      keyed.push({ ...at, change: { type: 'added', scope: 'city', city: city.name, year: city.year, after: city } });
      continue;
    }
    const fields = diffFields<CityRecord>(old, city, CITY_FIELDS);
    if (fields) keyed.push({ ...at, change: { type: 'modified', scope: 'city', city: city.name, year: city.year, fields } });
  }
  for (const old of before?.cities ?? []) {
    if (afterCities.has(cityKey(old.year, old.code))) continue;
    keyed.push({ year: old.year, code: old.code, order: 0, change: { type: 'removed', scope: 'city', city: old.name, year: old.year, before: old } });
  }

  const typeOrder = { removed: 0, modified: 1, added: 2 } as const;
  keyed.sort(
    (a, b) =>
      a.year - b.year ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) ||
      a.order - b.order ||
      typeOrder[a.change.type] - typeOrder[b.change.type] ||
      ('id' in a.change && 'id' in b.change ? (a.change.id < b.change.id ? -1 : a.change.id > b.change.id ? 1 : 0) : 0),
  );
  return { summary, changes: keyed.map((k) => k.change) };
}

/** Whether a diff holds any change at all (commitment or city). */
export function isEmptyDiff(diff: DatasetDiff): boolean {
  return diff.changes.length === 0;
}

export { compareCities, compareRecords };
