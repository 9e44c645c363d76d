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

const REMOVED = 0;
const MODIFIED = 1;
const ADDED = 2;

/**
 * A change in a diff's order: a Change, or (a number) the index of a commitment in a
 * LineChanges, which is made a Change only when needed (see lineChange).
 */
export type Entry = Change | number;

/**
 * The changes found so far and what they sort by (parallel arrays: no object per change):
 * year, city code, then order (0 for city-level changes, then 1 + seq) times 4 plus the
 * type's rank (removed, modified, added), then id.
 */
class Collected {
  readonly entries: Entry[] = [];
  readonly years: number[] = [];
  readonly codes: string[] = [];
  readonly orders: number[] = [];
  readonly ids: string[] = [];

  add(year: number, code: string, order: number, type: number, id: string, entry: Entry): void {
    this.entries.push(entry);
    this.years.push(year);
    this.codes.push(code);
    this.orders.push(order * 4 + type);
    this.ids.push(id);
  }

  /** The entries in order: the codes are ranked once, so each comparison is on numbers. */
  sorted(): Entry[] {
    const { entries, years, codes, orders, ids } = this;
    const distinct = [...new Set(codes)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const rank = new Map(distinct.map((code, i) => [code, i]));
    const group = new Float64Array(entries.length);
    // A plain array: its sort (TimSort) is fast on the sorted runs the callers add.
    const index = new Array<number>(entries.length);
    for (let i = 0; i < entries.length; i++) {
      group[i] = years[i]! * distinct.length + rank.get(codes[i]!)!;
      index[i] = i;
    }
    index.sort((a, b) => {
      if (group[a] !== group[b]) return group[a]! - group[b]!;
      if (orders[a] !== orders[b]) return orders[a]! - orders[b]!;
      const p = ids[a]!;
      const q = ids[b]!;
      return p < q ? -1 : p > q ? 1 : 0;
    });
    const out = new Array<Entry>(entries.length);
    for (let i = 0; i < index.length; i++) out[i] = entries[index[i]!]!;
    return out;
  }
}

/**
 * Commitments whose change the caller read from their bytes (see diffReleases): their seq
 * and/or their text changed, nothing else, so the two records need not be parsed. Kept as
 * columns, so a renumbering costs no object until (and unless) a Change is asked for.
 */
export class LineChanges {
  readonly ids: string[] = [];
  readonly years: number[] = [];
  readonly codes: string[] = [];
  /** The seq in the later version. */
  readonly seqs: number[] = [];
  /** The seq in the earlier version, or -1 when it did not change. */
  readonly seqsBefore: number[] = [];
  /** The text before and after, or null when it did not change. */
  readonly texts: (readonly [before: string, after: string] | null)[] = [];

  get length(): number {
    return this.ids.length;
  }

