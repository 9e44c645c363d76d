/**
 * Property: diffing two published releases from their files (diffReleases: record lines
 * compared as bytes, seq and text differences read from the bytes, only the rest parsed) gives
 * exactly the diff of the two datasets read whole (diffDatasets), and its changes.json
 * (written from entries, renumberings from a template) the same bytes. The edits are the ones
 * the byte-level shortcuts could get wrong: seq changes next to digit changes in the text,
 * seqs growing a digit, a seq change with a same-length text change, text changes with
 * quotes and backslashes or with another field's change, text that spells `,"seq":`, a record moving to another year (its
 * line leaves its id's group, so the files are read whole instead), added and removed ids.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Dataset, MatchKind } from '../../pipeline/domain/dataset.ts';
import { compareRecords } from '../../pipeline/domain/dataset.ts';
import { diffDatasets } from '../../pipeline/diff/diff-datasets.ts';
import { renderSha256Sums, sha256Hex } from '../../pipeline/render/checksums.ts';
import { buildChangesFile } from '../../pipeline/render/render-assets.ts';
import { renderChangesJson, renderCitiesJson, renderCommitmentsJson } from '../../pipeline/render/render-json.ts';
import type { CommitmentRecord } from '../../pipeline/schemas/release.ts';
import { diffReleases } from '../../pipeline/store/diff-releases.ts';
import { LocalStore } from '../../pipeline/store/local-store.ts';
import { readDataset } from '../../pipeline/store/read-release.ts';
import { planVersion } from '../../pipeline/version/plan-version.ts';
import { cli, makeTempDir, makeWorkspace } from '../support/workspace.ts';
import { FC_SEED, runs } from './arbitraries.ts';

let base: Dataset & { version: string };

beforeAll(async () => {
  const dir = await makeWorkspace();
  await cli(dir, ['release', '--quiet']);
  base = (await readDataset(new LocalStore(path.join(dir, 'dist', 'releases')), '1.0.0')) as Dataset & { version: string };
}, 60_000);

type Edit =
  | { kind: 'keep' }
  | { kind: 'seq'; by: number }
  | { kind: 'digits'; at: number; digit: string }
  | { kind: 'seq+digits'; by: number; at: number; digit: string }
  | { kind: 'seq+swap'; by: number; at: number }
  | { kind: 'spell-seq'; seq: number }
  | { kind: 'text'; tail: string; seq: number }
  | { kind: 'text+deadline'; tail: string }
  | { kind: 'year' }
  | { kind: 'remove' };

const editArb: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ kind: 'keep' as const }) },
  { weight: 4, arbitrary: fc.integer({ min: -9, max: 95 }).map((by) => ({ kind: 'seq' as const, by })) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('digits' as const), at: fc.nat(), digit: fc.constantFrom('0', '1', '9', '10', '') }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('seq+digits' as const), by: fc.integer({ min: 1, max: 12 }), at: fc.nat(), digit: fc.constantFrom('1', '99') }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('seq+swap' as const), by: fc.integer({ min: 1, max: 12 }), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 200 }).map((seq) => ({ kind: 'spell-seq' as const, seq })) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('text' as const),
      // Quotes, backslashes and what looks like the next key: the text's end must be found right.
      tail: fc.constantFrom('，确保按期完成', '"', '\\', '\\"', '","deadline":"12月底前', '\\u4e00', '9'),
      seq: fc.integer({ min: 0, max: 3 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('text+deadline' as const), tail: fc.constantFrom('。', '"') }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'year' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'remove' as const }) },
);

/** Puts `digit` into the text at a position that depends on `at` (replacing a digit there, if any). */
function withDigit(text: string, at: number, digit: string): string {
  const i = at % (text.length + 1);
  return text.slice(0, i) + digit + text.slice(/\d/.test(text[i] ?? '') ? i + 1 : i);
}

