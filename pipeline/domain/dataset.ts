import type { CityRecord, CommitmentRecord, WithdrawnRecord } from '../schemas/release.ts';

/** A release's content in memory: what the diff compares and the renderers write. */
export interface Dataset {
  /** The release version, or null for data not released yet (the seeds). */
  readonly version: string | null;
  /** Sorted by year, cityCode, seq. */
  readonly records: readonly CommitmentRecord[];
  /** Sorted by year, code. */
  readonly cities: readonly CityRecord[];
  /** Ids published before and withdrawn since; never reused. */
  readonly withdrawn: readonly WithdrawnRecord[];
}

/** How a current commitment was matched to a previously published one. */
export type MatchKind = 'id' | 'text' | 'similarity';

export function compareRecords(a: CommitmentRecord, b: CommitmentRecord): number {
  return a.year - b.year || (a.cityCode < b.cityCode ? -1 : a.cityCode > b.cityCode ? 1 : 0) || a.seq - b.seq || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export function compareCities(a: CityRecord, b: CityRecord): number {
  return a.year - b.year || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
}

/** Key of a city in a year, e.g. "2023|370100". */
export function cityKey(year: number, code: string): string {
  return `${year}|${code}`;
}
