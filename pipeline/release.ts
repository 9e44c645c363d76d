/**
 * The release, as a straight line of steps (docs/architecture.md, "The flow"):
 * load seeds → validate → read the previous release → identify → diff → plan the
 * version → render the assets → publish to the store. This file is the only place
 * that knows the order; each step is pure except loading and the store.
 */
import { tmpdir } from 'node:os';
import { asCancelled, throwIfCancelled } from './cancel.ts';
import { withState } from './fs-errors.ts';
import type { Dataset, MatchKind } from './domain/dataset.ts';
import { ByIdDiff, type DatasetDiff } from './diff/diff-datasets.ts';
import { withCommits } from './diff/provenance.ts';
import { buildCities, buildDataset } from './identify/build-dataset.ts';
import { ComparePrevious } from './identify/compare-previous.ts';
import { loadIntoMemory, stageAssets, type RenderedRelease } from './render/render-assets.ts';
import { mapSeedFiles } from './seeds/load-seeds.ts';
import { readChangesHead, readCityYears, type ReleaseWithoutRecords } from './release-format/read-release.ts';
import type { ReleaseSource } from './release-format/release-files.ts';
import type { ReleaseSource as ReleaseProvenance } from './schemas/release.ts';
import type { HistoryRange, SeedHistory } from './seeds/seed-history.ts';
import { guardStaging, makeStagingDir, removeStagingDir, removeStaleStaging } from './staging.ts';
import type { PublishResult, ReleaseStore } from './store/store.ts';
import type { Problem } from './validate/codes.ts';
import { combineValidations, hasErrors, validateSeedFile, type ValidSeed } from './validate/validate-seeds.ts';
import { planVersion, type VersionPlan } from './version/plan-version.ts';

/** The world a release runs in: no globals, everything arrives here. */
export interface ReleaseContext {
  readonly seedsDir: string;
  /** Working folder, for the file names shown in problems. */
  readonly cwd: string;
  readonly store: ReleaseStore;
  /** Release time (SOURCE_DATE_EPOCH or the seeds' last commit), or null. Never the wall clock. */
  readonly date: Date | null;
  /** One line per finished stage, for people watching a long run. */
  readonly progress: (line: string) => void;
  /** Monotonic milliseconds, for the stage timings in the progress lines. */
  readonly now: () => number;
  /** Where to stage the rendered assets before publishing (default: the system's temp folder). */
  readonly tempDir?: string;
  /** The seeds' git history in a range (readSeedHistory; a stub where there is no git). */
  readonly readHistory: (range: HistoryRange) => Promise<SeedHistory>;
  /**
   * Aborted when the run is cancelled (SIGINT/SIGTERM, through the CLI): no new step starts,
   * and the error says what the run left. The store is given the same signal by whoever made it.
   */
  readonly signal?: AbortSignal;
}

/** What a run stopped before its store's publish step left. */
const NOTHING_PUBLISHED = 'nothing was published';

export type ReleasePlan =
  | { readonly kind: 'invalid'; readonly problems: Problem[]; readonly files: number }
  | { readonly kind: 'unchanged'; readonly problems: Problem[]; readonly latest: string; readonly records: number }
  | {
      readonly kind: 'planned';
      readonly problems: Problem[];
      readonly plan: VersionPlan;
      readonly diff: DatasetDiff;
      /** The commits the release is built from, and whether the changes list theirs. */
      readonly source: ReleaseProvenance;
      /** The previous release's version and cities (its records are let go once diffed). */
      readonly previous: Pick<Dataset, 'version' | 'cities'> | null;
      readonly dataset: Dataset & { version: string };
    };

export type ReleaseOutcome =
  | Exclude<ReleasePlan, { kind: 'planned' }>
  | (Extract<ReleasePlan, { kind: 'planned' }> & { readonly release: RenderedRelease; readonly published: PublishResult | null });

async function timed<T>(ctx: ReleaseContext, label: (value: T) => string, step: () => T | Promise<T>): Promise<T> {
  throwIfCancelled(ctx.signal, NOTHING_PUBLISHED);
  const start = ctx.now();
  const value = await step();
  ctx.progress(`${label(value)} (${Math.round(ctx.now() - start)} ms)`);
  return value;
}

