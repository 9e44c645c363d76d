import type { ChangesFile } from '../schemas/release.ts';
import { DATASET } from '../schemas/release.ts';

/** What the store's root index knows of one release. */
export interface IndexedRelease {
  readonly version: string;
  readonly from: string | null;
  readonly bump: ChangesFile['bump'];
  readonly summary: ChangesFile['summary'];
  readonly changelog: string;
  /** ISO date-time from datapackage.json, or null. */
  readonly created: string | null;
  readonly assets: ReadonlyArray<{ name: string; bytes: number; sha256: string }>;
}

/** index.json at the store's root: every release, newest first, with its assets' sizes and digests. */
export function renderStoreIndex(releases: readonly IndexedRelease[]): string {
  const newestFirst = [...releases].reverse();
  return `${JSON.stringify(
    {
      dataset: DATASET,
      latest: newestFirst[0]?.version ?? null,
      releases: newestFirst.map((r) => ({
        version: r.version,
        tag: `v${r.version}`,
        from: r.from,
        bump: r.bump,
        created: r.created,
        summary: r.summary,
        assets: r.assets,
      })),
    },
    null,
    2,
  )}\n`;
}

/** The cumulative CHANGELOG.md at the store's root: every release's changelog, newest first. */
export function renderCumulativeChangelog(releases: readonly IndexedRelease[]): string {
  const body = [...releases]
    .reverse()
    .map((r) => r.changelog.replace(/^(#+) /gm, '#$1 ').trimEnd())
    .join('\n\n');
  return `# 变更记录 CHANGELOG · 山东16市重点工作任务公开承诺事项\n\n${body}\n`;
}
