import type { Bump } from '../schemas/release.ts';
import type { DatasetDiff, Entry } from '../diff/diff-datasets.ts';

const count = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

export interface VersionPlan {
  readonly from: string | null;
  readonly to: string;
  readonly bump: Bump;
  /** Why this bump, in one line (for people). */
  readonly reason: string;
}

/** Parses MAJOR.MINOR.PATCH; throws on anything else. */
export function parseVersion(version: string): [number, number, number] {
  const m = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/.exec(version);
  if (!m) throw new Error(`not a version: ${version}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

export function compareVersions(a: string, b: string): number {
  const [x, y] = [parseVersion(a), parseVersion(b)];
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
}

/**
 * The next version, by the policy in DESIGN.md: 1.0.0 first; major when a published id
 * is gone (or the format changed incompatibly); minor when commitments, cities or years
 * are added; patch when only values changed; null when nothing changed (no release).
 */
export function planVersion(
  previous: string | null,
  diff: Pick<DatasetDiff, 'summary'> & { readonly changes: readonly Entry[] },
  formatChanged = false,
): VersionPlan | null {
  // An entry that is a number is a commitment's change (see diffEntries): no city among them.
  const cityChanges = diff.changes.filter((c) => typeof c !== 'number' && c.scope === 'city') as Exclude<Entry, number>[];
  if (previous === null) {
    return { from: null, to: '1.0.0', bump: 'initial', reason: `first release: ${diff.summary.added} commitments` };
  }
  const [major, minor, patch] = parseVersion(previous);
  const citiesRemoved = cityChanges.filter((c) => c.type === 'removed').length;
  const citiesAdded = cityChanges.filter((c) => c.type === 'added').length;
  if (diff.summary.removed > 0 || citiesRemoved > 0 || formatChanged) {
    const reason = formatChanged
      ? 'the release format changed incompatibly'
      : `${count(diff.summary.removed, 'published commitment', 'published commitments')} withdrawn${citiesRemoved ? `, ${count(citiesRemoved, 'city', 'cities')} removed` : ''}`;
    return { from: previous, to: `${major + 1}.0.0`, bump: 'major', reason };
  }
  if (diff.summary.added > 0 || citiesAdded > 0) {
    return { from: previous, to: `${major}.${minor + 1}.0`, bump: 'minor', reason: `${count(diff.summary.added, 'commitment', 'commitments')} added${citiesAdded ? `, ${count(citiesAdded, 'city', 'cities')} added` : ''}` };
  }
  if (diff.changes.length > 0) {
    return { from: previous, to: `${major}.${minor}.${patch + 1}`, bump: 'patch', reason: `${count(diff.summary.modified, 'commitment', 'commitments')} and ${count(cityChanges.length, 'city record', 'city records')} changed` };
  }
  return null;
}