/** Everything up to the version: what a release would publish (used by `diff` and `release`). */
export async function planRelease(ctx: ReleaseContext): Promise<ReleasePlan> {
  const { seeds, problems, files } = await loadValidSeeds(ctx);
  if (!seeds) return { kind: 'invalid', problems, files };

  const versions = await ctx.store.listVersions();
  const latest = versions[versions.length - 1] ?? null;
  const compared = await compareWithLatest(ctx, seeds, latest);
  if (!compared.plan) return { kind: 'unchanged', problems, latest: latest!, records: compared.records };
  const { plan, diff, dataset, previous } = compared;
  // Provenance: the previous release's commit, and the commits that touched each seed file since.
  const previousCommit = latest ? ((await readChangesHead(ctx.store, latest)).source?.commit ?? null) : null;
  const traced = await timed(
    ctx,
    (t) => `seed history: ${t.source.history}${t.source.commit ? ` at ${t.source.commit.slice(0, 12)}` : ''}, ${t.seedCommits} commit(s) on seed files`,
    () => traceChanges(ctx, diff, dataset, { first: latest === null, previousCommit }),
  );
  return { kind: 'planned', problems, plan, diff: traced.diff, source: traced.source, previous, dataset };
}

/** A diff whose changes carry their commits, with changes.json's `source`. */
export interface TracedDiff {
  readonly diff: DatasetDiff;
  readonly source: ReleaseProvenance;
  /** How many commits touched seed files in the range read (0 when none was read). */
  readonly seedCommits: number;
}

/**
 * The commits behind a diff, read from git (used by `release` and `diff`): those after
 * `previousCommit` (every one when `first`) up to `until` (default: HEAD of a clean work
 * tree; null: none read) that touched each seed file, given to the changes of that file.
 */
export async function traceChanges(
  ctx: ReleaseContext,
  diff: DatasetDiff,
  after: Pick<Dataset, 'records' | 'cities'>,
  range: { readonly first: boolean; readonly previousCommit: string | null; readonly until?: string | null },
): Promise<TracedDiff> {
  const history: SeedHistory =
    range.until === null
      ? { commit: null, state: 'unavailable', commitsByFile: new Map() }
      : await ctx.readHistory({ first: range.first, since: range.previousCommit, ...(range.until === undefined ? {} : { until: range.until }) });
  return {
    diff: { summary: diff.summary, changes: withCommits(diff.changes, after, history.commitsByFile) },
    source: { commit: history.commit, previousCommit: range.previousCommit, history: history.state },
    seedCommits: [...history.commitsByFile.values()].reduce((n, c) => n + c.length, 0),
  };
}

/**
 * Identifies the seeds against the latest release, diffs them and plans the version. The
 * previous release is read one city-year at a time (readCityYears): each is matched and
 * diffed (ComparePrevious) as it comes and then let go, so its records never
 * exist all at once — at a million records they would be about a gigabyte.
 */
async function compareWithLatest(
  ctx: ReleaseContext,
  seeds: ValidSeed[],
  latest: string | null,
): Promise<
  | { plan: null; records: number }
  | { plan: VersionPlan; records: number; diff: DatasetDiff; dataset: Dataset & { version: string }; previous: Pick<Dataset, 'version' | 'cities'> | null }
> {
  const cities = buildCities(seeds);
  const count = seeds.reduce((n, s) => n + s.seed.commitments.length, 0);
  const compare = await timed(
    ctx,
    () => `built ${count} record(s) from the seeds`,
    () => new ComparePrevious(seeds.splice(0)), // emptied: the parsed seeds go once their records are built
  );
  const previous = latest
    ? await timed(
        ctx,
        (p) => `read v${latest} from ${ctx.store.description}, city-year by city-year, and matched it: ${p.recordCount} commitment(s)`,
        () =>
          readCityYears(ctx.store, latest, (records) => {
            throwIfCancelled(ctx.signal, NOTHING_PUBLISHED);
            compare.cityYear(records);
          }),
      )
    : null;
  if (!latest) ctx.progress(`no previous release in ${ctx.store.description}`);

  const identified = await timed(
    ctx,
    (i) => `identified ${i.records.length} commitment(s): ${i.matchedBy.size} carried forward, ${i.records.length - i.matchedBy.size} new`,
    () => compare.identify((previous?.withdrawn ?? []).map((w) => w.id)),
  );
  const diff = await timed(
    ctx,
    (d) => `diff: ${d.summary.added} added, ${d.summary.removed} withdrawn, ${d.summary.modified - d.summary.renumbered} modified, ${d.summary.renumbered} only renumbered, ${d.changes.filter((c) => c.scope === 'city').length} city change(s)`,
    () => compare.diff(previous?.cities ?? [], cities),
  );
  const plan = planVersion(latest, diff);
  if (!plan) return { plan: null, records: identified.records.length };
  const dataset = buildDataset(plan.to, identified.records, cities, previous ? { records: compare.removed, withdrawn: previous.withdrawn } : null) as Dataset & { version: string };
  return { plan, records: dataset.records.length, diff, dataset, previous: previous ? { version: previous.version, cities: previous.cities } : null };
}