function edited(record: CommitmentRecord, edit: Edit): CommitmentRecord | null {
  const seq = (by: number): number => Math.max(1, record.seq + by);
  switch (edit.kind) {
    case 'keep':
      return record;
    case 'seq':
      return { ...record, seq: seq(edit.by) };
    case 'digits':
      return { ...record, text: withDigit(record.text, edit.at, edit.digit) };
    case 'seq+digits':
      return { ...record, seq: seq(edit.by), text: withDigit(record.text, edit.at, edit.digit) };
    case 'seq+swap': {
      // One character for another of the same UTF-8 length: the line keeps its length.
      const i = edit.at % record.text.length;
      return { ...record, seq: seq(edit.by), text: record.text.slice(0, i) + (record.text[i] === '甲' ? '乙' : '甲') + record.text.slice(i + 1) };
    }
    case 'text':
      return { ...record, seq: record.seq + edit.seq, text: record.text + edit.tail };
    case 'text+deadline':
      return { ...record, text: record.text + edit.tail, deadline: `${record.deadline}${edit.tail}` };
    case 'spell-seq':
      return { ...record, text: `${record.text},"seq":${edit.seq}` };
    case 'year':
      return { ...record, year: record.year + 1, due: record.due === null ? null : `${record.year + 1}${record.due.slice(4)}` };
    case 'remove':
      return null;
  }
}

/** Writes a release as the renderers do (commitments.json, cities.json, SHA256SUMS). */
async function publish(root: string, dataset: Dataset & { version: string }): Promise<void> {
  const dir = path.join(root, `v${dataset.version}`);
  await mkdir(dir, { recursive: true });
  const assets = [
    { name: 'commitments.json', bytes: renderCommitmentsJson(dataset) },
    { name: 'cities.json', bytes: new TextEncoder().encode(renderCitiesJson(dataset)) },
  ];
  for (const a of assets) await writeFile(path.join(dir, a.name), a.bytes);
  await writeFile(path.join(dir, 'SHA256SUMS'), renderSha256Sums(assets.map((a) => ({ name: a.name, sha256: sha256Hex(a.bytes) }))));
}

describe('property: diffReleases on the files equals diffDatasets on the datasets', () => {
  it('for edits to seqs, digits, years, and added and removed records (lean and parsed)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(editArb, { minLength: 45, maxLength: 45 }),
        fc.array(fc.record({ seq: fc.integer({ min: 1, max: 120 }), text: fc.constantFrom('建成城市运行管理服务平台', '新增9家"专精特新"企业') }), { maxLength: 3 }),
        async (edits, additions) => {
          const records = base.records.slice(0, edits.length);
          const after: CommitmentRecord[] = [];
          records.forEach((r, i) => {
            const e = edited(r, edits[i]!);
            if (e) after.push(e);
          });
          additions.forEach((a, k) => after.push({ ...records[k]!, id: `${records[k]!.year}-${records[k]!.cityCode}-9${String(k).padStart(2, '0')}`, seq: a.seq, text: a.text }));
          after.sort(compareRecords);
          const before = { ...base, records };
          const next = { ...base, version: '1.1.0', records: after };
          const root = await makeTempDir();
          await publish(root, before);
          await publish(root, next);
          const store = new LocalStore(root);
          // How ids were matched shows in each modified change (and in the renumbering template).
          const matchedBy = new Map<string, MatchKind>(records.filter((_, k) => k % 3 === 0).map((r) => [r.id, 'similarity']));
          const expected = diffDatasets(before, next, matchedBy);
          const lean = await diffReleases(store, '1.0.0', '1.1.0', matchedBy, { parseAll: false });
          // changes.json from the entries (renumberings never made Change objects) is the
          // same bytes as from the full diff, and so is the version plan.
          const plan = planVersion('1.0.0', expected);
          expect(planVersion('1.0.0', { summary: lean.entries.summary, changes: lean.entries.entries })).toEqual(plan);
          if (plan) expect(Buffer.from(lean.renderChangesJson(plan)).toString('utf8')).toBe(Buffer.from(renderChangesJson(buildChangesFile(plan, expected))).toString('utf8'));
          expect(lean.diff).toEqual(expected);
          expect(lean.total).toBe(after.length);
          expect((await diffReleases(store, '1.0.0', '1.1.0', matchedBy)).diff).toEqual(expected);
        },
      ),
      { seed: FC_SEED, numRuns: runs(40) },
    );
  }, 120_000);
});
