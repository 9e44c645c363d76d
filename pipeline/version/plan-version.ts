import type { DatasetDiff } from '../diff/diff-datasets.ts';
import { bumpVersion } from '../release-format/versions.ts';
import type { Bump } from '../schemas/release.ts';

const count = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;
const countOf = (list: unknown): number => (Array.isArray(list) ? list.length : 0);

export interface VersionPlan {
  readonly from: string | null;
  readonly to: string;
  readonly bump: Bump;
  /** Why this bump, in one line (for people). */
  readonly reason: string;
}

/**
 * The next version, by the policy in docs/data-contract.md ("Versions"): 1.0.0 first; major
 * when a published id is gone (or the format changed incompatibly); minor when commitments,
 * cities, years or targets are added; patch when only values changed (targets included);
 * null when nothing changed (no release).
 */
export function planVersion(
  previous: string | null,
  diff: DatasetDiff,
  formatChanged = false,
): VersionPlan | null {
  const cityChanges = diff.changes.filter((c) => c.scope === 'city');
  if (previous === null) {
    return { from: null, to: '1.0.0', bump: 'initial', reason: `first release: ${diff.summary.added} commitments` };
  }
  const citiesRemoved = cityChanges.filter((c) => c.type === 'removed').length;
  const citiesAdded = cityChanges.filter((c) => c.type === 'added').length;
  if (diff.summary.removed > 0 || citiesRemoved > 0 || formatChanged) {
    const reason = formatChanged
      ? 'the release format changed incompatibly'
      : `${count(diff.summary.removed, 'published commitment', 'published commitments')} withdrawn${citiesRemoved ? `, ${count(citiesRemoved, 'city', 'cities')} removed` : ''}`;
    return { from: previous, to: bumpVersion(previous, 'major'), bump: 'major', reason };
  }
  // Targets read or given where there were fewer: new data points, like new commitments.
  const targetsAdded = diff.changes.filter((c) => c.scope === 'commitment' && c.type === 'modified' && countOf(c.fields.targets?.after) > countOf(c.fields.targets?.before)).length;
  if (diff.summary.added > 0 || citiesAdded > 0 || targetsAdded > 0) {
    const reason = [
      diff.summary.added > 0 || citiesAdded > 0 ? `${count(diff.summary.added, 'commitment', 'commitments')} added${citiesAdded ? `, ${count(citiesAdded, 'city', 'cities')} added` : ''}` : '',
      targetsAdded > 0 ? `targets of ${count(targetsAdded, 'commitment', 'commitments')} added` : '',
    ].filter(Boolean);
    return { from: previous, to: bumpVersion(previous, 'minor'), bump: 'minor', reason: reason.join(', ') };
  }
  if (diff.changes.length > 0) {
    return { from: previous, to: bumpVersion(previous, 'patch'), bump: 'patch', reason: `${count(diff.summary.modified, 'commitment', 'commitments')} and ${count(cityChanges.length, 'city record', 'city records')} changed` };
  }
  return null;
}
