import type { Dataset, MatchKind } from '../../domain/dataset.ts';
import { diffDatasets, type DatasetDiff } from '../../diff/diff-datasets.ts';
import { PipelineError } from '../../errors.ts';
import { lineJsonChunks } from '../../release-format/line-json.ts';
import { readChanges, readDataset } from '../../release-format/read-release.ts';
import { readVersionInput } from '../../release-format/versions.ts';
import { planRelease } from '../../release.ts';
import { buildChangesFile } from '../../render/render-assets.ts';
import { renderChangelog } from '../../render/render-changelog.ts';
import { renderDiffText } from '../../render/render-diff-text.ts';
import { renderChangesJson } from '../../render/render-json.ts';
import { encodeChunks } from '../../render/stage.ts';
import { FORMAT_VERSION } from '../../schemas/release.ts';
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

async function requireVersion(store: ReleaseStore, version: string, versions: string[]): Promise<Dataset> {
  ensureListed(store, version, versions);
  return readDataset(store, version);
}

function output(
  format: DiffFormat,
  diff: DatasetDiff,
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
      ? renderChangesJson(buildChangesFile(plan, diff))
      : encodeChunks(lineJsonChunks({ formatVersion: FORMAT_VERSION, from: before?.version ?? null, to: null, bump: 'none', summary: diff.summary }, { changes: diff.changes }));
    return Buffer.from(bytes).toString('utf8');
  }
  if (format === 'markdown') {
    if (!plan) return `**No changes** between ${fromLabel} and ${toLabel}: nothing to release.\n`;
    return renderChangelog({ plan, changes: diff.changes, summary: diff.summary, before, after: { ...after, withdrawn: [] }, date: null });
  }
  const heading = plan
    ? `diff ${fromLabel} → ${toLabel}: ${plan.bump} → v${plan.to} (${plan.reason})`
    : `diff ${fromLabel} → ${toLabel}: no changes, nothing to release`;
  return renderDiffText(diff, after, heading);
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
      // Consecutive releases: show how ids were matched when the later one was made.
      const matchedBy = new Map<string, MatchKind>();
      if (fromVersion !== null && versions[toIndex - 1] === fromVersion) {
        for (const c of (await readChanges(ctx.store, to)).changes) if (c.scope === 'commitment' && c.type === 'modified') matchedBy.set(c.id, c.matchedBy);
      }
      const after = await readDataset(ctx.store, to);
      const before = fromVersion === null ? null : await readDataset(ctx.store, fromVersion);
      const diff = diffDatasets(before, after, matchedBy);
      const plan = planVersion(fromVersion, diff);
      io.stdout(output(format, diff, plan ? { ...plan, to } : null, fromVersion ? `v${fromVersion}` : '(nothing)', `v${to}`, before, after));
      return 0;
    }

    const planned = await planRelease(ctx);
    if (planned.kind === 'invalid') {
      io.stderr(formatProblems(planned.problems, 'text', planned.files));
      throw new PipelineError('E_VALIDATION', 'the seed files have errors (listed above); fix them to see the diff');
    }
    if (from !== null) {
      const versions = await ctx.store.listVersions();
      const before = await requireVersion(ctx.store, from, versions);
      const after =
        planned.kind === 'planned'
          ? planned.dataset
          : await readDataset(ctx.store, planned.latest); // seeds equal the latest release
      const diff = diffDatasets(before, after);
      io.stdout(output(format, diff, planVersion(from, diff), `v${from}`, 'seeds', before, after));
      return 0;
    }
    if (planned.kind === 'unchanged') {
      const after = await readDataset(ctx.store, planned.latest);
      io.stdout(output(format, { summary: { added: 0, removed: 0, modified: 0, renumbered: 0 }, changes: [] }, null, `v${planned.latest}`, 'seeds', after, after));
      return 0;
    }
    const fromLabel = planned.previous ? `v${planned.previous.version}` : '(no release yet)';
    io.stdout(output(format, planned.diff, planned.plan, fromLabel, 'seeds', planned.previous, planned.dataset));
    return 0;
  },
};
