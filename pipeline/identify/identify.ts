import type { City } from '../domain/cities.ts';
import { StringPool } from '../domain/intern.ts';
import { cityKey, compareRecords, type Dataset, type MatchKind } from '../domain/dataset.ts';
import type { CommitmentRecord } from '../schemas/release.ts';
import type { Seed, SeedCommitment } from '../schemas/seed.ts';
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

interface Item {
  readonly year: number;
  readonly city: City;
  readonly seq: number;
  readonly text: string;
  readonly explicitId: string | undefined;
  /** The seed commitment, which its record is built from. */
  readonly commitment: SeedCommitment;
  id?: string;
  /** Its record, once built (it needs the id). */
  record?: CommitmentRecord;
}

const bySeq = (a: { seq: number }, b: { seq: number }): number => a.seq - b.seq;

/** Next free numeric suffix for ids `<year>-<code>-NNN`, given every id known so far. */
function nextNumbers(known: Iterable<string>): Map<string, number> {
  const max = new Map<string, number>();
  for (const id of known) {
    const m = /^(\d{4}-\d{6})-(\d+)$/.exec(id);
    if (!m) continue;
    const n = Number(m[2]);
    if (n > (max.get(m[1]!) ?? 0)) max.set(m[1]!, n);
  }
  return max;
}

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
 * the previous release (release.ts): give it each city-year's records once
 * (matchCityYear), then finish. Ids are matched only within a city-year, so the result is
 * the same as identify's whatever the order of the city-years.
 */
export class Identifier {
  private readonly items: Item[] = [];
  /** Items with an explicit id, by that id. */
  private readonly explicit = new Map<string, Item>();
  /** Items without an explicit id, by city-year, in seq order. */
  private readonly open = new Map<string, Item[]>();
  /** Items that took a previous record's id in matchCityYear, by that id. */
  private readonly carried = new Map<string, Item>();
  /** Every id of the previous release seen so far. */
  private readonly previousIds = new Set<string>();
  /** For each current id that existed before: how it was matched (filled as city-years come). */
  readonly matchedBy = new Map<string, MatchKind>();
  private readonly pool = new StringPool();

  constructor(inputs: readonly SeedInput[]) {
    for (const { city, seed } of inputs) {
      for (const c of seed.commitments) {
        const item: Item = { year: seed.year, city, seq: c.seq, text: c.text, explicitId: c.id, commitment: c };
        this.items.push(item);
        if (c.id !== undefined) {
          item.id = c.id;
          this.explicit.set(c.id, item);
        } else {
          const key = cityKey(item.year, city.code);
          const list = this.open.get(key);
          if (list) list.push(item);
          else this.open.set(key, [item]);
        }
      }
    }
    for (const list of this.open.values()) list.sort(bySeq);
  }

  /** One city-year of the previous release (every record it has, once): carries their ids forward. */
  matchCityYear(previous: readonly CommitmentRecord[]): void {
    const usedPrevious = new Set<string>();
    // 1. Explicit ids.
    for (const r of previous) {
      this.previousIds.add(r.id);
      if (this.explicit.has(r.id)) {
        this.matchedBy.set(r.id, 'id');
        usedPrevious.add(r.id);
      }
    }
    const first = previous[0];
    const items = first ? this.open.get(cityKey(first.year, first.cityCode)) : undefined;
    if (!items) return;
    const open = previous.filter((r) => !usedPrevious.has(r.id)).sort(bySeq);
    if (open.length === 0) return;
    const take = (item: Item, match: CommitmentRecord, kind: MatchKind): void => {
      item.id = match.id;
      usedPrevious.add(match.id);
      this.carried.set(match.id, item);
      this.matchedBy.set(match.id, kind);
    };
    // 2. Same text (in seq order when a text repeats).
    const byText = new Map<string, CommitmentRecord[]>();
    for (const r of open) {
      const list = byText.get(r.text);
      if (list) list.push(r);
      else byText.set(r.text, [r]);
    }
    for (const item of items) {
      if (item.id !== undefined) continue;
      const match = byText.get(item.text)?.find((r) => !usedPrevious.has(r.id));
      if (match) take(item, match, 'text');
    }
    // 2b. The same text up to Unicode compatibility forms (NFKC: full-width １０００ and ，
    // equal 1000 and ,). Only the few texts left unmatched above are normalised.
    const unmatched = items.filter((i) => i.id === undefined);
    if (unmatched.length > 0) {
      const byForm = new Map<string, CommitmentRecord[]>();
      for (const r of open) {
        if (usedPrevious.has(r.id)) continue;
        const form = r.text.normalize('NFKC');
        const list = byForm.get(form);
        if (list) list.push(r);
        else byForm.set(form, [r]);
      }
      for (const item of byForm.size > 0 ? unmatched : []) {
        const match = byForm.get(item.text.normalize('NFKC'))?.find((r) => !usedPrevious.has(r.id));
        if (match) take(item, match, 'text');
      }
    }
    // 3. Most similar text, best pairs first.
    const openItems = items.filter((i) => i.id === undefined);
    const openPrevious = open.filter((r) => !usedPrevious.has(r.id));
    if (openItems.length === 0 || openPrevious.length === 0) return;
    const pairs = similarPairs(openItems.map((i) => bigramsOf(i.text)), openPrevious.map((r) => bigramsOf(r.text)), SIMILARITY_THRESHOLD);
    pairs.sort((a, b) => {
      const ia = openItems[a.left]!;
      const ib = openItems[b.left]!;
      const pa = openPrevious[a.right]!;
      const pb = openPrevious[b.right]!;
      return b.score - a.score || Math.abs(ia.seq - pa.seq) - Math.abs(ib.seq - pb.seq) || ia.seq - ib.seq || pa.seq - pb.seq;
    });
    for (const pair of pairs) {
      const item = openItems[pair.left]!;
      const match = openPrevious[pair.right]!;
      if (item.id !== undefined || usedPrevious.has(match.id)) continue;
      take(item, match, 'similarity');
    }
  }

  /**
   * The current record with a previous record's id, once that record's city-year was
   * matched; undefined when none has it (the previous record is withdrawn). Built once.
   */
  recordOf(previousId: string): CommitmentRecord | undefined {
    const item = this.explicit.get(previousId) ?? this.carried.get(previousId);
    return item ? this.recordOfItem(item) : undefined;
  }

  /**
   * Fresh ids for the items left (never used before: above every id known for their city
   * and year, `withdrawn` included), then every current record, sorted.
   */
  finish(withdrawn: Iterable<string>): Identified {
    const known = [...this.previousIds, ...withdrawn, ...this.explicit.keys()];
    const taken = new Set(known);
    const last = nextNumbers(known);
    const fresh = this.items
      .filter((i) => i.id === undefined)
      .sort((a, b) => a.year - b.year || (a.city.code < b.city.code ? -1 : a.city.code > b.city.code ? 1 : 0) || bySeq(a, b));
    for (const item of fresh) {
      const prefix = `${item.year}-${item.city.code}`;
      let n = last.get(prefix) ?? 0;
      let id: string;
      do {
        n++;
        id = `${prefix}-${String(n).padStart(3, '0')}`;
      } while (taken.has(id));
      last.set(prefix, n);
      taken.add(id);
      item.id = id;
    }
    const records = this.items.map((i) => this.recordOfItem(i));
    records.sort(compareRecords);
    return { records, matchedBy: this.matchedBy };
  }

  private recordOfItem(item: Item): CommitmentRecord {
    item.record ??= buildRecord(item.id!, item.year, item.city, item.commitment, this.pool);
    return item.record;
  }
}
