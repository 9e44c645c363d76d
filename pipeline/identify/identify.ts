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
  const items: Item[] = [];
  for (const { city, seed } of inputs) {
    for (const c of seed.commitments) {
      items.push({ year: seed.year, city, seq: c.seq, text: c.text, explicitId: c.id, commitment: c });
    }
  }
  const previousById = new Map((previous?.records ?? []).map((r) => [r.id, r]));
  const matchedBy = new Map<string, MatchKind>();
  const usedPrevious = new Set<string>();

  // 1. Explicit ids.
  for (const item of items) {
    if (item.explicitId === undefined) continue;
    item.id = item.explicitId;
    if (previousById.has(item.id)) {
      matchedBy.set(item.id, 'id');
      usedPrevious.add(item.id);
    }
  }

  // Remaining items and previous records, by city and year.
  const groups = new Map<string, { items: Item[]; previous: CommitmentRecord[] }>();
  const group = (key: string): { items: Item[]; previous: CommitmentRecord[] } => {
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { items: [], previous: [] }));
    return g;
  };
  for (const item of items) if (item.id === undefined) group(cityKey(item.year, item.city.code)).items.push(item);
  for (const r of previous?.records ?? []) if (!usedPrevious.has(r.id)) group(cityKey(r.year, r.cityCode)).previous.push(r);

  for (const g of groups.values()) {
    if (g.items.length === 0 || g.previous.length === 0) continue;
    g.items.sort(bySeq);
    g.previous.sort(bySeq);
    // 2. Same text (in seq order when a text repeats).
    const byText = new Map<string, CommitmentRecord[]>();
    for (const r of g.previous) {
      const list = byText.get(r.text);
      if (list) list.push(r);
      else byText.set(r.text, [r]);
    }
    for (const item of g.items) {
      const match = byText.get(item.text)?.find((r) => !usedPrevious.has(r.id));
      if (!match) continue;
      item.id = match.id;
      usedPrevious.add(match.id);
      matchedBy.set(match.id, 'text');
    }
    // 2b. The same text up to Unicode compatibility forms (NFKC: full-width １０００ and ，
    // equal 1000 and ,). Only the few texts left unmatched above are normalised.
    const unmatched = g.items.filter((i) => i.id === undefined);
    if (unmatched.length > 0) {
      const byForm = new Map<string, CommitmentRecord[]>();
      for (const r of g.previous) {
        if (usedPrevious.has(r.id)) continue;
        const form = r.text.normalize('NFKC');
        const list = byForm.get(form);
        if (list) list.push(r);
        else byForm.set(form, [r]);
      }
      for (const item of byForm.size > 0 ? unmatched : []) {
        const match = byForm.get(item.text.normalize('NFKC'))?.find((r) => !usedPrevious.has(r.id));
        if (!match) continue;
        item.id = match.id;
        usedPrevious.add(match.id);
        matchedBy.set(match.id, 'text');
      }
    }
    // 3. Most similar text, best pairs first.
    const openItems = g.items.filter((i) => i.id === undefined);
    const openPrevious = g.previous.filter((r) => !usedPrevious.has(r.id));
    if (openItems.length === 0 || openPrevious.length === 0) continue;
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
      item.id = match.id;
      usedPrevious.add(match.id);
      matchedBy.set(match.id, 'similarity');
    }
  }

  // 4. Fresh ids, never used before: above every id known for that city and year.
  const known = [
    ...(previous?.records ?? []).map((r) => r.id),
    ...(previous?.withdrawn ?? []).map((w) => w.id),
    ...items.flatMap((i) => (i.explicitId !== undefined ? [i.explicitId] : [])),
  ];
  const taken = new Set(known);
  const last = nextNumbers(known);
  const fresh = items.filter((i) => i.id === undefined).sort((a, b) => a.year - b.year || (a.city.code < b.city.code ? -1 : a.city.code > b.city.code ? 1 : 0) || bySeq(a, b));
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

  const pool = new StringPool();
  const records = items.map((i) => buildRecord(i.id!, i.year, i.city, i.commitment, pool));
  records.sort(compareRecords);
  return { records, matchedBy };
}
