import type { Dataset, MatchKind } from '../../domain/dataset.ts';
import { diffDatasets, type DatasetDiff } from '../../diff/diff-datasets.ts';
import { PipelineError } from '../../errors.ts';
import { lineJsonChunks } from '../../release-format/line-json.ts';
import { readChanges, readChangesHead, readDataset } from '../../release-format/read-release.ts';
import { readVersionInput } from '../../release-format/versions.ts';
import { diffFromRelease, planRelease, traceChanges, type TracedDiff } from '../../release.ts';
import { buildChangesFile } from '../../render/render-assets.ts';
import { renderChangelog } from '../../render/render-changelog.ts';
import { renderDiffText } from '../../render/render-diff-text.ts';
import { renderChangesJson } from '../../render/render-json.ts';
import { encodeChunks } from '../../render/stage.ts';
import { FORMAT_VERSION, type Change, type ReleaseSource as ReleaseProvenance } from '../../schemas/release.ts';
import type { ReleaseStore } from '../../store/store.ts';
import { planVersion, type VersionPlan } from '../../version/plan-version.ts';
import { readFormat, type Command, type Values } from '../command.ts';
import { createReleaseContext, STORE_HELP, STORE_OPTIONS } from '../context.ts';
import { formatProblems } from '../format-problems.ts';

type DiffFormat = 'text' | 'json' | 'markdown';

function readVersionOption(values: Values, name: string): string | null {
  const raw = values[name];
  if (raw === undefined) return null;
  const v = readVersionInput(String(raw));
  if (v === null) throw new PipelineError('E_USAGE', `--${name} must be a version such as v1.0.0, not "${String(raw)}"`);
  return v;
}

function ensureListed(store: ReleaseStore, version: string, versions: readonly string[]): void {
  if (!versions.includes(version)) {
    throw new PipelineError('E_NOT_FOUND', `v${version} is not in ${store.description}`, [
      versions.length ? `releases: ${versions.map((v) => `v${v}`).join(', ')}` : 'the store has no releases yet',
    ]);
  }
}

function output(
  format: DiffFormat,
  { diff, source }: Pick<TracedDiff, 'diff' | 'source'>,
  plan: VersionPlan | null,
  fromLabel: string,
  toLabel: string,
  before: Pick<Dataset, 'version' | 'cities'> | null,
  after: Pick<Dataset, 'version' | 'cities' | 'records'>,
): string {
  if (format === 'json') {
    // The layout of a release's changes.json: one change per line. With nothing to
    // release there is no version to go to: `to` is null and `bump` "none".
    const bytes = plan
      ? renderChangesJson(buildChangesFile(plan, diff, source))
      : encodeChunks(lineJsonChunks({ formatVersion: FORMAT_VERSION, from: before?.version ?? null, to: null, bump: 'none', source, summary: diff.summary }, { changes: diff.changes }));
    return Buffer.from(bytes).toString('utf8');
  }
  if (format === 'markdown') {
    if (!plan) return `**No changes** between ${fromLabel} and ${toLabel}: nothing to release.\n`;
    return renderChangelog({ plan, changes: diff.changes, summary: diff.summary, before, after: { ...after, withdrawn: [] }, date: null, source });
  }
  const heading = plan
    ? `diff ${fromLabel} → ${toLabel}: ${plan.bump} → v${plan.to} (${plan.reason})`
    : `diff ${fromLabel} → ${toLabel}: no changes, nothing to release`;
  return renderDiffText(diff, after, heading);
}

/** No commits were read: a release made before provenance was recorded, or nothing to trace. */
const UNRECORDED: ReleaseProvenance = { commit: null, previousCommit: null, history: 'unavailable' };

/** The version a diff of two releases would have planned, shown as leading to `to`. */
function planned(from: string | null, diff: DatasetDiff, to: string): VersionPlan | null {
  const plan = planVersion(from, diff);
  return plan ? { ...plan, to } : null;
}

/** The changes with the commits the later release recorded for each (by id; cities by year and name). */
function withRecordedCommits(changes: readonly Change[], recorded: readonly Change[]): Change[] {
  const keyOf = (c: Change): string => (c.scope === 'commitment' ? `c|${c.id}` : `y|${c.year}|${c.city}`);
  const commits = new Map(recorded.map((c) => [keyOf(c), c.commits]));
  return changes.map((c) => {
    const found = commits.get(keyOf(c));
    return found === undefined ? c : { ...c, commits: found };
  });
}

