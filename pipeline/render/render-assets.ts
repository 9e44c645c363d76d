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
 * The order a release's assets are staged in, which is its zip's entry order (SHA256SUMS,
 * listing them all, comes after). Each asset goes into the zip as soon as it is staged, and
 * the zip deflates it (in its own thread) while this one renders the next: the order keeps
 * both busy. First the text assets that take longer to deflate than to render,
 * quickest first, so the zip has work early; then targets.csv; the Parquet (stored as it is,
 * nothing to deflate) last of the large ones, rendered while the zip catches up; the small
 * ones at the end. At 100k records this cut the render step from 8.4 s to 7.6 s (measured
 * before the zip had a thread of its own): before, the zip was left deflating changes.json
 * (120 MB in a first release) alone at the end.
 */
export const STAGING_ORDER = [
  ASSET.commitmentsCsv,
  ASSET.commitmentsExcelCsv,
  ASSET.commitmentsJson,
  ASSET.changesJson,
  ASSET.targetsCsv,
  ASSET.commitmentsParquet,
  ASSET.citiesJson,
  ASSET.changelog,
  ASSET.datapackage,
] as const;
type StagedAsset = (typeof STAGING_ORDER)[number];

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
  const sources = new Map<string, { title: string; publisher: string }>();
  for (const c of after.cities) sources.set(`${c.source.title}|${c.source.publisher}`, { title: c.source.title, publisher: c.source.publisher });
  const data: Asset[] = [];
  const render: Record<StagedAsset, () => Asset | Promise<Asset>> = {
    [ASSET.commitmentsCsv]: () => stageText(stagingDir, ASSET.commitmentsCsv, csvChunks(after, 'plain')),
    [ASSET.commitmentsExcelCsv]: () => stageText(stagingDir, ASSET.commitmentsExcelCsv, csvChunks(after, 'excel')),
    [ASSET.commitmentsJson]: () => stageText(stagingDir, ASSET.commitmentsJson, commitmentsJsonChunks(after)),
    [ASSET.changesJson]: () => stageText(stagingDir, ASSET.changesJson, changesJsonChunks(changes)),
    [ASSET.targetsCsv]: () => stageText(stagingDir, ASSET.targetsCsv, targetsCsvChunks(after)),
    [ASSET.commitmentsParquet]: () => stageBytes(stagingDir, ASSET.commitmentsParquet, parquetChunks(after)),
    [ASSET.citiesJson]: () => utf8(ASSET.citiesJson, renderCitiesJson(after)),
    [ASSET.changelog]: () => utf8(ASSET.changelog, notes),
    // Last: it describes the data assets staged before it.
    [ASSET.datapackage]: () =>
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
  };
  const { zip, asset: zipAsset } = openZipFile(stagingDir, zipNameOf(plan.to), input.date, signal);
  try {
    for (const name of STAGING_ORDER) {
      const a = await render[name]();
      signal?.throwIfAborted();
      data.push(a);
      // Parquet pages are compressed already (Snappy): stored as they are.
      zip.add(a, { store: name === ASSET.commitmentsParquet });
    }
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
