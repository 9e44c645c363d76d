/**
 * Property 1: a seed file read and written again is byte-identical, and the validator
 * accepts the canonical file (docs/data-contract.md "Seed files": canonical layout, unknown keys are errors,
 * a hand edit in another layout is still valid with at most a warning).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findCityByName } from '../../pipeline/domain/cities.ts';
import {
  COMMITMENT_KEY_ORDER,
  CONTACT_KEY_ORDER,
  SEED_KEY_ORDER,
  SEED_SCHEMA_REF,
  SOURCE_KEY_ORDER,
  type Seed,
} from '../../pipeline/schemas/seed.ts';
import { renderSeedFile } from '../../pipeline/seeds/canonical.ts';
import { validateSeedFile } from '../../pipeline/validate/validate-seeds.ts';
import { FC_SEED, runs, cityArb, prng, seedArb, shuffle, yearArb } from '../support/property/arbitraries.ts';

/** Characters a maintainer may type that JSON or the locator must handle: quotes, backslash, full-width forms, a non-BMP Han character. */
const SPECIAL = ['"', '\\', '/', '（一期）', '％', '𠮷', '<b>', '&amp;', '\'', 'GDP', '·'];

/** Puts a few special characters into texts and names (never at the ends of a name). */
const spice = (seed: Seed, picks: ReadonlyArray<[number, number, number]>): Seed => {
  const commitments = seed.commitments.map((c) => ({ ...c, responsible: [...c.responsible] }));
  for (const [which, at, what] of picks) {
    const c = commitments[which % Math.max(1, commitments.length)];
    if (!c) break;
    const special = SPECIAL[what % SPECIAL.length]!;
    if (special === '𠮷' && what % 2 === 0) c.responsible[0] = `𠮷${c.responsible[0]!.slice(1)}`;
    else c.text = c.text.slice(0, at % c.text.length) + special + c.text.slice(at % c.text.length);
  }
  return { ...seed, commitments };
};

const anySeed: fc.Arbitrary<Seed> = fc
  .tuple(cityArb, yearArb)
  .chain(([city, year]) =>
    fc.tuple(
      seedArb(city, year, { minCommitments: 0, maxCommitments: 10, ids: true, pool: { minBigrams: 8, maxDice: 0.6 } }),
      fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat()), { maxLength: 4 }),
    ),
  )
  .map(([seed, picks]) => spice(seed, picks));

function fileOf(seed: Seed, text: string): { displayPath: string; relativePath: string; bytes: Uint8Array } {
  const slug = findCityByName(seed.city)!.slug;
  return { displayPath: `seeds/${seed.year}/${slug}.json`, relativePath: `${seed.year}/${slug}.json`, bytes: new TextEncoder().encode(text) };
}

/** The same value written by hand: keys in a random order, commitments in a random order, another indent. */
function messyLayout(seed: Seed, seed32: number): string {
  const random = prng(seed32);
  const reorder = (value: Record<string, unknown>): Record<string, unknown> =>
    Object.fromEntries(shuffle(Object.entries(value), Math.floor(random() * 2 ** 32)));
  const value = reorder({
    ...seed,
    contact: seed.contact ? reorder({ ...seed.contact }) : null,
    source: reorder({ ...seed.source }),
    commitments: shuffle(seed.commitments, Math.floor(random() * 2 ** 32)).map((c) => reorder({ ...c })),
  });
  const indent = ['\t', 4, 1, 0][Math.floor(random() * 4)]!;
  const crlf = random() < 0.5;
  // Python's json.dump (ensure_ascii) writes every non-ASCII character as \uXXXX.
  const asciiOnly = random() < 0.3;
  let text = JSON.stringify(value, null, indent);
  if (asciiOnly) text = text.replace(/[^\x00-\x7f]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return crlf ? text.replace(/\n/g, '\r\n') : text;
}

/** Keys of an object in the order the canonical layout fixes (skipping absent ones). */
const keysIn = (value: object, order: readonly string[]): string[] => order.filter((k) => k in value);

describe('property: seed files are canonical and valid', () => {
  it('renderSeedFile → JSON.parse → renderSeedFile is byte-identical, and the validator accepts the file', () => {
    fc.assert(
      fc.property(anySeed, (seed) => {
        const text = renderSeedFile(seed);
        const reparsed = JSON.parse(text) as Seed;
        expect(renderSeedFile(reparsed)).toBe(text);

        // The layout itself: 2-space indent, fixed key order, final newline, $schema set, no BOM.
        expect(text.endsWith('}\n')).toBe(true);
        expect(text.charCodeAt(0)).toBe(0x7b);
        expect(text).toBe(`${JSON.stringify(reparsed, null, 2)}\n`);
        expect(Object.keys(reparsed)).toEqual(keysIn(reparsed, SEED_KEY_ORDER));
        expect(reparsed.$schema).toBe(SEED_SCHEMA_REF);
        expect(Object.keys(reparsed.source)).toEqual(keysIn(reparsed.source, SOURCE_KEY_ORDER));
        if (reparsed.contact) expect(Object.keys(reparsed.contact)).toEqual([...CONTACT_KEY_ORDER]);
        for (const c of reparsed.commitments) expect(Object.keys(c)).toEqual(keysIn(c, COMMITMENT_KEY_ORDER));

        // Nothing lost: the content is the generated one.
        const { $schema: _ignored, ...content } = reparsed;
        const { $schema: _ignored2, ...expected } = seed;
        expect(content).toEqual(expected);

        // Valid, with no warning at all except the expected "incomplete" one.
        const result = validateSeedFile(fileOf(seed, text));
        const codes = result.problems.map((p) => `${p.code} ${p.pointer} ${p.message}`);
        expect(codes.filter((c) => !c.startsWith('W_INCOMPLETE '))).toEqual([]);
        expect(codes.some((c) => c.startsWith('W_INCOMPLETE '))).toBe(!seed.complete);
        expect(result.seed?.seed).toEqual(reparsed);
        expect(result.ids.map((i) => i.id)).toEqual(seed.commitments.flatMap((c) => (c.id !== undefined ? [c.id] : [])));
      }),
      { seed: FC_SEED, numRuns: runs(150) },
    );
  });

  it('a hand-written layout of the same seed is valid (at most W_LAYOUT) and renders to the same canonical bytes', () => {
    fc.assert(
      fc.property(anySeed, fc.integer(), (seed, layoutSeed) => {
        const canonical = renderSeedFile(seed);
        const messy = messyLayout(seed, layoutSeed);
        expect(renderSeedFile(JSON.parse(messy) as Seed)).toBe(canonical);
        const result = validateSeedFile(fileOf(seed, messy));
        const unexpected = result.problems.filter((p) => p.code !== 'W_INCOMPLETE' && p.code !== 'W_LAYOUT');
        expect(unexpected.map((p) => `${p.code} ${p.pointer} ${p.message}`)).toEqual([]);
        expect(result.problems.some((p) => p.code === 'W_LAYOUT')).toBe(messy !== canonical);
        // Explicit ids are located at the line where they are written.
        for (const { id, line } of result.ids) {
          expect(messy.split(/\r?\n/)[line - 1]).toContain(JSON.stringify(id));
        }
      }),
      { seed: FC_SEED, numRuns: runs(100) },
    );
  });
});
