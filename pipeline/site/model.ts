import { cityKey, type Dataset } from '../domain/dataset.ts';
import type { Change, ChangesFile, CityRecord, CommitmentRecord } from '../schemas/release.ts';

/** One downloadable file of a release, as the site lists it. */
export interface SiteAsset {
  readonly name: string;
  readonly bytes: number;
  /** Hex sha256, checked against the release's SHA256SUMS when the site was built. */
  readonly sha256: string;
}

/** Everything the site shows of one published release (read through the store). */
export interface SiteRelease {
  readonly version: string;
  /** ISO date-time from datapackage.json `created`, or null when the release has none. */
  readonly created: string | null;
  readonly dataset: Dataset;
  readonly changes: ChangesFile;
  /** In the order of assetNamesOf (docs/data-contract.md, "Release assets"); SHA256SUMS included. */
  readonly assets: readonly SiteAsset[];
}

/** A commitment-level or city-level change, with the release it belongs to. */
export interface DatedChange {
  readonly release: SiteRelease;
  readonly change: Change;
}

/** One city in one year, as of the newest release that has it. */
export interface CityYear {
  readonly city: CityRecord;
  /** Its commitments in that release, by seq. */
  readonly records: readonly CommitmentRecord[];
  /** Whether the newest release still lists this city and year. */
  readonly inLatest: boolean;
  /** The release the city and records were taken from. */
  readonly release: SiteRelease;
}

/** The releases (oldest first) with the look-ups every page needs. */
export interface SiteIndex {
  readonly releases: readonly SiteRelease[];
  readonly latest: SiteRelease;
  /** Per city code: its years, newest first. */
  readonly cities: ReadonlyMap<string, readonly CityYear[]>;
  /** Per commitment id ever published: its changes, oldest release first. */
  readonly historyById: ReadonlyMap<string, readonly DatedChange[]>;
  /** Per city code: its commitment and city changes, oldest release first. */
  readonly historyByCity: ReadonlyMap<string, readonly DatedChange[]>;
  /** The newest record published under each id (the last one before a withdrawal). */
  readonly lastRecordById: ReadonlyMap<string, CommitmentRecord>;
  /** The records of the newest release, by id. */
  readonly latestById: ReadonlyMap<string, CommitmentRecord>;
  /** Withdrawn ids (as the newest release lists them) → the version that withdrew them. */
  readonly withdrawnIn: ReadonlyMap<string, string>;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The city code a change belongs to; modified commitments are looked up in their release. */
export function cityCodeOfChange(change: Change, after: ReadonlyMap<string, CommitmentRecord>, cities: readonly CityRecord[]): string | null {
  if (change.scope === 'commitment') {
    if (change.type === 'added') return change.after.cityCode;
    if (change.type === 'removed') return change.before.cityCode;
    return after.get(change.id)?.cityCode ?? null;
  }
  if (change.type === 'added') return change.after.code;
  if (change.type === 'removed') return change.before.code;
  return cities.find((c) => c.name === change.city && c.year === change.year)?.code ?? null;
}

/** Indexes the releases for the pages: histories per commitment and per city, cities by year. */
export function indexReleases(releases: readonly SiteRelease[]): SiteIndex {
  const latest = releases[releases.length - 1];
  if (!latest) throw new Error('indexReleases: no releases');
  const historyById = new Map<string, DatedChange[]>();
  const historyByCity = new Map<string, DatedChange[]>();
  const lastRecordById = new Map<string, CommitmentRecord>();
  const cityYears = new Map<string, CityYear>();

  for (const release of releases) {
    const after = new Map(release.dataset.records.map((r) => [r.id, r]));
    for (const record of release.dataset.records) lastRecordById.set(record.id, record);
    for (const change of release.changes.changes) {
      const dated = { release, change };
      if (change.scope === 'commitment') push(historyById, change.id, dated);
      const code = cityCodeOfChange(change, after, release.dataset.cities);
      if (code) push(historyByCity, code, dated);
    }
    const byCity = new Map<string, CommitmentRecord[]>();
    for (const record of release.dataset.records) push(byCity, cityKey(record.year, record.cityCode), record);
    for (const city of release.dataset.cities) {
      const key = cityKey(city.year, city.code);
      cityYears.set(key, { city, records: byCity.get(key) ?? [], inLatest: release === latest, release });
    }
  }

  const cities = new Map<string, CityYear[]>();
  for (const cy of cityYears.values()) push(cities, cy.city.code, cy);
  for (const list of cities.values()) list.sort((a, b) => b.city.year - a.city.year);
  const latestById = new Map(latest.dataset.records.map((r) => [r.id, r]));
  const withdrawnIn = new Map(latest.dataset.withdrawn.map((w) => [w.id, w.withdrawnIn]));
  return { releases, latest, cities, historyById, historyByCity, lastRecordById, latestById, withdrawnIn };
}
