/**
 * One release, stage by stage, with the pipeline's own functions (the same calls as
 * pipeline/release.ts, in the same order), so each stage gets its own time and the
 * memory it leaves behind. The zip is timed apart from the other renderers by zipping the
 * same inner files a second time, and the renderers are then timed one by one.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildCities, buildDataset } from '../pipeline/identify/build-dataset.ts';
import { ComparePrevious } from '../pipeline/identify/compare-previous.ts';
import { renderSha256Sums } from '../pipeline/release-format/checksums.ts';
import { ASSET, zipNameOf } from '../pipeline/release-format/names.ts';
import { memoryAsset } from '../pipeline/release-format/asset.ts';
import { buildChangesFile, stageAssets } from '../pipeline/render/render-assets.ts';
import { renderChangelog } from '../pipeline/render/render-changelog.ts';
import { renderCsv } from '../pipeline/render/render-csv.ts';
import { renderParquet } from '../pipeline/render/render-parquet.ts';
import { renderChangesJson, renderCommitmentsJson } from '../pipeline/render/render-json.ts';
import { openZipFile } from '../pipeline/render/render-zip.ts';
import { loadSeedFiles } from '../pipeline/seeds/load-seeds.ts';
import { LocalStore } from '../pipeline/store/local-store.ts';
import { readCityYears } from '../pipeline/release-format/read-release.ts';
import { hasErrors, validateSeeds } from '../pipeline/validate/validate-seeds.ts';
import { planVersion } from '../pipeline/version/plan-version.ts';

const MB = 1024 * 1024;
/** The generated seeds are not a git checkout: no commits to record. */
const NO_SOURCE = { commit: null, previousCommit: null, history: 'unavailable' } as const;

export interface StageTime {
  readonly stage: string;
  readonly ms: number;
  /** Resident set size right after the stage. */
  readonly rssMb: number;
  /** Peak RSS of the process so far (shows which stage set the peak). */
  readonly peakMb: number;
}

export interface StagesResult {
  readonly outcome: 'planned' | 'unchanged' | 'failed';
  readonly version: string | null;
  readonly stages: StageTime[];
  /** Renderers one by one (after the release, not part of the stage sum). */
  readonly renderParts: StageTime[];
}

/** The stage that builds the records from the seeds (targets read from the texts), before any matching. */
export const BUILD_RECORDS = 'build records';

/** The stage that reads the previous release and matches and diffs it as it comes (release.ts's first read). */
export const READ_AND_MATCH = 'read previous (streamed: match + compare)';

/** A fixed release time: assets stay byte-identical between runs, and no git call is made. */
export const BENCH_DATE = new Date(Date.UTC(2024, 0, 1));

export async function timeStages(seedsDir: string, storeRoot: string): Promise<StagesResult> {
  const store = new LocalStore(storeRoot);
  const stages: StageTime[] = [];
  const mark = (list: StageTime[], stage: string, start: number): void => {
    list.push({
      stage,
      ms: performance.now() - start,
      rssMb: process.memoryUsage.rss() / MB,
      peakMb: process.resourceUsage().maxRSS / 1024,
    });
  };
  const step = async <T>(stage: string, fn: () => T | Promise<T>, list = stages): Promise<T> => {
    const start = performance.now();
    try {
      const value = await fn();
      mark(list, stage, start);
      return value;
    } catch (err) {
      // Where a size breaks the pipeline is a result too: keep the stages before it.
      const message = err instanceof Error ? err.message : String(err);
      mark(list, `FAILED in ${stage} after ${Math.round(performance.now() - start)} ms: ${message}`, performance.now());
      throw new StageFailure(message);
    }
  };
  const renderParts: StageTime[] = [];
  try {
    return await runStages(seedsDir, store, step, stages, renderParts);
  } catch (err) {
    if (!(err instanceof StageFailure)) throw err;
    return { outcome: 'failed', version: null, stages, renderParts };
  }
}

class StageFailure extends Error {}

type Step = <T>(stage: string, fn: () => T | Promise<T>, list?: StageTime[]) => Promise<T>;

async function runStages(seedsDir: string, store: LocalStore, step: Step, stages: StageTime[], renderParts: StageTime[]): Promise<StagesResult> {
  const files = await step('load', () => loadSeedFiles(seedsDir, seedsDir));
  const validation = await step('validate', () => validateSeeds(files));
  if (hasErrors(validation.problems)) throw new Error(`generated seeds have errors: ${validation.problems[0]?.message}`);
  const versions = await store.listVersions();
  const latest = versions[versions.length - 1] ?? null;
  // As pipeline/release.ts does it: the previous release streamed city-year by city-year.
  const cities = buildCities(validation.seeds);
  const compare = await step(BUILD_RECORDS, () => new ComparePrevious(validation.seeds));
  const previous = latest ? await step(READ_AND_MATCH, () => readCityYears(store, latest, (records) => compare.cityYear(records))) : null;
  const identified = await step('identify', () => compare.identify((previous?.withdrawn ?? []).map((w) => w.id)));
  const diff = await step('diff', () => compare.diff(previous?.cities ?? [], cities));
  const plan = planVersion(latest, diff);
  if (!plan) return { outcome: 'unchanged', version: latest, stages, renderParts: [] };
  const dataset = await step('plan', () => ({ ...buildDataset(plan.to, identified.records, cities, previous ? { records: compare.removed, withdrawn: previous.withdrawn } : null), version: plan.to }));
  // Assets are staged in a temporary folder as in pipeline/release.ts (large ones as files).
  const staging = await mkdtemp(path.join(tmpdir(), 'bench-staging-'));
  try {
    const release = await step('render (all)', () => stageAssets({ plan, diff, source: NO_SOURCE, before: previous, after: dataset, date: BENCH_DATE }, staging));
    const inner = release.assets.filter((a) => a.name !== ASSET.sums && a.name !== zipNameOf(plan.to));
    const sums = memoryAsset(ASSET.sums, new TextEncoder().encode(renderSha256Sums(inner)));
    await step('zip (again)', async () => {
      const { zip, asset } = openZipFile(staging, 'again.zip', BENCH_DATE);
      for (const a of [...inner, sums]) zip.add(a, { store: a.name === ASSET.commitmentsParquet });
      return asset();
    });
    await step('publish', () => store.publish(release));
    await step('root index (again)', () => store.writeRootFiles());
    await step('SHA256SUMS', () => renderSha256Sums(release.assets), renderParts);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }

  await step('commitments.json', () => renderCommitmentsJson(dataset), renderParts);
  await step('commitments.csv', () => renderCsv(dataset, 'plain'), renderParts);
  await step('commitments-excel.csv', () => renderCsv(dataset, 'excel'), renderParts);
  await step('commitments.parquet', () => renderParquet(dataset), renderParts);
  await step('changes.json', () => renderChangesJson(buildChangesFile(plan, diff, NO_SOURCE)), renderParts);
  await step(
    'CHANGELOG.md',
    () => renderChangelog({ plan, changes: diff.changes, summary: diff.summary, before: previous, after: dataset, date: '2024-01-01', source: NO_SOURCE }),
    renderParts,
  );
  return { outcome: 'planned', version: plan.to, stages, renderParts };
}