/**
 * diffDatasets with the older side a published release, read one city-year at a time
 * (readCityYears): only the newer side is held whole. What `diff --from` uses.
 */
export async function diffFromRelease(
  store: ReleaseSource,
  version: string,
  after: Pick<Dataset, 'records' | 'cities'>,
  matchedBy: ReadonlyMap<string, MatchKind> = new Map(),
): Promise<{ readonly before: ReleaseWithoutRecords; readonly diff: DatasetDiff }> {
  const diff = new ByIdDiff(after, matchedBy);
  const before = await readCityYears(store, version, (records) => {
    for (const old of records) diff.before(old);
  });
  return { before, diff: diff.finish(before.cities) };
}

/** Reads and validates the seeds; `seeds` is null when any file has errors. */
async function loadValidSeeds(ctx: ReleaseContext): Promise<{ seeds: ValidSeed[] | null; problems: Problem[]; files: number }> {
  const checked = await timed(ctx, (f) => `read and checked ${f.length} seed file(s)`, () => mapSeedFiles(ctx.seedsDir, ctx.cwd, (file) => validateSeedFile(file, { nearDuplicates: false })));
  const validation = await timed(
    ctx,
    (v) => `validated: ${v.problems.filter((p) => p.severity === 'error').length} error(s), ${v.problems.filter((p) => p.severity === 'warning').length} warning(s)`,
    () => combineValidations(checked),
  );
  return { seeds: hasErrors(validation.problems) ? null : validation.seeds, problems: validation.problems, files: checked.length };
}

/**
 * The whole release. Assets are staged in a temporary folder (large ones as files) and
 * published from there; the folder is removed afterwards. With `dryRun`, everything is
 * rendered but nothing is published, and the assets are returned in memory.
 * A cancelled run (ctx.signal) throws a CancelledError saying what it left.
 */
export async function runRelease(ctx: ReleaseContext, options: { dryRun?: boolean } = {}): Promise<ReleaseOutcome> {
  try {
    return await runReleaseSteps(ctx, options);
  } catch (err) {
    throw asCancelled(withState(err, NOTHING_PUBLISHED), ctx.signal, NOTHING_PUBLISHED);
  }
}

async function runReleaseSteps(ctx: ReleaseContext, options: { dryRun?: boolean }): Promise<ReleaseOutcome> {
  const planned = await planRelease(ctx);
  const tempDir = ctx.tempDir ?? tmpdir();
  if (planned.kind === 'unchanged' && !options.dryRun) {
    throwIfCancelled(ctx.signal, NOTHING_PUBLISHED);
    await ctx.store.reconcile?.();
    await removeStaleStaging(tempDir); // what a run that failed after publishing left (makeStagingDir does it otherwise)
  }
  if (planned.kind !== 'planned') return planned;
  const staging = await makeStagingDir(tempDir);
  let outcome: Extract<ReleaseOutcome, { kind: 'planned' }>;
  try {
    const staged = await timed(
      ctx,
      (r) => `rendered ${r.assets.length} assets of v${r.version} (${(r.assets.reduce((n, a) => n + a.size, 0) / 1024).toFixed(0)} KiB)`,
      () => guardStaging(tempDir, () => stageAssets({ plan: planned.plan, diff: planned.diff, source: planned.source, before: planned.previous, after: planned.dataset, date: ctx.date }, staging, ctx.signal)),
    );
    if (options.dryRun) {
      outcome = { ...planned, release: await guardStaging(tempDir, () => loadIntoMemory(staged)), published: null };
    } else {
      const published = await timed(
        ctx,
        (p) => (p.status === 'published' ? `published v${staged.version} to ${ctx.store.description}` : `v${staged.version} was already published with these bytes`),
        () => ctx.store.publish(staged),
      );
      outcome = { ...planned, release: staged, published };
    }
  } catch (err) {
    // The error that matters is the step's; a folder left here goes with the next run.
    await removeStagingDir(staging, NOTHING_PUBLISHED).catch(() => undefined);
    throw err;
  }
  const done = outcome.published ? `v${outcome.plan.to} is published (${outcome.published.location})` : NOTHING_PUBLISHED;
  await removeStagingDir(staging, `${done}; only the temporary folder is left, and the next run removes it`);
  return outcome;
}
