/**
 * The synthetic dataset: N commitments over the 16 cities and as many years as needed
 * (about 20 per city and year, up to the 101 years 2000..2100 the schema allows, then more
 * per city-year), written as two seed trees in the canonical layout — version 1, and a
 * "next version" with ~2% small text edits, ~1% insertions mid-city and ~1% deletions, the
 * later commitments renumbered — plus the truth: which old commitment each new one is.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CITIES, type City } from '../pipeline/domain/cities.ts';
import { textSimilarity } from '../pipeline/identify/similarity.ts';
import type { Seed, SeedCommitment } from '../pipeline/schemas/seed.ts';
import { renderSeedFile } from '../pipeline/seeds/canonical.ts';
import { clausesOf, deadlinePhrase, INSERTS, makeText, personName, Rng } from './text.ts';

/** Fixed seed of the PRNG: every run generates the same data for the same N. */
export const GENERATOR_SEED = 20230601;
export const EDIT_RATE = 0.02;
export const INSERT_RATE = 0.01;
export const DELETE_RATE = 0.01;

/** What happened to one city-year between the two versions. */
export interface GroupTruth {
  readonly year: number;
  readonly slug: string;
  readonly oldCount: number;
  /** For new seq s (1-based), newToOld[s-1] is the old seq it came from, or 0 when inserted. */
  readonly newToOld: number[];
  /** New seqs whose text was edited. */
  readonly edited: number[];
  /** Old seqs that were deleted. */
  readonly deleted: number[];
}

export interface Truth {
  readonly records: number;
  readonly nextRecords: number;
  readonly years: number;
  readonly groups: GroupTruth[];
  /** Dice similarity (the pipeline's measure) of each edited text to its original, for the report. */
  readonly editSimilarity: { min: number; p01: number; median: number; count: number };
}

/** Years and commitments per city-year for N records. */
export function layoutOf(n: number): { years: number; counts: number[] } {
  const years = Math.min(101, Math.max(1, Math.ceil(n / (16 * 20))));
  const groups = years * CITIES.length;
  const counts = Array.from({ length: groups }, (_, g) => Math.floor(n / groups) + (g < n % groups ? 1 : 0));
  return { years, counts };
}

function editOnce(rng: Rng, text: string): string {
  const kind = rng.next();
  const numbers = [...text.matchAll(/\d+(?:\.\d+)?/g)];
  if (kind < 0.45 && numbers.length > 0) {
    // A number changed: 900 → 1000, 5.5 → 6.
    const m = rng.pick(numbers);
    let replacement = m[0];
    while (replacement === m[0]) replacement = String(Math.max(1, Math.round(Number(m[0]) * (0.5 + rng.next()) + rng.int(-3, 3))));
    return text.slice(0, m.index) + replacement + text.slice(m.index + m[0].length);
  }
  const commas = [...text.matchAll(/，/g)].map((m) => m.index);
  if (kind < 0.75 || commas.length < 3) {
    // A short phrase inserted at a clause boundary (or before the final full stop).
    const at = commas.length > 0 && rng.chance(0.7) ? rng.pick(commas) : text.length - 1;
    return text.slice(0, at) + rng.pick(INSERTS) + text.slice(at);
  }
  // A short clause removed (at most ~15% of the text).
  const bounds = [...commas, text.length - 1];
  const candidates: Array<[number, number]> = [];
  for (let k = 0; k + 1 < bounds.length; k++) {
    const [from, to] = [bounds[k]!, bounds[k + 1]!];
    if (to - from <= Math.max(6, text.length * 0.15)) candidates.push([from, to]);
  }
  if (candidates.length === 0) return `${text.slice(0, -1)}${rng.pick(INSERTS)}${text.slice(-1)}`;
  const [from, to] = rng.pick(candidates);
  return text.slice(0, from) + text.slice(to);
}

/** A small edit: one or two of (number changed, phrase inserted, clause removed). */
function editText(rng: Rng, text: string): string {
  let out = text;
  const times = rng.chance(0.3) ? 2 : 1;
  for (let k = 0; k < times || out === text; k++) out = editOnce(rng, out);
  return out;
}

