/**
 * Property 5: identify does not depend on the order of its inputs. Shuffling the seed
 * inputs (city-years, as files would be read in another order) and the commitments inside each
 * seed (a seed file may list them in any order: renderSeedFile sorts by seq) gives the same ids,
 * the same matchedBy and the same diff (docs/data-contract.md "Promises": deterministic).
 *
 * The seeds here are deliberately ambiguous: texts repeat within a city, exactly or with one
 * character changed, and the next version drops, edits and duplicates commitments, so that
 * several old texts compete for one new one and ties have to be broken by something other than
 * the input order.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../pipeline/domain/dataset.ts';
import { diffDatasets } from '../../pipeline/diff/diff-datasets.ts';
import { buildCities, buildDataset } from '../../pipeline/identify/build-dataset.ts';
import { ComparePrevious } from '../../pipeline/identify/compare-previous.ts';
import { identify, type SeedInput } from '../../pipeline/identify/identify.ts';
import { cityKey } from '../../pipeline/domain/dataset.ts';
import type { CommitmentRecord } from '../../pipeline/schemas/release.ts';
import type { SeedCommitment } from '../../pipeline/schemas/seed.ts';
import { FC_SEED, runs, HAN, seedInputsArb, shuffle } from '../support/property/arbitraries.ts';

type Change = { kind: 'keep' } | { kind: 'drop' } | { kind: 'copy' } | { kind: 'width' } | { kind: 'char'; at: number; ch: string };
const changeArb: fc.Arbitrary<Change> = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ kind: 'keep' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'drop' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'copy' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'width' as const }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('char' as const), at: fc.nat(), ch: fc.constantFrom(...HAN) }) },
);

/** The same text in other character widths: digits full-width, the first ，half-width (equal up to NFKC). */
const otherWidth = (text: string): string =>
  text.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0)).replace('，', ',');

/**
 * The next version of some seeds: commitments dropped, edited by a character, rewritten in
 * other character widths, or duplicated (the copy with one character changed and in other widths).
 */
function evolve(inputs: readonly SeedInput[], changes: readonly Change[]): SeedInput[] {
  let n = 0;
  return inputs.map(({ city, seed }) => {
    const out: Array<Omit<SeedCommitment, 'seq'>> = [];
    for (const { seq: _seq, ...c } of seed.commitments) {
      const change = changes[n++ % changes.length]!;
      if (change.kind === 'drop') continue;
      if (change.kind === 'keep') out.push(c);
      else if (change.kind === 'copy') {
        out.push(c);
        const { id: _id, ...copy } = c; // the copy has no explicit id (ids are unique)
        out.push({ ...copy, text: `${copy.text.slice(0, -1)}争` }, { ...copy, text: otherWidth(copy.text) });
      } else if (change.kind === 'width') {
        out.push({ ...c, text: otherWidth(c.text) });
      } else {
        const p = change.at % c.text.length;
        out.push({ ...c, text: c.text.slice(0, p) + change.ch + c.text.slice(p + 1) });
      }
    }
    return { city, seed: { ...seed, commitments: out.map((c, i) => ({ ...c, seq: i + 1 })) } };
  });
}

/** The same inputs in another order: city-years shuffled, and the commitments inside each seed. */
function reorder(inputs: readonly SeedInput[], seed: number): SeedInput[] {
  return shuffle(inputs, seed).map(({ city, seed: s }, i) => ({ city, seed: { ...s, commitments: shuffle(s.commitments, seed + i + 1) } }));
}

function run(inputs: readonly SeedInput[], previous: Dataset | null) {
  const identified = identify(inputs, previous);
  const cities = buildCities(inputs);
  return {
    records: identified.records,
    matchedBy: [...identified.matchedBy].sort(([a], [b]) => (a < b ? -1 : 1)),
    cities,
    diff: diffDatasets(previous, { records: identified.records, cities }, identified.matchedBy),
  };
}

const scenarioArb = fc.record({
  old: seedInputsArb({ maxCities: 6, maxCommitments: 8, ids: true, echoes: true, incomplete: true, pool: { minBigrams: 1, maxDice: 1 }, years: [2023, 2024] }),
  changes: fc.array(changeArb, { minLength: 1, maxLength: 40 }),
  orders: fc.array(fc.integer(), { minLength: 1, maxLength: 3 }),
});

describe('property: identify does not depend on the order of its inputs', () => {
  it('first release: the same ids whatever the order of files and of commitments', () => {
    fc.assert(
      fc.property(scenarioArb, ({ old, orders }) => {
        const expected = run(old, null);
        for (const order of orders) expect(run(reorder(old, order), null)).toEqual(expected);
      }),
      { seed: FC_SEED, numRuns: runs(100) },
    );
  });

  it('against a previous release (ambiguous copies, edits, drops): the same ids, matchedBy and diff', () => {
    fc.assert(
      fc.property(scenarioArb, ({ old, changes, orders }) => {
        const first = run(old, null);
        const previous = buildDataset('1.0.0', first.records, first.cities, null);
        const current = evolve(old, changes);
        const expected = run(current, previous);
        // Sanity: ids are unique.
        expect(new Set(expected.records.map((r) => r.id)).size).toBe(expected.records.length);
        for (const order of orders) {
          const got = run(reorder(current, order), previous);
          expect(got.records).toEqual(expected.records);
          expect(got.matchedBy).toEqual(expected.matchedBy);
          expect(got.diff).toEqual(expected.diff);
          expect(got.cities).toEqual(expected.cities);
        }
      }),
      { seed: FC_SEED, numRuns: runs(150) },
    );
  });

  it('streamed city-year by city-year, in any order (ComparePrevious, as a release reads its previous one): what identify and diffDatasets give on the whole', () => {
    fc.assert(
      fc.property(scenarioArb, fc.integer(), ({ old, changes }, order) => {
        const first = run(old, null);
        const previous = buildDataset('1.0.0', first.records, first.cities, null);
        const current = evolve(old, changes);
        const whole = run(current, previous);
        const wholeDataset = buildDataset('2.0.0', whole.records, whole.cities, previous);

        const groups = new Map<string, CommitmentRecord[]>();
        for (const r of previous.records) groups.set(cityKey(r.year, r.cityCode), [...(groups.get(cityKey(r.year, r.cityCode)) ?? []), r]);
        const compare = new ComparePrevious(current);
        for (const records of shuffle([...groups.values()], order)) compare.cityYear(records);
        const identified = compare.identify(previous.withdrawn.map((w) => w.id));
        const diff = compare.diff(previous.cities, whole.cities);
        expect(identified.records).toEqual(whole.records);
        expect([...identified.matchedBy].sort(([a], [b]) => (a < b ? -1 : 1))).toEqual(whole.matchedBy);
        expect(diff).toEqual(whole.diff);
        expect(buildDataset('2.0.0', identified.records, whole.cities, { records: compare.removed, withdrawn: previous.withdrawn })).toEqual(wholeDataset);
      }),
      { seed: FC_SEED, numRuns: runs(150) },
    );
  });
});
