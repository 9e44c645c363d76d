import { DiffBuilder, type DatasetDiff } from '../diff/diff-datasets.ts';
import type { CityRecord, CommitmentRecord } from '../schemas/release.ts';
import { Identifier, type Identified, type SeedInput } from './identify.ts';

/**
 * The seeds identified and diffed against the previous release, taking that release one
 * city-year at a time (as release-format's readCityYears streams it): each city-year is
 * matched and its records compared as it comes, then let go. Gives what identify and
 * diffDatasets give on the whole datasets (a property test holds them equal), without the
 * previous records ever existing all at once.
 *
 *   const c = new ComparePrevious(seeds);
 *   for each city-year of the previous release: c.cityYear(records);
 *   const identified = c.identify(withdrawnIds);
 *   const diff = c.diff(previousCities, currentCities);
 */
export class ComparePrevious {
  private readonly identifier: Identifier;
  private readonly differ: DiffBuilder;
  private identified: Identified | null = null;
  /** The previous records that no current record carries on (the release withdraws them). */
  readonly removed: CommitmentRecord[] = [];

  constructor(seeds: readonly SeedInput[]) {
    this.identifier = new Identifier(seeds);
    this.differ = new DiffBuilder(this.identifier.matchedBy);
  }

  /** One city-year of the previous release: all its records, once. */
  cityYear(records: readonly CommitmentRecord[]): void {
    if (this.identified) throw new Error('ComparePrevious: a city-year after identify()');
    const carried = this.identifier.matchCityYear(records);
    for (const old of records) {
      const current = carried.get(old.id);
      this.differ.compare(old, current);
      if (!current) this.removed.push(old);
    }
  }

  /** Every current record with its id, once every city-year was given; `withdrawn`: the ids the previous release lists as withdrawn. */
  identify(withdrawn: Iterable<string>): Identified {
    this.identified ??= this.identifier.finish(withdrawn);
    return this.identified;
  }

  /** The diff, after identify(): the commitments, and the cities of both sides. */
  diff(before: readonly CityRecord[], after: readonly CityRecord[]): DatasetDiff {
    if (!this.identified) throw new Error('ComparePrevious: diff() before identify()');
    // A current id is a previous one exactly when it was carried forward (fresh ids never are).
    for (const record of this.identified.records) if (!this.identified.matchedBy.has(record.id)) this.differ.added(record);
    this.differ.cities(before, after);
    return this.differ.finish();
  }
}
