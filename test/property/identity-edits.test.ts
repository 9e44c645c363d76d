/**
 * Property 4: random edits, insertions, deletions and renumberings of one city's commitments
 * keep the ids of the surviving commitments, give inserted ones fresh ids no release ever used,
 * and the version bump matches the kinds of change (docs/data-contract.md "Identity",
 * "Version policy": deletion → major, insertion only → minor, only values changed → patch,
 * nothing → no release).
 *
 * When identity is guaranteed. identify() keeps an id when the Dice similarity of character
 * bigrams (punctuation skipped) between the new and the old text is ≥ SIMILARITY_THRESHOLD (0.7),
 * one-to-one, best pairs first. One character substituted, inserted or deleted takes at most 2
 * distinct bigrams out of a text's bigram set and puts at most 2 new ones in. So, with a = the old
 * text's number of distinct bigrams and k character edits:
 *   - own similarity      Dice(new, old)  ≥ 1 − 2k/a;
 *   - against another old text Y of the city, whose bigrams overlap the old one's by Dice ≤ D:
 *     Dice(new, Y) ≤ (D·s + 4k)/(s − 2k), s = a + |Y|.
 * Over several releases the edits add up (c edits from the original on each side). Rewriting
 * digits full-width (or ，as ,) changes no bigram: identify takes bigrams after NFKC.
 * Deadline, responsible and contact changes and renumbering do not touch the texts at all.
 * `bounds()` below evaluates both for each configuration, and the test checks that the own
 * similarity reaches 0.7 while every cross similarity stays below it: then the only pair above
 * the threshold for a surviving commitment is its own, and inserted texts (Dice ≤ D to every
 * old text) match nothing. Configurations:
 *   A. one release step; texts with ≥ 20 distinct bigrams (≈ 21+ characters), pairwise Dice ≤ 0.35;
 *      ≤ 2 characters edited per text: own ≥ 0.80, cross ≤ 0.61.
 *   B. three successive releases; texts with ≥ 80 distinct bigrams (the real 2023 texts have
 *      67–219 characters), pairwise Dice ≤ 0.30; ≤ 2 characters edited per text per release:
 *      own ≥ 0.94, cross ≤ 0.63.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { City } from '../../pipeline/domain/cities.ts';
import { parseDeadline } from '../../pipeline/domain/deadline.ts';
import type { Dataset } from '../../pipeline/domain/dataset.ts';
import { diffDatasets } from '../../pipeline/diff/diff-datasets.ts';
import { buildCities, buildDataset } from '../../pipeline/identify/build-dataset.ts';
import { identify, SIMILARITY_THRESHOLD, type SeedInput } from '../../pipeline/identify/identify.ts';
import type { Contact, Seed } from '../../pipeline/schemas/seed.ts';
import { parseVersion } from '../../pipeline/release-format/versions.ts';
import { planVersion } from '../../pipeline/version/plan-version.ts';
import { extractTargets } from '../../pipeline/promises/extract-targets.ts';
import { FC_SEED, runs, HAN, cityArb, contactArb, deadlineArb, responsibleArb, shuffle, textPoolArb, yearArb, type PoolOptions } from '../support/property/arbitraries.ts';

interface Config {
  readonly name: string;
  readonly steps: number;
  /** Character edits per text per step, at most. */
  readonly k: number;
  readonly pool: PoolOptions;
  readonly clauses: [number, number];
  readonly maxInitial: number;
  readonly maxInsertsPerStep: number;
  readonly numRuns: number;
}

const CONFIGS: Config[] = [
  {
    name: 'A: one release, texts ≥ 20 distinct bigrams, pairwise Dice ≤ 0.35, ≤ 2 characters edited per text',
    steps: 1,
    k: 2,
    pool: { minBigrams: 20, maxDice: 0.35 },
    clauses: [2, 5],
    maxInitial: 8,
    maxInsertsPerStep: 3,
    numRuns: 250,
  },
  {
    name: 'B: three successive releases, texts ≥ 80 distinct bigrams, pairwise Dice ≤ 0.30, ≤ 2 characters per text per release',
    steps: 3,
    k: 2,
    pool: { minBigrams: 80, maxDice: 0.3 },
    clauses: [7, 12],
    maxInitial: 7,
    maxInsertsPerStep: 2,
    numRuns: 80,
  },
];

