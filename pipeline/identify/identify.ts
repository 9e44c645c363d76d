import type { City } from '../domain/cities.ts';
import { StringPool } from '../domain/intern.ts';
import { cityKey, compareRecords, type Dataset, type MatchKind } from '../domain/dataset.ts';
import type { CommitmentRecord } from '../schemas/release.ts';
import type { Seed } from '../schemas/seed.ts';
import { buildRecord } from './build-dataset.ts';
import { bigramsOf, similarPairs } from './similarity.ts';

/**
 * Minimum Dice similarity (character bigrams) for a reworded commitment to keep its id.
 * Measured on the 2023 seeds: distinct commitments score at most 0.60 against each other
 * (two cities' near-boilerplate party-building items), a few changed numbers or phrases
 * score above 0.9, and cutting a text in half scores about 0.65. 0.7 sits between.
 */
export const SIMILARITY_THRESHOLD = 0.7;

/** One city-year of validated seeds. */
export interface SeedInput {
  readonly city: City;
  readonly seed: Seed;
}

export interface Identified {
  /** Current records with ids, sorted by year, cityCode, seq. */
  readonly records: CommitmentRecord[];
  /** For each current id that existed before: how it was matched. */
  readonly matchedBy: ReadonlyMap<string, MatchKind>;
}

/** An id `<year>-<code>-NNN`: its `<year>-<code>` prefix and its number. */
const NUMBERED_ID = /^(\d{4}-\d{6})-(\d+)$/;

const bySeq = (a: { seq: number }, b: { seq: number }): number => a.seq - b.seq;

/**
 * Gives every seed commitment its id, carrying ids forward from the previous release:
 * an explicit seed id wins; otherwise a commitment of the same year and city with the
 * same text (exactly, then up to NFKC: full-width and half-width forms are the same text
 * for identity, while the record keeps the characters as written), then the most similar text above SIMILARITY_THRESHOLD (one-to-one, best
 * pairs first). The rest get fresh ids that no release ever used.
 */
export function identify(inputs: readonly SeedInput[], previous: Dataset | null): Identified {
  const identifier = new Identifier(inputs);
  const groups = new Map<string, CommitmentRecord[]>();
  for (const r of previous?.records ?? []) {
    const key = cityKey(r.year, r.cityCode);
    const g = groups.get(key);
    if (g) g.push(r);
    else groups.set(key, [r]);
  }
  for (const g of groups.values()) identifier.matchCityYear(g);
  return identifier.finish((previous?.withdrawn ?? []).map((w) => w.id));
}

/**
 * identify, one city-year of the previous release at a time, for a caller that streams
 * the previous release (ComparePrevious): give it each city-year's records once
 * (matchCityYear), then finish. Texts are matched only within a city-year and an explicit
 * id is known from the seeds up front, so the result is identify's whatever the order of
 * the city-years.
 */
export class Identifier {
  /** The current records, in seed order, built as the seeds are read (so the parsed seeds can go); '' is the id of one that has none yet. */
  private readonly records: CommitmentRecord[] = [];
  /** Records whose seed gives their id, by that id. */
  private readonly explicit = new Map<string, CommitmentRecord>();
  /** Records without an explicit id, by city-year, in seq order. */
  private readonly open = new Map<string, CommitmentRecord[]>();
  /** The largest number of any id `<year>-<code>-NNN` known so far (published, withdrawn or explicit), by `<year>-<code>`. */
  private readonly lastNumbers = new Map<string, number>();
  /** For each current id that existed before: how it was matched (filled as city-years come). */
  readonly matchedBy = new Map<string, MatchKind>();

  constructor(inputs: readonly SeedInput[]) {
    const pool = new StringPool();
    for (const { city, seed } of inputs) {
      for (const c of seed.commitments) {
        const record = buildRecord(c.id ?? '', seed.year, city, c, pool);
        this.records.push(record);
        if (c.id !== undefined) {
          this.explicit.set(c.id, record);
          this.know(c.id);
        } else {
          const key = cityKey(record.year, record.cityCode);
          const list = this.open.get(key);
          if (list) list.push(record);
          else this.open.set(key, [record]);
        }
      }
    }
    for (const list of this.open.values()) list.sort(bySeq);
  }

