import { cityKey, compareRecords, type Dataset } from '../domain/dataset.ts';
import type { Change, ChangesFile, CityRecord, CommitmentRecord } from '../schemas/release.ts';
import { officialSlugOf } from './paths.ts';
import type { RecordPast } from './record-table.ts';

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
  /** The licences datapackage.json names (none when it names none). */
  readonly licenses?: ReadonlyArray<{ readonly name?: string | undefined; readonly title?: string | undefined; readonly path?: string | undefined }>;
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
  /** Every id ever published, by its last record (year, city, seq order). */
  readonly everRecords: readonly CommitmentRecord[];
  /** Per id ever published: its withdrawal, the officials no longer listed, its earlier texts. */
  readonly pastById: ReadonlyMap<string, RecordPast>;
  /** Every official ever responsible, by the slug of their page (city code and name). */
  readonly officials: ReadonlyMap<string, Official>;
}

/** An official (a name in a city) and what they answer for, now and before. */
export interface Official {
  readonly name: string;
  readonly cityCode: string;
  readonly city: string;
  /** The newest release's commitments that list them. */
  readonly current: readonly CommitmentRecord[];
  /** Commitments that listed them once: the last record that did, and the release since which it does not (dropped, or withdrawn). */
  readonly former: ReadonlyArray<{ readonly record: CommitmentRecord; readonly since: string; readonly why: 'dropped' | 'withdrawn' }>;
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
  const pastById = indexPasts(releases, lastRecordById, latestById, withdrawnIn);
  const everRecords = [...lastRecordById.values()].sort(compareRecords);
  const officials = indexOfficials(everRecords, latest.dataset.records, pastById);
  return { releases, latest, cities, historyById, historyByCity, lastRecordById, latestById, withdrawnIn, everRecords, pastById, officials };
}

/**
 * What each id went through: the officials it stopped listing (and since which release),
 * its earlier texts, its withdrawal. Read from the records of the releases, oldest first.
 */
function indexPasts(
  releases: readonly SiteRelease[],
  last: ReadonlyMap<string, CommitmentRecord>,
  latestById: ReadonlyMap<string, CommitmentRecord>,
  withdrawnIn: ReadonlyMap<string, string>,
): Map<string, RecordPast> {
  const dropped = new Map<string, Map<string, string>>();
  const texts = new Map<string, Set<string>>();
  const previous = new Map<string, CommitmentRecord>();
  for (const release of releases) {
    for (const r of release.dataset.records) {
      const before = previous.get(r.id);
      const gone = dropped.get(r.id) ?? new Map<string, string>();
      for (const name of before?.responsible ?? []) if (!r.responsible.includes(name) && !gone.has(name)) gone.set(name, release.version);
      for (const name of r.responsible) gone.delete(name);
      if (gone.size > 0) dropped.set(r.id, gone);
      else dropped.delete(r.id);
      const seen = texts.get(r.id) ?? new Set<string>();
      seen.add(r.text);
      texts.set(r.id, seen);
      previous.set(r.id, r);
    }
  }
  const pasts = new Map<string, RecordPast>();
  for (const [id, record] of last) {
    pasts.set(id, {
      withdrawnIn: latestById.has(id) ? null : (withdrawnIn.get(id) ?? '?'),
      formerNames: [...(dropped.get(id) ?? new Map<string, string>())].map(([name, since]) => ({ name, since })),
      formerTexts: [...(texts.get(id) ?? [])].filter((t) => t !== record.text),
    });
  }
  return pasts;
}

/** Every official (name within a city) of any release, with what they answer for now and answered for before. */
function indexOfficials(everRecords: readonly CommitmentRecord[], current: readonly CommitmentRecord[], pasts: ReadonlyMap<string, RecordPast>): Map<string, Official> {
  const officials = new Map<string, { name: string; cityCode: string; city: string; current: CommitmentRecord[]; former: Array<Official['former'][number]> }>();
  const get = (r: CommitmentRecord, name: string) => {
    const slug = officialSlugOf(r.cityCode, name);
    let o = officials.get(slug);
    if (!o) {
      o = { name, cityCode: r.cityCode, city: r.city, current: [], former: [] };
      officials.set(slug, o);
    } else if (o.name !== name || o.cityCode !== r.cityCode) {
      throw new Error(`site: officials ${o.name} and ${name} of ${r.cityCode} would share a page`);
    }
    return o;
  };
  for (const r of current) for (const name of r.responsible) get(r, name).current.push(r);
  for (const r of everRecords) {
    const past = pasts.get(r.id);
    if (!past) continue;
    if (past.withdrawnIn !== null) for (const name of r.responsible) get(r, name).former.push({ record: r, since: past.withdrawnIn, why: 'withdrawn' });
    for (const f of past.formerNames) get(r, f.name).former.push({ record: r, since: f.since, why: 'dropped' });
  }
  return new Map([...officials].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
