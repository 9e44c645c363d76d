import { PipelineError } from '../../errors.ts';
import { runRelease } from '../../release.ts';
import { readFormat, type Command } from '../command.ts';
import { createReleaseContext, STORE_HELP, STORE_OPTIONS } from '../context.ts';
import { formatProblems } from '../format-problems.ts';

export const releaseCommand: Command = {
  name: 'release',
  summary: 'validate → identify → diff → version → render → publish to the store',
  help: `Usage: release [--dry-run] [--store local|github] [--seeds DIR] [--releases DIR] [--format text|json]

Builds the next release from the seeds and publishes it (npm start runs this):
validates every seed file (any error: nothing is published), reads the latest
release from the store, carries commitment ids forward, diffs, computes the
version (first 1.0.0; major when a published id is gone; minor when commitments
or cities are added; patch when values changed), renders all assets and
publishes them. Nothing changed: no release, exit 0.

Assets are byte-identical for the same seeds and previous release; dates come
from SOURCE_DATE_EPOCH or the seeds' last git commit, never the clock.

The local store takes one publishing run at a time: a second run waits for the
first (up to RELEASE_LOCK_WAIT_SECONDS, default 120), then finds the release
already published, or stops with E_STORE_BUSY; a run planned from a version
that is no longer the latest stops with E_STORE_MOVED. Nothing is half-written:
a run killed at any point is repaired by the next one.

Options:
  --dry-run          show the plan and render, but publish nothing
${STORE_HELP}
  --format FORMAT    text (default) or json
  --quiet            no progress lines
  -h, --help         show this help`,
  options: { ...STORE_OPTIONS, 'dry-run': { type: 'boolean' }, format: { type: 'string' }, quiet: { type: 'boolean' } },
  positionals: { min: 0, max: 0 },
  async run(values, _positionals, io) {
    const format = readFormat(values, ['text', 'json'] as const, 'text');
    const ctx = await createReleaseContext(values, io, { quiet: values.quiet === true });
    const outcome = await runRelease(ctx, { dryRun: values['dry-run'] === true });
    const warnings = outcome.problems.filter((p) => p.severity === 'warning');

    if (outcome.kind === 'invalid') {
      if (format === 'json') io.stdout(`${JSON.stringify({ status: 'invalid', problems: outcome.problems }, null, 2)}\n`);
      else io.stderr(formatProblems(outcome.problems, 'text', outcome.files));
      throw new PipelineError('E_VALIDATION', 'the seed files have errors (listed above); nothing was published');
    }
    if (format === 'text' && warnings.length > 0) io.stderr(`${warnings.length} warning(s) in the seeds (run validate to see them all, near-duplicates included)\n`);
    if (outcome.kind === 'unchanged') {
      if (format === 'json') io.stdout(`${JSON.stringify({ status: 'unchanged', version: outcome.latest, records: outcome.records })}\n`);
      else io.stdout(`no changes since v${outcome.latest} (${outcome.records} commitments): nothing to release\n`);
      return 0;
    }
    const { plan, diff, dataset, release, published } = outcome;
    const status = published === null ? 'dry-run' : published.status === 'published' ? 'published' : 'already-published';
    if (format === 'json') {
      io.stdout(
        `${JSON.stringify(
          {
            status,
            version: plan.to,
            from: plan.from,
            bump: plan.bump,
            reason: plan.reason,
            summary: diff.summary,
            records: dataset.records.length,
            location: published?.location ?? null,
            assets: release.assets.map((a) => ({ name: a.name, bytes: a.size, sha256: a.sha256 })),
          },
          null,
          2,
        )}\n`,
      );
      return 0;
    }
    const counts = `${dataset.records.length} commitments in ${dataset.cities.length} city-year(s); added ${diff.summary.added}, withdrawn ${diff.summary.removed}, modified ${diff.summary.modified - diff.summary.renumbered}, only renumbered ${diff.summary.renumbered}`;
    const head = `v${plan.to} (${plan.bump}${plan.from ? ` from v${plan.from}` : ''}: ${plan.reason})`;
    if (status === 'dry-run') io.stdout(`dry run: would release ${head}\n  ${counts}\n  nothing was written\n`);
    else if (status === 'already-published') io.stdout(`${head} is already published with identical bytes at ${published!.location}: nothing to do\n`);
    else io.stdout(`released ${head}\n  ${counts}\n  ${release.assets.length} assets at ${published!.location}\n`);
    return 0;
  },
};
