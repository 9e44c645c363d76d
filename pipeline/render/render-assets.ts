import type { Dataset } from '../domain/dataset.ts';
import type { DatasetDiff } from '../diff/diff-datasets.ts';
import { memoryAsset, type Asset, type MemoryAsset } from '../release-format/asset.ts';
import { renderSha256Sums } from '../release-format/checksums.ts';
import { ASSET, assetNamesOf, zipNameOf } from '../release-format/names.ts';
import type { ReleaseFiles } from '../release-format/release-files.ts';
import { tagOf } from '../release-format/versions.ts';
import { FORMAT_VERSION, type ChangesFile, type ReleaseSource } from '../schemas/release.ts';
import type { VersionPlan } from '../version/plan-version.ts';
import { renderChangelog } from './render-changelog.ts';
import { csvChunks, targetsCsvChunks } from './render-csv.ts';
import { renderDatapackage } from './render-datapackage.ts';
import { changesJsonChunks, commitmentsJsonChunks, renderCitiesJson } from './render-json.ts';
import { openZipFile } from './render-zip.ts';
import { parquetChunks } from './render-parquet.ts';
import { stageBytes, stageText } from './stage.ts';

/** Every file of one release, ready for a store, with the changes it publishes. */
export interface RenderedRelease extends ReleaseFiles {
  readonly changes: ChangesFile;
}

export interface RenderInput {
  readonly plan: VersionPlan;
  readonly diff: DatasetDiff;
  readonly source: ReleaseSource;
  readonly before: Pick<Dataset, 'cities'> | null;
  readonly after: Dataset & { version: string };
  /** Release time from SOURCE_DATE_EPOCH or the seeds' commit; null when unknown. Never the wall clock. */
  readonly date: Date | null;
}

const encoder = new TextEncoder();
const utf8 = (name: string, text: string): MemoryAsset => memoryAsset(name, encoder.encode(text));

/** The changes.json content of a release. */
export function buildChangesFile(plan: VersionPlan, diff: DatasetDiff, source: ReleaseSource): ChangesFile {
  return { formatVersion: FORMAT_VERSION, from: plan.from, to: plan.to, bump: plan.bump, source, summary: diff.summary, changes: diff.changes };
}

/**
 * Renders every asset of a release into `stagingDir` (large ones as files, written in
 * chunks; small ones in memory); byte-identical for the same input. `signal` stops it
 * (with the signal's reason) before the zip and during it.
 */
export async function stageAssets(input: RenderInput, stagingDir: string, signal?: AbortSignal): Promise<RenderedRelease> {
  const { plan, diff, after } = input;
  const changes = buildChangesFile(plan, diff, input.source);
  const isoDate = input.date ? input.date.toISOString().replace(/\.\d{3}Z$/, 'Z') : null;
  const notes = renderChangelog({
    plan,
    changes: diff.changes,
    summary: diff.summary,
    before: input.before,
    after,
    date: isoDate ? isoDate.slice(0, 10) : null,
    source: input.source,
  });
  // Each asset goes into the zip as soon as it is staged, in the release's asset order: the
  // zip compresses it while the next is rendered. SHA256SUMS, which lists them all, goes last.
  const { zip, asset: zipAsset } = openZipFile(stagingDir, zipNameOf(plan.to), input.date, signal);
  try {
    const data: Asset[] = [];
    const staged = async (asset: Asset | Promise<Asset>, options?: { store?: boolean }): Promise<void> => {
      const a = await asset;
      signal?.throwIfAborted();
      data.push(a);
      zip.add(a, options);
    };
    await staged(stageText(stagingDir, ASSET.commitmentsJson, commitmentsJsonChunks(after)));
    await staged(stageText(stagingDir, ASSET.commitmentsCsv, csvChunks(after, 'plain')));
    await staged(stageText(stagingDir, ASSET.commitmentsExcelCsv, csvChunks(after, 'excel')));
    // Parquet pages are compressed already (Snappy): stored as they are.
    await staged(stageBytes(stagingDir, ASSET.commitmentsParquet, parquetChunks(after)), { store: true });
    await staged(stageText(stagingDir, ASSET.targetsCsv, targetsCsvChunks(after)));
    await staged(utf8(ASSET.citiesJson, renderCitiesJson(after)));
    await staged(stageText(stagingDir, ASSET.changesJson, changesJsonChunks(changes)));
    await staged(utf8(ASSET.changelog, notes));
    const sources = new Map<string, { title: string; publisher: string }>();
    for (const c of after.cities) sources.set(`${c.source.title}|${c.source.publisher}`, { title: c.source.title, publisher: c.source.publisher });
    await staged(
      utf8(
        ASSET.datapackage,
        renderDatapackage({
          version: plan.to,
          title: '山东16市重点工作任务公开承诺事项 Shandong city commitments',
          sources: [...sources.values()],
          created: isoDate,
          assets: [...data],
        }),
      ),
    );
    const inner = [...data];
    zip.add(utf8(ASSET.sums, renderSha256Sums(inner)));
    const zipped = await zipAsset();
    const sums = utf8(ASSET.sums, renderSha256Sums([...inner, zipped]));
    const all = new Map([...inner, sums, zipped].map((a) => [a.name, a]));
    return { version: plan.to, tag: tagOf(plan.to), from: plan.from, assets: assetNamesOf(plan.to).map((n) => all.get(n)!), notes, changes };
  } catch (err) {
    zip.abandon(err instanceof Error ? err : new Error(String(err)));
    throw err;
  }
}

/** A release whose assets are all in memory. */
export type InMemoryRelease = Omit<RenderedRelease, 'assets'> & { readonly assets: readonly MemoryAsset[] };

/** The same release with every asset read into memory (for callers that outlive the staging folder). */
export async function loadIntoMemory(release: RenderedRelease): Promise<InMemoryRelease> {
  const assets = await Promise.all(release.assets.map(async (a) => memoryAsset(a.name, await a.read())));
  return { ...release, assets };
}