  add(id: string, year: number, code: string, seq: number, seqBefore: number, text: readonly [string, string] | null): void {
    this.ids.push(id);
    this.years.push(year);
    this.codes.push(code);
    this.seqs.push(seq);
    this.seqsBefore.push(seqBefore);
    this.texts.push(text);
  }
}

const NO_LINE_CHANGES = new LineChanges();

/** Line change `i` as a Change (its fields in RECORD_FIELDS order, as diffFields lists them). */
export function lineChange(lines: LineChanges, i: number, matchedBy: ReadonlyMap<string, MatchKind>, charDiff: CharDiff = diffChars): Change {
  const fields: Record<string, FieldChange> = {};
  const seqBefore = lines.seqsBefore[i]!;
  if (seqBefore !== -1) fields.seq = { before: seqBefore, after: lines.seqs[i]! };
  const text = lines.texts[i];
  if (text) fields.text = diffField(text[0], text[1], charDiff);
  const id = lines.ids[i]!;
  return { type: 'modified', scope: 'commitment', id, matchedBy: matchedBy.get(id) ?? 'id', fields };
}

/** A diff whose line changes are left as indices into `lines` (see Entry). */
export interface DiffEntries {
  readonly summary: ChangesFile['summary'];
  /** In the order of DatasetDiff.changes. */
  readonly entries: Entry[];
  readonly lines: LineChanges;
}

/**
 * Compares two datasets: commitments by id (added, removed, modified field by field) and
 * cities by year and code (added, removed, contact/completeness/source changed).
 * `matchedBy` says how ids were carried forward; without it, a kept id counts as 'id'.
 */
export function diffDatasets(
  before: Pick<Dataset, 'records' | 'cities'> | null,
  after: Pick<Dataset, 'records' | 'cities'>,
  matchedBy: ReadonlyMap<string, MatchKind> = new Map(),
  lines: LineChanges = NO_LINE_CHANGES,
  charDiff: CharDiff = diffChars,
): DatasetDiff {
  const entries = diffEntries(before, after, matchedBy, lines, charDiff);
  return { summary: entries.summary, changes: changesOf(entries, matchedBy, charDiff) };
}

/** The changes of a diff's entries, each line change made a Change. */
export function changesOf(diff: DiffEntries, matchedBy: ReadonlyMap<string, MatchKind>, charDiff: CharDiff = diffChars): Change[] {
  return diff.entries.map((e) => (typeof e === 'number' ? lineChange(diff.lines, e, matchedBy, charDiff) : e));
}

/** diffDatasets, with the line changes left as indices (see Entry). */
export function diffEntries(
  before: Pick<Dataset, 'records' | 'cities'> | null,
  after: Pick<Dataset, 'records' | 'cities'>,
  matchedBy: ReadonlyMap<string, MatchKind>,
  lines: LineChanges,
  charDiff: CharDiff,
): DiffEntries {
  const found = new Collected();
  const summary = { added: 0, removed: 0, modified: lines.length };
  for (let i = 0; i < lines.length; i++) found.add(lines.years[i]!, lines.codes[i]!, 1 + lines.seqs[i]!, MODIFIED, lines.ids[i]!, i);
  const beforeById = new Map((before?.records ?? []).map((r) => [r.id, r]));
  const afterIds = new Set<string>();

  for (const record of after.records) {
    afterIds.add(record.id);
    const old = beforeById.get(record.id);
    if (!old) {
      summary.added++;
      found.add(record.year, record.cityCode, 1 + record.seq, ADDED, record.id, { type: 'added', scope: 'commitment', id: record.id, after: record });
      continue;
    }
    const fields = diffFields<CommitmentRecord>(old, record, RECORD_FIELDS, charDiff);
    if (!fields) continue;
    summary.modified++;
    const change: Change = { type: 'modified', scope: 'commitment', id: record.id, matchedBy: matchedBy.get(record.id) ?? 'id', fields };
    found.add(record.year, record.cityCode, 1 + record.seq, MODIFIED, record.id, change);
  }
  for (const old of before?.records ?? []) {
    if (afterIds.has(old.id)) continue;
    summary.removed++;
    found.add(old.year, old.cityCode, 1 + old.seq, REMOVED, old.id, { type: 'removed', scope: 'commitment', id: old.id, before: old });
  }

  const beforeCities = new Map((before?.cities ?? []).map((c) => [cityKey(c.year, c.code), c]));
  const afterCities = new Set<string>();
  for (const city of after.cities) {
    const key = cityKey(city.year, city.code);
    afterCities.add(key);
    const old = beforeCities.get(key);
    if (!old) {
      found.add(city.year, city.code, 0, ADDED, '', { type: 'added', scope: 'city', city: city.name, year: city.year, after: city });
      continue;
    }
    const fields = diffFields<CityRecord>(old, city, CITY_FIELDS);
    if (fields) found.add(city.year, city.code, 0, MODIFIED, '', { type: 'modified', scope: 'city', city: city.name, year: city.year, fields });
  }
  for (const old of before?.cities ?? []) {
    if (afterCities.has(cityKey(old.year, old.code))) continue;
    found.add(old.year, old.code, 0, REMOVED, '', { type: 'removed', scope: 'city', city: old.name, year: old.year, before: old });
  }

  return { summary, entries: found.sorted(), lines };
}

/** Whether a diff holds any change at all (commitment or city). */
export function isEmptyDiff(diff: DatasetDiff): boolean {
  return diff.changes.length === 0;
}

export { compareCities, compareRecords };
