/**
 * Why each change happened: the commits that touched its seed file, as git read them for the
 * release (pipeline/seeds/seed-history.ts).
 */
import type { Change, CityRecord, CommitmentRecord, SeedCommit } from '../schemas/release.ts';

/** The seed file a change comes from, relative to the seeds folder: `2023/jinan.json`. */
function seedFileOf(change: Change, records: ReadonlyMap<string, CommitmentRecord>, cities: ReadonlyMap<string, CityRecord>): string | null {
  const file = (year: number, slug: string): string => `${year}/${slug}.json`;
  if (change.scope === 'commitment') {
    const r = change.type === 'added' ? change.after : change.type === 'removed' ? change.before : records.get(change.id);
    return r ? file(r.year, r.citySlug) : null;
  }
  if (change.type === 'added') return file(change.after.year, change.after.slug);
  if (change.type === 'removed') return file(change.before.year, change.before.slug);
  const city = cities.get(`${change.year}|${change.city}`);
  return city ? file(city.year, city.slug) : null;
}

/**
 * The changes with the commits behind each one: those that touched its seed file (as git
 * read them for the release), oldest first; none when the history was not read completely.
 */
export function withCommits(
  changes: readonly Change[],
  after: { readonly records: readonly CommitmentRecord[]; readonly cities: readonly CityRecord[] },
  commitsByFile: ReadonlyMap<string, readonly SeedCommit[]>,
): Change[] {
  // One list per seed file, shared by its changes (nothing changes them once made): a
  // million changes need no million lists.
  const none: SeedCommit[] = [];
  if (commitsByFile.size === 0) return changes.map((change) => ({ ...change, commits: none }));
  const lists = new Map([...commitsByFile].map(([file, commits]) => [file, [...commits]]));
  const records = new Map(after.records.map((r) => [r.id, r]));
  const cities = new Map(after.cities.map((c) => [`${c.year}|${c.name}`, c]));
  return changes.map((change) => {
    const file = seedFileOf(change, records, cities);
    return { ...change, commits: (file !== null && lists.get(file)) || none };
  });
}