export const diffCommand: Command = {
  name: 'diff',
  summary: 'show what changed: seeds vs the latest release, or between two releases',
  help: `Usage: diff [--from VERSION] [--to VERSION] [--format text|json|markdown]

Without --from/--to: what the seeds would release now, against the latest
release in the store, with the next version (the PR preview).
With --from v1.0.0 --to v1.2.0: the diff between any two releases in the store.
--from alone compares that release with the seeds; --to alone compares a release
with the one before it.

Commitments are matched by id; text changes are shown character by character,
[-deleted-]{+inserted+} in text, <del>/<ins> in markdown, ["-", …] in json.

Options:
  --from VERSION     older side (a release; default: the latest release)
  --to VERSION       newer side (a release; default: the seeds)
${STORE_HELP}
  --format FORMAT    text (default), json (changes.json shape) or markdown (changelog)
  -h, --help         show this help`,
  options: { ...STORE_OPTIONS, from: { type: 'string' }, to: { type: 'string' }, format: { type: 'string' } },
  positionals: { min: 0, max: 0 },
  async run(values, _positionals, io) {
    const format = readFormat<DiffFormat>(values, ['text', 'json', 'markdown'], 'text');
    const from = readVersionOption(values, 'from');
    const to = readVersionOption(values, 'to');
    const ctx = await createReleaseContext(values, io, { quiet: true });

    if (to !== null) {
      const versions = await ctx.store.listVersions();
      const toIndex = versions.indexOf(to);
      const fromVersion = from ?? (toIndex > 0 ? versions[toIndex - 1]! : null);
      for (const v of [to, fromVersion]) if (v !== null) ensureListed(ctx.store, v, versions);
      // The newer side whole, the older one streamed city-year by city-year.
      const after = await readDataset(ctx.store, to);
      const compare = (matchedBy?: ReadonlyMap<string, MatchKind>): Promise<{ before: Pick<Dataset, 'version' | 'cities'> | null; diff: DatasetDiff }> =>
        fromVersion === null ? Promise.resolve({ before: null, diff: diffDatasets(null, after) }) : diffFromRelease(ctx.store, fromVersion, after, matchedBy);
      const labels = [fromVersion ? `v${fromVersion}` : '(nothing)', `v${to}`] as const;
      if ((toIndex > 0 ? versions[toIndex - 1] : null) === fromVersion) {
        // Consecutive releases: the later one recorded how ids were matched and the commits behind each change.
        const recorded = await readChanges(ctx.store, to);
        const matchedBy = new Map<string, MatchKind>();
        for (const c of recorded.changes) if (c.scope === 'commitment' && c.type === 'modified') matchedBy.set(c.id, c.matchedBy);
        const { before, diff } = await compare(matchedBy);
        const traced = { diff: { summary: diff.summary, changes: withRecordedCommits(diff.changes, recorded.changes) }, source: recorded.source ?? UNRECORDED };
        io.stdout(output(format, traced, planned(fromVersion, diff, to), ...labels, before, after));
        return 0;
      }
      const { before, diff } = await compare();
      const [fromHead, toHead] = await Promise.all([fromVersion === null ? null : readChangesHead(ctx.store, fromVersion), readChangesHead(ctx.store, to)]);
      const traced = await traceChanges(ctx, diff, after, { first: fromVersion === null, previousCommit: fromHead?.source?.commit ?? null, until: toHead.source?.commit ?? null });
      io.stdout(output(format, traced, planned(fromVersion, diff, to), ...labels, before, after));
      return 0;
    }

    const plan = await planRelease(ctx);
    if (plan.kind === 'invalid') {
      io.stderr(formatProblems(plan.problems, 'text', plan.files));
      throw new PipelineError('E_VALIDATION', 'the seed files have errors (listed above); fix them to see the diff');
    }
    if (from !== null) {
      const versions = await ctx.store.listVersions();
      ensureListed(ctx.store, from, versions);
      const after = plan.kind === 'planned' ? plan.dataset : await readDataset(ctx.store, plan.latest); // seeds equal the latest release
      const { before, diff } = await diffFromRelease(ctx.store, from, after);
      const traced = await traceChanges(ctx, diff, after, { first: false, previousCommit: (await readChangesHead(ctx.store, from)).source?.commit ?? null });
      io.stdout(output(format, traced, planVersion(from, diff), `v${from}`, 'seeds', before, after));
      return 0;
    }
    if (plan.kind === 'unchanged') {
      const after = await readDataset(ctx.store, plan.latest);
      const nothing = { diff: { summary: { added: 0, removed: 0, modified: 0, renumbered: 0, weakened: 0 }, changes: [] }, source: UNRECORDED };
      io.stdout(output(format, nothing, null, `v${plan.latest}`, 'seeds', after, after));
      return 0;
    }
    const fromLabel = plan.previous ? `v${plan.previous.version}` : '(no release yet)';
    io.stdout(output(format, { diff: plan.diff, source: plan.source }, plan.plan, fromLabel, 'seeds', plan.previous, plan.dataset));
    return 0;
  },
};