  /**
   * One city-year of the previous release (every record it has, once): carries their ids
   * forward. Gives, for each of these previous ids that a current record now has (the
   * city-year's own or one that names it explicitly), that current record.
   */
  matchCityYear(previous: readonly CommitmentRecord[]): Map<string, CommitmentRecord> {
    const carried = new Map<string, CommitmentRecord>();
    // 1. Explicit ids.
    for (const r of previous) {
      this.know(r.id);
      const named = this.explicit.get(r.id);
      if (named) {
        this.matchedBy.set(r.id, 'id');
        carried.set(r.id, named);
      }
    }
    const first = previous[0];
    const current = first ? this.open.get(cityKey(first.year, first.cityCode)) : undefined;
    if (!current) return carried;
    const open = previous.filter((r) => !carried.has(r.id)).sort(bySeq);
    if (open.length === 0) return carried;
    const take = (record: CommitmentRecord, match: CommitmentRecord, kind: MatchKind): void => {
      record.id = match.id;
      carried.set(match.id, record);
      this.matchedBy.set(match.id, kind);
    };
    // 2. Same text (in seq order when a text repeats).
    const byText = new Map<string, CommitmentRecord[]>();
    for (const r of open) {
      const list = byText.get(r.text);
      if (list) list.push(r);
      else byText.set(r.text, [r]);
    }
    for (const record of current) {
      if (record.id !== '') continue;
      const match = byText.get(record.text)?.find((r) => !carried.has(r.id));
      if (match) take(record, match, 'text');
    }
    // 2b. The same text up to Unicode compatibility forms (NFKC: full-width １０００ and ，
    // equal 1000 and ,). Only the few texts left unmatched above are normalised.
    const unmatched = current.filter((r) => r.id === '');
    if (unmatched.length > 0) {
      const byForm = new Map<string, CommitmentRecord[]>();
      for (const r of open) {
        if (carried.has(r.id)) continue;
        const form = r.text.normalize('NFKC');
        const list = byForm.get(form);
        if (list) list.push(r);
        else byForm.set(form, [r]);
      }
      for (const record of byForm.size > 0 ? unmatched : []) {
        const match = byForm.get(record.text.normalize('NFKC'))?.find((r) => !carried.has(r.id));
        if (match) take(record, match, 'text');
      }
    }
    // 3. Most similar text, best pairs first.
    const openCurrent = current.filter((r) => r.id === '');
    const openPrevious = open.filter((r) => !carried.has(r.id));
    if (openCurrent.length === 0 || openPrevious.length === 0) return carried;
    const pairs = similarPairs(openCurrent.map((r) => bigramsOf(r.text)), openPrevious.map((r) => bigramsOf(r.text)), SIMILARITY_THRESHOLD);
    pairs.sort((a, b) => {
      const ca = openCurrent[a.left]!;
      const cb = openCurrent[b.left]!;
      const pa = openPrevious[a.right]!;
      const pb = openPrevious[b.right]!;
      return b.score - a.score || Math.abs(ca.seq - pa.seq) - Math.abs(cb.seq - pb.seq) || ca.seq - cb.seq || pa.seq - pb.seq;
    });
    for (const pair of pairs) {
      const record = openCurrent[pair.left]!;
      const match = openPrevious[pair.right]!;
      if (record.id !== '' || carried.has(match.id)) continue;
      take(record, match, 'similarity');
    }
    return carried;
  }

  /**
   * Fresh ids for the records left (never used before: above every id known for their
   * city and year, `withdrawn` included), then every current record, sorted.
   */
  finish(withdrawn: Iterable<string>): Identified {
    for (const id of withdrawn) this.know(id);
    const fresh = this.records
      .filter((r) => r.id === '')
      .sort((a, b) => a.year - b.year || (a.cityCode < b.cityCode ? -1 : a.cityCode > b.cityCode ? 1 : 0) || bySeq(a, b));
    for (const record of fresh) {
      const prefix = `${record.year}-${record.cityCode}`;
      const n = (this.lastNumbers.get(prefix) ?? 0) + 1;
      this.lastNumbers.set(prefix, n);
      record.id = `${prefix}-${String(n).padStart(3, '0')}`; // above every known number: no id ever used
    }
    const records = [...this.records].sort(compareRecords);
    return { records, matchedBy: this.matchedBy };
  }

  /** Notes an id as used: a fresh id of its city and year must number above it. */
  private know(id: string): void {
    const m = NUMBERED_ID.exec(id);
    if (!m) return;
    const n = Number(m[2]);
    if (n > (this.lastNumbers.get(m[1]!) ?? 0)) this.lastNumbers.set(m[1]!, n);
  }
}