/** Worst-case similarity bounds of a configuration (see the header comment). */
function bounds(c: Config): { own: number; cross: number } {
  let own = 1;
  let cross = 0;
  const a = c.pool.minBigrams;
  for (let t = 1; t <= c.steps; t++) {
    const before = c.k * (t - 1); // edits the previous text may carry from its original
    const now = c.k * t;
    own = Math.min(own, 1 - (2 * c.k) / (a - 2 * before));
    const s = 2 * a; // (D·s + c)/(s − d) decreases with s, so the smallest texts are the worst case
    cross = Math.max(cross, (c.pool.maxDice * s + 4 * before + 4 * now) / (s - 2 * before - 2 * now));
  }
  return { own, cross };
}

type CharEdit = { op: 'sub' | 'ins' | 'del'; at: number; ch: string };
type Action =
  | { kind: 'keep' }
  | { kind: 'delete' }
  | { kind: 'edit'; edits: CharEdit[] }
  | { kind: 'width' }
  | { kind: 'value'; deadline: string; responsible: string[] };
interface Step {
  readonly actions: Action[];
  readonly inserts: Array<{ at: number; deadline: string; responsible: string[] }>;
  readonly reorder: number | null;
  readonly contact: Contact | null;
}

const charEditArb: fc.Arbitrary<CharEdit> = fc.record({ op: fc.constantFrom('sub' as const, 'ins' as const, 'del' as const), at: fc.nat(), ch: fc.constantFrom(...HAN) });

function applyEdits(text: string, edits: readonly CharEdit[]): string {
  let t = text;
  for (const { op, at, ch } of edits) {
    if (op === 'ins') {
      const p = at % (t.length + 1);
      t = t.slice(0, p) + ch + t.slice(p);
    } else {
      const p = at % t.length;
      t = t.slice(0, p) + (op === 'sub' ? ch : '') + t.slice(p + 1);
    }
  }
  return t;
}

/**
 * The same text in other character widths (digits full-width, ，half-width): the text changes
 * but is the same up to NFKC, which is how identify compares (its bigrams are taken after NFKC),
 * so it counts as no character edit in the bounds.
 */
const otherWidth = (text: string): string =>
  text.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0)).replace('，', ',');

const MAX_ITEMS = 32;

function stepArb(config: Config, city: City): fc.Arbitrary<Step | null> {
  const actionArb: fc.Arbitrary<Action> = fc.oneof(
    { weight: 6, arbitrary: fc.constant({ kind: 'keep' as const }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'delete' as const }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('edit' as const), edits: fc.array(charEditArb, { minLength: 1, maxLength: config.k }) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('value' as const), deadline: deadlineArb, responsible: responsibleArb }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'width' as const }) },
  );
  const change = fc.record({
    actions: fc.array(actionArb, { minLength: MAX_ITEMS, maxLength: MAX_ITEMS }),
    inserts: fc.array(fc.record({ at: fc.nat(), deadline: deadlineArb, responsible: responsibleArb }), { maxLength: config.maxInsertsPerStep }),
    reorder: fc.option(fc.integer(), { freq: 3 }),
    contact: fc.option(contactArb(city), { freq: 6 }),
  });
  // Some steps change nothing at all: no release.
  return fc.oneof({ weight: 1, arbitrary: fc.constant(null) }, { weight: 6, arbitrary: change });
}

interface Scenario {
  readonly city: City;
  readonly other: City;
  readonly year: number;
  readonly pool: string[];
  readonly initial: number;
  readonly contact: Contact;
  readonly parts: Array<{ deadline: string; responsible: string[] }>;
  readonly steps: Array<Step | null>;
}

function scenarioArb(config: Config): fc.Arbitrary<Scenario> {
  const size = config.maxInitial + config.maxInsertsPerStep * config.steps;
  return fc
    .tuple(cityArb, cityArb)
    .filter(([a, b]) => a.code !== b.code)
    .chain(([city, other]) =>
      fc.record({
        city: fc.constant(city),
        other: fc.constant(other),
        year: yearArb,
        pool: textPoolArb(2, size, config.pool, config.clauses),
        initial: fc.integer({ min: 1, max: config.maxInitial }),
        contact: contactArb(city),
        parts: fc.array(fc.record({ deadline: deadlineArb, responsible: responsibleArb }), { minLength: size, maxLength: size }),
        steps: fc.array(stepArb(config, city), { minLength: config.steps, maxLength: config.steps }),
      }),
    );
}

interface Item {
  /** The id published for it, null until its first release. */
  readonly id: string | null;
  readonly text: string;
  readonly deadline: string;
  readonly responsible: string[];
}

const source = (year: number): Seed['source'] => ({ title: `${year}年16市重点工作任务公开承诺事项`, publisher: '大众日报' });

