/**
 * Checks the pipeline's answer against the generator's truth: reads the ids that the first
 * and the next release published, and the next release's changes.json, and scores
 * - id matching: each new commitment that came from an old one should carry that one's id
 *   (recall, by kind: edited, renumbered, untouched); no commitment may carry another's id
 *   (precision; an inserted commitment taking an old id is a wrong match too);
 * - the diff: added = the insertions, removed = the deletions, text changes = the edits,
 *   seq changes = the renumberings (precision and recall of each).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { LocalStore } from '../pipeline/store/local-store.ts';
import { readChanges, readDataset } from '../pipeline/release-format/read-release.ts';
import type { Truth } from './generate.ts';

export interface Score {
  readonly truth: number;
  readonly found: number;
  readonly correct: number;
  readonly precision: number;
  readonly recall: number;
}

export interface CheckResult {
  readonly ids: {
    readonly pairs: number;
    readonly kept: number;
    /** A new commitment carrying the id of an old commitment it did not come from. */
    readonly wrong: number;
    /** A commitment that came from an old one but got a fresh id. */
    readonly lost: number;
    readonly precision: number;
    readonly recall: number;
    readonly recallEdited: number;
    readonly recallRenumbered: number;
    /** Edited or renumbered (the target: ≥ 99.5%). */
    readonly recallEditedOrRenumbered: number;
    readonly recallUntouched: number;
    readonly counts: { edited: number; renumbered: number; untouched: number; inserted: number; deleted: number };
  };
  readonly changes: { added: Score; removed: Score; textModified: Score; renumbered: Score };
  readonly editSimilarity: Truth['editSimilarity'];
}

const ratio = (a: number, b: number): number => (b === 0 ? 1 : a / b);

function score(truth: ReadonlySet<string>, found: ReadonlySet<string>): Score {
  let correct = 0;
  for (const id of found) if (truth.has(id)) correct++;
  return { truth: truth.size, found: found.size, correct, precision: ratio(correct, found.size), recall: ratio(correct, truth.size) };
}

export async function runCheck(dir: string, storeRoot: string, from: string, to: string): Promise<CheckResult> {
  const truth = JSON.parse(await readFile(path.join(dir, 'truth.json'), 'utf8')) as Truth;
  const store = new LocalStore(storeRoot);
  const key = (year: number, slug: string, seq: number): string => `${year}|${slug}|${seq}`;
  const idsOf = async (version: string): Promise<Map<string, string>> =>
    new Map((await readDataset(store, version)).records.map((r) => [key(r.year, r.citySlug, r.seq), r.id]));
  const oldIds = await idsOf(from);
  const newIds = await idsOf(to);
  const oldIdSet = new Set(oldIds.values());

  const tally = { edited: [0, 0], renumbered: [0, 0], untouched: [0, 0] };
  let wrong = 0;
  let lost = 0;
  let inserted = 0;
  let deleted = 0;
  const expected = { added: new Set<string>(), removed: new Set<string>(), text: new Set<string>(), seq: new Set<string>() };
  for (const g of truth.groups) {
    const edited = new Set(g.edited);
    g.newToOld.forEach((oldSeq, k) => {
      const newSeq = k + 1;
      const id = newIds.get(key(g.year, g.slug, newSeq))!;
      if (oldSeq === 0) {
        inserted++;
        if (oldIdSet.has(id)) wrong++;
        else expected.added.add(id);
        return;
      }
      const want = oldIds.get(key(g.year, g.slug, oldSeq))!;
      const kind = edited.has(newSeq) ? 'edited' : oldSeq !== newSeq ? 'renumbered' : 'untouched';
      tally[kind][0]!++;
      if (id === want) tally[kind][1]!++;
      else if (oldIdSet.has(id)) wrong++;
      else lost++;
      if (edited.has(newSeq)) expected.text.add(want);
      if (oldSeq !== newSeq) expected.seq.add(want);
    });
    for (const oldSeq of g.deleted) {
      deleted++;
      expected.removed.add(oldIds.get(key(g.year, g.slug, oldSeq))!);
    }
  }

  const changes = await readChanges(store, to);
  const found = { added: new Set<string>(), removed: new Set<string>(), text: new Set<string>(), seq: new Set<string>() };
  for (const c of changes.changes) {
    if (c.scope !== 'commitment') continue;
    if (c.type === 'added') found.added.add(c.id);
    else if (c.type === 'removed') found.removed.add(c.id);
    else {
      if (c.fields.text) found.text.add(c.id);
      if (c.fields.seq) found.seq.add(c.id);
    }
  }
  const pairs = tally.edited[0]! + tally.renumbered[0]! + tally.untouched[0]!;
  const kept = tally.edited[1]! + tally.renumbered[1]! + tally.untouched[1]!;
  return {
    ids: {
      pairs,
      kept,
      wrong,
      lost,
      precision: ratio(kept, kept + wrong),
      recall: ratio(kept, pairs),
      recallEdited: ratio(tally.edited[1]!, tally.edited[0]!),
      recallRenumbered: ratio(tally.renumbered[1]!, tally.renumbered[0]!),
      recallEditedOrRenumbered: ratio(tally.edited[1]! + tally.renumbered[1]!, tally.edited[0]! + tally.renumbered[0]!),
      recallUntouched: ratio(tally.untouched[1]!, tally.untouched[0]!),
      counts: { edited: tally.edited[0]!, renumbered: tally.renumbered[0]!, untouched: tally.untouched[0]!, inserted, deleted },
    },
    changes: {
      added: score(expected.added, found.added),
      removed: score(expected.removed, found.removed),
      textModified: score(expected.text, found.text),
      renumbered: score(expected.seq, found.seq),
    },
    editSimilarity: truth.editSimilarity,
  };
}