async function realTexts(root: string): Promise<string[]> {
  const texts: string[] = [];
  for (const slug of ['jinan', 'qingdao', 'zibo']) {
    try {
      const seed = JSON.parse(await readFile(path.join(root, 'seeds', '2023', `${slug}.json`), 'utf8')) as { commitments: Array<{ text: string }> };
      texts.push(...seed.commitments.map((c) => c.text));
    } catch {
      // Without the real seeds, templates alone still give a usable mix.
    }
  }
  return texts;
}

function seedOf(city: City, year: number, contact: { name: string; phone: string }, commitments: SeedCommitment[]): Seed {
  return {
    year,
    city: city.name,
    complete: true,
    contact,
    source: {
      title: `${year}年16市重点工作任务公开承诺事项`,
      publisher: '大众日报',
      intro: `为有效发挥政务公开在促落实、助监督、强监管、防风险等方面的重要作用，现将“${year}年16市重点工作任务公开承诺事项”予以公布，欢迎社会各界监督。`,
    },
    commitments,
  };
}

async function writeSeed(dir: string, year: number, city: City, seed: Seed): Promise<void> {
  await writeFile(path.join(dir, String(year), `${city.slug}.json`), renderSeedFile(seed));
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/**
 * Writes `<out>/seeds-v1`, `<out>/seeds-v2` and `<out>/truth.json` for N records.
 * One city-year at a time, so memory stays flat whatever N is.
 */
export async function generateDataset(n: number, out: string): Promise<Truth> {
  const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const clauses = clausesOf(await realTexts(repoRoot));
  const rng = new Rng(GENERATOR_SEED);
  const { years, counts } = layoutOf(n);
  const groups: GroupTruth[] = [];
  const sims: number[] = [];
  let nextRecords = 0;
  for (const v of ['seeds-v1', 'seeds-v2']) {
    for (let y = 0; y < years; y++) await mkdir(path.join(out, v, String(2000 + y)), { recursive: true });
  }
  let g = 0;
  for (let y = 0; y < years; y++) {
    const year = 2000 + y;
    for (const city of CITIES) {
      const count = counts[g++]!;
      const roster = Array.from({ length: 12 }, () => personName(rng));
      const contact = { name: personName(rng), phone: `${city.areaCode}-${rng.int(1000000, 9999999)}` };
      const seen = new Set<string>();
      const fresh = (): string => {
        let t = makeText(rng, clauses);
        while (seen.has(t)) t = makeText(rng, clauses);
        seen.add(t);
        return t;
      };
      const commitment = (seq: number, text: string): SeedCommitment => ({
        seq,
        text,
        deadline: deadlinePhrase(rng),
        responsible: [...new Set(Array.from({ length: rng.int(1, 5) }, () => rng.pick(roster)))],
      });
      const v1 = Array.from({ length: count }, (_, k) => commitment(k + 1, fresh()));
      await writeSeed(path.join(out, 'seeds-v1'), year, city, seedOf(city, year, contact, v1));

      // The next version: delete, edit, insert; then renumber 1..n.
      const v2: SeedCommitment[] = [];
      const newToOld: number[] = [];
      const edited: number[] = [];
      const deleted: number[] = [];
      for (const old of v1) {
        if (rng.chance(INSERT_RATE)) {
          v2.push(commitment(0, fresh()));
          newToOld.push(0);
        }
        const r = rng.next();
        if (r < DELETE_RATE) {
          deleted.push(old.seq);
          continue;
        }
        if (r < DELETE_RATE + EDIT_RATE) {
          let text = editText(rng, old.text);
          while (seen.has(text)) text = editText(rng, text);
          seen.add(text);
          sims.push(textSimilarity(old.text, text));
          v2.push({ ...old, text });
          edited.push(v2.length);
        } else v2.push({ ...old });
        newToOld.push(old.seq);
      }
      v2.forEach((c, k) => {
        c.seq = k + 1;
      });
      nextRecords += v2.length;
      await writeSeed(path.join(out, 'seeds-v2'), year, city, seedOf(city, year, contact, v2));
      groups.push({ year, slug: city.slug, oldCount: count, newToOld, edited, deleted });
    }
  }
  sims.sort((a, b) => a - b);
  const truth: Truth = {
    records: n,
    nextRecords,
    years,
    groups,
    editSimilarity: { min: sims[0] ?? NaN, p01: quantile(sims, 0.01), median: quantile(sims, 0.5), count: sims.length },
  };
  await writeFile(path.join(out, 'truth.json'), JSON.stringify(truth));
  return truth;
}
