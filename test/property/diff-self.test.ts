/**
 * Property 3: the diff of a dataset with itself is empty and the version policy says there is
 * nothing to release (docs/data-contract.md "Versions": nothing changed → no release).
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../pipeline/domain/dataset.ts';
import { diffDatasets, isEmptyDiff } from '../../pipeline/diff/diff-datasets.ts';
import { buildCities, buildDataset } from '../../pipeline/identify/build-dataset.ts';
import { identify, type SeedInput } from '../../pipeline/identify/identify.ts';
import { renderSeedFile } from '../../pipeline/seeds/canonical.ts';
import { planVersion } from '../../pipeline/version/plan-version.ts';
import { cli } from '../support/cli.ts';
import { makeTempDir } from '../support/temp-dir.ts';
import { FC_SEED, runs, seedInputsArb } from '../support/property/arbitraries.ts';

const versionArb = fc.tuple(fc.integer({ min: 1, max: 30 }), fc.nat(30), fc.nat(30)).map((v) => v.join('.'));

/** The first release of some seeds. */
function release(inputs: readonly SeedInput[]): Dataset & { version: string } {
  const { records } = identify(inputs, null);
  const cities = buildCities(inputs);
  const plan = planVersion(null, diffDatasets(null, { records, cities }))!;
  return buildDataset(plan.to, records, cities, null) as Dataset & { version: string };
}

/** Seeds over several cities and years; texts may repeat or be near copies (pool filter loose). */
const inputsArb = seedInputsArb({ maxCities: 5, ids: true, pool: { minBigrams: 1, maxDice: 1 }, minCommitments: 0, echoes: true });

describe('property: a dataset diffed with itself is empty', () => {
  it('diff(d, d), diff(d, copy of d) and diff(d, d read back from JSON) have no change; no version is planned', () => {
    fc.assert(
      fc.property(inputsArb, versionArb, (inputs, version) => {
        const dataset = release(inputs);
        for (const other of [dataset, structuredClone(dataset), JSON.parse(JSON.stringify(dataset)) as Dataset]) {
          const diff = diffDatasets(dataset, other);
          expect(diff.summary).toEqual({ added: 0, removed: 0, modified: 0, renumbered: 0, weakened: 0 });
          expect(diff.changes).toEqual([]);
          expect(isEmptyDiff(diff)).toBe(true);
          expect(planVersion(version, diff)).toBeNull();
        }
        // Control: the same comparison sees a withdrawn commitment (so the check above can fail).
        if (dataset.records.length > 0) {
          const diff = diffDatasets(dataset, { ...dataset, records: dataset.records.slice(1) });
          expect(diff.summary.removed).toBe(1);
          expect(planVersion(version, diff)?.bump).toBe('major');
        }
      }),
      { seed: FC_SEED, numRuns: runs(150) },
    );
  });

  it('the same seeds identified against their own release keep every id and plan no release', () => {
    fc.assert(
      fc.property(inputsArb, (inputs) => {
        const previous = release(inputs);
        const again = identify(inputs, previous);
        expect(again.records).toEqual(previous.records);
        for (const r of again.records) expect(again.matchedBy.has(r.id)).toBe(true);
        expect([...again.matchedBy.values()].every((m) => m === 'id' || m === 'text')).toBe(true);
        const diff = diffDatasets(previous, { records: again.records, cities: buildCities(inputs) }, again.matchedBy);
        expect(diff.changes).toEqual([]);
        expect(planVersion(previous.version, diff)).toBeNull();
      }),
      { seed: FC_SEED, numRuns: runs(150) },
    );
  });
});

describe('property: releasing the same seeds twice publishes nothing the second time (CLI, local store)', () => {
  it('release → v1.0.0; release again → unchanged, exit 0, no new version', async () => {
    await fc.assert(
      fc.asyncProperty(seedInputsArb({ maxCities: 3, maxCommitments: 5, ids: true, echoes: true, pool: { minBigrams: 1, maxDice: 1 } }), async (inputs) => {
        const files: Record<string, string> = {};
        for (const { city, seed } of inputs) files[`seeds/${seed.year}/${city.slug}.json`] = renderSeedFile(seed);
        const dir = await makeTempDir(files);
        const first = await cli(dir, ['release', '--quiet', '--format', 'json']);
        expect(first.code, first.stderr).toBe(0);
        expect(JSON.parse(first.stdout)).toMatchObject({ status: 'published', version: '1.0.0', bump: 'initial' });
        const second = await cli(dir, ['release', '--quiet', '--format', 'json']);
        expect(second.code, second.stderr).toBe(0);
        expect(JSON.parse(second.stdout)).toEqual({ status: 'unchanged', version: '1.0.0', records: inputs.reduce((n, i) => n + i.seed.commitments.length, 0) });
        const versions = (await readdir(path.join(dir, 'dist', 'releases'))).filter((name) => /^v\d/.test(name));
        expect(versions).toEqual(['v1.0.0']);
      }),
      { seed: FC_SEED, numRuns: runs(4) },
    );
  });
});