function seedOf(city: City, year: number, contact: Contact, items: readonly Item[]): SeedInput {
  return {
    city,
    seed: {
      year,
      city: city.name,
      complete: true,
      contact,
      source: source(year),
      commitments: items.map((it, i) => ({ seq: i + 1, text: it.text, deadline: it.deadline, responsible: it.responsible })),
    },
  };
}

function expectedVersion(previous: string, bump: 'major' | 'minor' | 'patch'): string {
  const [M, m, p] = parseVersion(previous);
  return bump === 'major' ? `${M + 1}.0.0` : bump === 'minor' ? `${M}.${m + 1}.0` : `${M}.${m}.${p + 1}`;
}

function runScenario(s: Scenario): void {
  let cursor = Math.min(s.initial, s.pool.length);
  let items: Item[] = s.pool.slice(0, cursor).map((text, i) => ({ id: null, text, ...s.parts[i]! }));
  let contact = s.contact;
  // Another city whose commitments have the very same texts: identity must never cross cities.
  const otherInput = seedOf(s.other, s.year, { name: '权娜', phone: `${s.other.areaCode}-5170706` }, items);

  // First release.
  const firstInputs = [seedOf(s.city, s.year, contact, items), otherInput];
  const first = identify(firstInputs, null);
  const firstCities = buildCities(firstInputs);
  const firstPlan = planVersion(null, diffDatasets(null, { records: first.records, cities: firstCities }))!;
  expect(firstPlan.to).toBe('1.0.0');
  let previous: Dataset & { version: string } = buildDataset('1.0.0', first.records, firstCities, null) as Dataset & { version: string };
  const ids = (code: string): string[] => previous.records.filter((r) => r.cityCode === code).map((r) => r.id);
  items = items.map((it, i) => ({ ...it, id: ids(s.city.code)[i]! }));
  const everPublished = new Set(previous.records.map((r) => r.id));
  const otherRecords = previous.records.filter((r) => r.cityCode === s.other.code);

  for (const step of s.steps) {
    const deleted: string[] = [];
    let next: Item[] = [];
    let contactChanged = false;
    if (step === null) {
      next = items;
    } else {
      items.forEach((item, i) => {
        const action = step.actions[i % MAX_ITEMS]!;
        if (action.kind === 'delete') deleted.push(item.id!);
        else if (action.kind === 'edit') next.push({ ...item, text: applyEdits(item.text, action.edits) });
        else if (action.kind === 'width') next.push({ ...item, text: otherWidth(item.text) });
        else if (action.kind === 'value') next.push({ ...item, deadline: action.deadline, responsible: action.responsible });
        else next.push(item);
      });
      for (const ins of step.inserts) {
        if (cursor >= s.pool.length) break;
        next.splice(ins.at % (next.length + 1), 0, { id: null, text: s.pool[cursor++]!, deadline: ins.deadline, responsible: ins.responsible });
      }
      if (step.reorder !== null) next = shuffle(next, step.reorder);
      if (step.contact) {
        contactChanged = step.contact.name !== contact.name || step.contact.phone !== contact.phone;
        contact = step.contact;
      }
    }

    const inputs = [seedOf(s.city, s.year, contact, next), otherInput];
    const identified = identify(inputs, previous);
    const cities = buildCities(inputs);
    const diff = diffDatasets(previous, { records: identified.records, cities }, identified.matchedBy);
    const plan = planVersion(previous.version, diff);

    // Ids: survivors keep theirs; inserted ones get fresh ids no release ever used; the other city is untouched.
    const cityRecords = identified.records.filter((r) => r.cityCode === s.city.code);
    expect(cityRecords.map((r) => r.seq)).toEqual(next.map((_, i) => i + 1));
    expect(identified.records.filter((r) => r.cityCode === s.other.code)).toEqual(otherRecords);
    const fresh: string[] = [];
    next.forEach((item, i) => {
      const got = cityRecords[i]!.id;
      if (item.id !== null) {
        expect(got, `survivor at seq ${i + 1} (${item.text})`).toBe(item.id);
      } else {
        expect(got).toMatch(new RegExp(`^${s.year}-${s.city.code}-\\d{3,}$`));
        expect(everPublished.has(got), `fresh id ${got} was published before`).toBe(false);
        fresh.push(got);
      }
    });
    expect(new Set(identified.records.map((r) => r.id)).size).toBe(identified.records.length);

    // The diff lists exactly the changes made.
    const previousById = new Map(previous.records.map((r) => [r.id, r]));
    const expectedModified = new Map<string, string[]>();
    next.forEach((item, i) => {
      if (item.id === null) return;
      const old = previousById.get(item.id)!;
      const fields: string[] = [];
      if (old.seq !== i + 1) fields.push('seq');
      if (old.text !== item.text) fields.push('text');
      if (old.deadline !== item.deadline) {
        fields.push('deadline');
        const [a, b] = [parseDeadline(old.deadline, s.year), parseDeadline(item.deadline, s.year)];
        if (a.due !== b.due) fields.push('due');
        if (a.ongoing !== b.ongoing) fields.push('ongoing');
      }
      if (JSON.stringify(old.responsible) !== JSON.stringify(item.responsible)) fields.push('responsible');
      // An edited text may move or change the targets read from it.
      if (JSON.stringify(old.targets) !== JSON.stringify(extractTargets(item.text))) fields.push('targets');
      if (fields.length > 0) expectedModified.set(item.id, fields);
      // Same text: 'text'; the same up to NFKC: 'text' or 'similarity' (both keep the id); else 'similarity'.
      const allowed =
        old.text === item.text ? ['text'] : old.text.normalize('NFKC') === item.text.normalize('NFKC') ? ['text', 'similarity'] : ['similarity'];
      expect(allowed).toContain(identified.matchedBy.get(item.id));
    });
    const byType = (type: string): string[] =>
      diff.changes.flatMap((c) => (c.scope === 'commitment' && c.type === type ? [c.id] : [])).sort();
    expect(byType('removed')).toEqual([...deleted].sort());
    expect(byType('added')).toEqual([...fresh].sort());
    expect(byType('modified')).toEqual([...expectedModified.keys()].sort());
    for (const c of diff.changes) {
      if (c.scope === 'commitment' && c.type === 'modified') {
        expect(Object.keys(c.fields).sort()).toEqual([...expectedModified.get(c.id)!].sort());
        expect(c.matchedBy).toBe(identified.matchedBy.get(c.id));
      }
    }
    const renumbered = [...expectedModified.values()].filter((fields) => fields.length === 1 && fields[0] === 'seq').length;
    expect(diff.summary).toEqual({ added: fresh.length, removed: deleted.length, modified: expectedModified.size, renumbered, weakened: diff.summary.weakened });
    const cityChanges = diff.changes.filter((c) => c.scope === 'city');
    // The city changes with its contact, and its count with insertions and deletions.
    const cityFields = [...(contactChanged ? ['contact'] : []), ...(next.length !== items.length ? ['commitments'] : [])];
    expect(cityChanges.map((c) => [c.type, c.city, 'fields' in c ? Object.keys(c.fields) : []])).toEqual(
      cityFields.length > 0 ? [['modified', s.city.name, cityFields]] : [],
    );

    // The version follows the kinds of change.
    // An edit that makes the text state one more target adds data, as an added commitment does.
    const targetsAdded = next.some((item) => item.id !== null && extractTargets(item.text).length > previousById.get(item.id)!.targets!.length);
    const bump =
      deleted.length > 0 ? 'major' : fresh.length > 0 || targetsAdded ? 'minor' : expectedModified.size > 0 || contactChanged ? 'patch' : null;
    if (bump === null) {
      expect(plan).toBeNull();
      items = next;
      continue;
    }
    expect(plan?.bump).toBe(bump);
    expect(plan?.to).toBe(expectedVersion(previous.version, bump));

    previous = buildDataset(plan!.to, identified.records, cities, previous) as Dataset & { version: string };
    for (const r of previous.records) everPublished.add(r.id);
    // Every id published before and gone now is listed as withdrawn.
    const current = new Set(previous.records.map((r) => r.id));
    expect(previous.withdrawn.map((w) => w.id).sort()).toEqual([...everPublished].filter((id) => !current.has(id)).sort());
    items = next.map((it, i) => ({ ...it, id: cityRecords[i]!.id }));
  }
}

describe('property: ids survive small edits, renumbering, insertions and deletions; the bump matches the change', () => {
  for (const config of CONFIGS) {
    it(config.name, () => {
      const { own, cross } = bounds(config);
      expect(own).toBeGreaterThanOrEqual(SIMILARITY_THRESHOLD);
      expect(cross).toBeLessThan(SIMILARITY_THRESHOLD);
      fc.assert(
        fc.property(scenarioArb(config), (s) => runScenario(s)),
        { seed: FC_SEED, numRuns: runs(config.numRuns) },
      );
    });
  }
});
