import { cityKey, type Dataset, type MatchKind } from '../domain/dataset.ts';
import type { Change, ChangesFile, CityRecord, CommitmentRecord, FieldChange } from '../schemas/release.ts';
import { CITY_DIFF_FIELDS, COMMITMENT_FIELDS, fieldSpec, type ValueKind } from '../schemas/fields.ts';
import { diffPromises, isWeakened, type PromiseSide } from '../promises/effects.ts';
import { extractTargets } from '../promises/extract-targets.ts';
import { diffChars } from './char-diff.ts';

/** The commitment fields compared (every one but the id, which pairs them), in the order `fields` lists them. */
const RECORD_DIFF_FIELDS = COMMITMENT_FIELDS.filter((f) => f.key !== 'id').map((f) => f.key);

/** The diff of two datasets: what changes.json lists (docs/data-contract.md, "changes.json"). */
export interface DatasetDiff {
  readonly summary: Required<ChangesFile['summary']>;
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

/** One field's change: who was added/removed for names, a character diff of strings (dates included), else before → after. */
function diffField(kind: ValueKind | undefined, before: unknown, after: unknown): FieldChange {
  if (kind === 'names' && Array.isArray(before) && Array.isArray(after)) {
    const b = before.map(String);
    const a = after.map(String);
    return { before, after, added: a.filter((n) => !b.includes(n)), removed: b.filter((n) => !a.includes(n)) };
  }
  if (typeof before === 'string' && typeof after === 'string') return { before, after, diff: diffChars(before, after) };
  return { before, after };
}

/** The fields whose values differ, in `names` order; null when none does. */
function diffFields<T extends object>(before: T, after: T, names: readonly (keyof T & string)[]): Record<string, FieldChange> | null {
  let fields: Record<string, FieldChange> | null = null;
  for (const name of names) {
    const spec = fieldSpec(name);
    // A record from a release made before a field existed means the field's `absent` value.
    const b = before[name] === undefined ? spec?.absent : before[name];
    const a = after[name] === undefined ? spec?.absent : after[name];
    if (equal(b, a)) continue;
    fields ??= {};
    fields[name] = diffField(spec?.kind, b, a);
  }
  return fields;
}

/** A record as a promise; a record from a release made before targets were published has them read from its text. */
function promiseOf(r: CommitmentRecord): PromiseSide {
  return { text: r.text, targets: r.targets ?? extractTargets(r.text), deadline: r.deadline, due: r.due, ongoing: r.ongoing };
}

/** Rank of a change's type within one position: withdrawn, then modified, then added. */
const TYPE_RANK = { removed: 0, modified: 1, added: 2 } as const;

/** A change with what it sorts by: year, city code, position (0 for the city, 1 + seq), type, id. */
interface Sorted {
  readonly year: number;
  readonly code: string;
  readonly order: number;
  readonly id: string;
  readonly change: Change;
}

function compareSorted(a: Sorted, b: Sorted): number {
  return (
    a.year - b.year ||
    (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) ||
    a.order - b.order ||
    TYPE_RANK[a.change.type] - TYPE_RANK[b.change.type] ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/**
 * Compares two datasets: commitments by id (added, removed, modified field by field) and
 * cities by year and code (added, removed, contact/completeness/source changed).
 * `matchedBy` says how ids were carried forward; without it, a kept id counts as 'id'.
 * The one diff: releases, `diff` and `diff --from --to` all go through it (a release
 * through DiffBuilder, as it streams the previous release).
 */
export function diffDatasets(
  before: Pick<Dataset, 'records' | 'cities'> | null,
  after: Pick<Dataset, 'records' | 'cities'>,
  matchedBy: ReadonlyMap<string, MatchKind> = new Map(),
): DatasetDiff {
  const diff = new ByIdDiff(after, matchedBy);
  for (const old of before?.records ?? []) diff.before(old);
  return diff.finish(before?.cities ?? []);
}

/**
 * Two datasets paired by id, the older side given a record at a time (as it is read), then
 * finished with the rest of the newer side: diffDatasets, and `diff --from` over a release
 * streamed city-year by city-year (release.ts, diffFromRelease).
 */
export class ByIdDiff {
  private readonly builder: DiffBuilder;
  private readonly afterById: Map<string, CommitmentRecord>;
  private readonly beforeIds = new Set<string>();

  constructor(
    private readonly after: Pick<Dataset, 'records' | 'cities'>,
    matchedBy: ReadonlyMap<string, MatchKind>,
  ) {
    this.builder = new DiffBuilder(matchedBy);
    this.afterById = new Map(after.records.map((r) => [r.id, r]));
  }

  before(old: CommitmentRecord): void {
    this.beforeIds.add(old.id);
    this.builder.compare(old, this.afterById.get(old.id));
  }

  finish(beforeCities: readonly CityRecord[]): DatasetDiff {
    for (const record of this.after.records) if (!this.beforeIds.has(record.id)) this.builder.added(record);
    this.builder.cities(beforeCities, this.after.cities);
    return this.builder.finish();
  }
}

/**
 * diffDatasets taken in pieces, for a caller that has the previous records a few at a time:
 * each previous record once with the current record of its id (compare), each current
 * record with a new id (added), the cities, then finish. The changes come out sorted
 * whatever the order they were found in.
 */
export class DiffBuilder {
  private readonly found: Sorted[] = [];
  private readonly summary = { added: 0, removed: 0, modified: 0, renumbered: 0, weakened: 0 };

  /** `matchedBy` is read when a record is compared: it may fill up as the records come. */
  constructor(private readonly matchedBy: ReadonlyMap<string, MatchKind> = new Map()) {}

  /** A previously published record, and the current record with its id (undefined: it is withdrawn). */
  compare(old: CommitmentRecord, record: CommitmentRecord | undefined): void {
    if (!record) {
      this.summary.removed++;
      this.commitment(old, { type: 'removed', scope: 'commitment', id: old.id, before: old });
      return;
    }
    const fields = diffFields<CommitmentRecord>(old, record, RECORD_DIFF_FIELDS);
    if (!fields) return;
    // The promise changes only with its words or its deadline (new targets read from the
    // same text are the machine reading better, not a weaker promise).
    const effects = fields.text || fields.deadline ? diffPromises(promiseOf(old), promiseOf(record)) : [];
    const weakened = isWeakened(effects);
    this.summary.modified++;
    if (isRenumbering(fields)) this.summary.renumbered++;
    if (weakened) this.summary.weakened++;
    this.commitment(record, { type: 'modified', scope: 'commitment', id: record.id, matchedBy: this.matchedBy.get(record.id) ?? 'id', fields, effects, weakened });
  }

  /** A current record whose id no previous record has. */
  added(record: CommitmentRecord): void {
    this.summary.added++;
    this.commitment(record, { type: 'added', scope: 'commitment', id: record.id, after: record });
  }

  /** The cities of both sides, matched by year and code. */
  cities(before: readonly CityRecord[], after: readonly CityRecord[]): void {
    const city = (c: CityRecord, change: Change): void => {
      this.found.push({ year: c.year, code: c.code, order: 0, id: '', change });
    };
    const beforeCities = new Map(before.map((c) => [cityKey(c.year, c.code), c]));
    const afterCities = new Set<string>();
    for (const c of after) {
      const key = cityKey(c.year, c.code);
      afterCities.add(key);
      const old = beforeCities.get(key);
      if (!old) {
        city(c, { type: 'added', scope: 'city', city: c.name, year: c.year, after: c });
        continue;
      }
      const fields = diffFields<CityRecord>(old, c, CITY_DIFF_FIELDS);
      if (fields) city(c, { type: 'modified', scope: 'city', city: c.name, year: c.year, fields });
    }
    for (const old of before) {
      if (!afterCities.has(cityKey(old.year, old.code))) city(old, { type: 'removed', scope: 'city', city: old.name, year: old.year, before: old });
    }
  }

  /** The diff of everything given. */
  finish(): DatasetDiff {
    return { summary: { ...this.summary }, changes: this.found.sort(compareSorted).map((s) => s.change) };
  }

  private commitment(r: CommitmentRecord, change: Change): void {
    this.found.push({ year: r.year, code: r.cityCode, order: 1 + r.seq, id: r.id, change });
  }
}

/** Whether a modification only moved the commitment to another number (its only changed field is seq). */
export function isRenumbering(fields: Readonly<Record<string, FieldChange>>): boolean {
  const names = Object.keys(fields);
  return names.length === 1 && names[0] === 'seq';
}

/** Whether a diff holds any change at all (commitment or city). */
export function isEmptyDiff(diff: DatasetDiff): boolean {
  return diff.changes.length === 0;
}
