import path from 'node:path';
import type { Dataset } from '../domain/dataset.ts';
import type { DatasetDiff } from '../diff/diff-datasets.ts';
import { FORMAT_VERSION, type ChangesFile } from '../schemas/release.ts';
import type { VersionPlan } from '../version/plan-version.ts';
import { renderSha256Sums } from './checksums.ts';
import { ASSET, assetNamesOf, zipNameOf, type Asset } from './names.ts';
import { renderChangelog } from './render-changelog.ts';
import { csvChunks } from './render-csv.ts';
import { parquetChunks } from './render-parquet.ts';
import { renderDatapackage } from './render-datapackage.ts';
import { changesJsonChunks, commitmentsJsonChunks, renderCitiesJson } from './render-json.ts';
import { removeParts, writeZipFile } from './render-zip.ts';
import { stageBytes, stageText } from './stage.ts';
import { fileAsset, memoryAsset, type MemoryAsset } from './asset.ts';
import { deflateBytes, EntryDeflater, type DeflatedEntry } from './deflate.ts';

/** Every file of one release, ready for a store. */
export interface RenderedRelease {
  readonly version: string;
  readonly tag: string;
  /** In the order of DESIGN.md's asset table. */
  readonly assets: readonly Asset[];
  /** The release's CHANGELOG.md, also used as the release notes. */
  readonly notes: string;
  readonly changes: ChangesFile;
}

export interface RenderInput {
  readonly plan: VersionPlan;
  readonly diff: DatasetDiff;
  readonly before: Pick<Dataset, 'cities'> | null;
  readonly after: Dataset & { version: string };
  /** Release time from SOURCE_DATE_EPOCH or the seeds' commit; null when unknown. Never the wall clock. */
  readonly date: Date | null;
}

const encoder = new TextEncoder();
const utf8 = (name: string, text: string): MemoryAsset => memoryAsset(name, encoder.encode(text));
const isMemoryAsset = (a: Asset): a is MemoryAsset => 'bytes' in a;

/** The changes.json content of a release. */
export function buildChangesFile(plan: VersionPlan, diff: DatasetDiff): ChangesFile {
  return { formatVersion: FORMAT_VERSION, from: plan.from, to: plan.to, bump: plan.bump, summary: diff.summary, changes: diff.changes };
}

/**
 * Renders every asset of a release into `stagingDir` (large ones as files, written in
 * chunks; small ones in memory); byte-identical for the same input. The large files are
 * compressed for the zip while they are rendered, on the other cores.
 */
export async function stageAssets(input: RenderInput, stagingDir: string): Promise<RenderedRelease> {
  const { plan, diff, after } = input;
  const changes = buildChangesFile(plan, diff);
  const isoDate = input.date ? input.date.toISOString().replace(/\.\d{3}Z$/, 'Z') : null;
  const notes = renderChangelog({
    plan,
    changes: diff.changes,
    summary: diff.summary,
    before: input.before,
    after,
    date: isoDate ? isoDate.slice(0, 10) : null,
  });
  const deflaters: EntryDeflater[] = [];
  const entries: Array<Promise<DeflatedEntry>> = [];
  /** Stages a large asset as a file and compresses it for the zip as it is written. */
  const stageCompressed = async <T>(
    stage: (dir: string, name: string, chunks: Iterable<T>, deflater: EntryDeflater) => Promise<Asset>,
    name: string,
    chunks: Iterable<T>,
  ): Promise<{ asset: Asset; entry: Promise<DeflatedEntry> }> => {
    const deflater = new EntryDeflater(name, path.join(stagingDir, `${name}.zip-part`));
    deflaters.push(deflater);
    const asset = await stage(stagingDir, name, chunks, deflater);
    const entry = deflater.finish();
    entries.push(entry);
    return { asset, entry };
  };
  try {
    const json = (await stageCompressed(stageText, ASSET.commitmentsJson, commitmentsJsonChunks(after))).asset;
    const csv = (await stageCompressed(stageText, ASSET.commitmentsCsv, csvChunks(after, 'plain'))).asset;
    const excel = (await stageCompressed(stageText, ASSET.commitmentsExcelCsv, csvChunks(after, 'excel'))).asset;
    const parquet = (await stageCompressed(stageBytes, ASSET.commitmentsParquet, parquetChunks(after))).asset;
    const changesAsset = (await stageCompressed(stageText, ASSET.changesJson, changesJsonChunks(changes))).asset;
    const data: Asset[] = [json, csv, excel, parquet, utf8(ASSET.citiesJson, renderCitiesJson(after)), changesAsset, utf8(ASSET.changelog, notes)];
    const sources = new Map<string, { title: string; publisher: string }>();
    for (const c of after.cities) sources.set(`${c.source.title}|${c.source.publisher}`, { title: c.source.title, publisher: c.source.publisher });
    const datapackage = utf8(
      ASSET.datapackage,
      renderDatapackage({
        version: plan.to,
        title: '山东16市重点工作任务公开承诺事项 Shandong city commitments',
        sources: [...sources.values()],
        created: isoDate,
        assets: data,
      }),
    );
    const inner = [...data, datapackage];
    const innerSums = utf8(ASSET.sums, renderSha256Sums(inner));
    for (const a of [...inner, innerSums]) if (isMemoryAsset(a)) entries.push(deflateBytes(a.name, a.bytes));
    const zipName = zipNameOf(plan.to);
    const zipFile = path.join(stagingDir, zipName);
    const compressed = await Promise.all(entries);
    const written = writeZipFile(zipFile, compressed, input.date);
    removeParts(compressed);
    const zip = fileAsset(zipName, zipFile, written.size, written.sha256);
    const sums = utf8(ASSET.sums, renderSha256Sums([...inner, zip]));
    const all = new Map([...inner, sums, zip].map((a) => [a.name, a]));
    return { version: plan.to, tag: `v${plan.to}`, assets: assetNamesOf(plan.to).map((n) => all.get(n)!), notes, changes };
  } catch (err) {
    for (const d of deflaters) d.abandon();
    await Promise.allSettled(entries);
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
