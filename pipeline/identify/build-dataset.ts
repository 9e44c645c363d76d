import type { City } from '../domain/cities.ts';
import { compareCities, type Dataset } from '../domain/dataset.ts';
import { parseDeadline } from '../domain/deadline.ts';
import type { StringPool } from '../domain/intern.ts';
import { extractTargets } from '../promises/extract-targets.ts';
import { resolveSeedTargets } from '../promises/seed-targets.ts';
import type { CityRecord, CommitmentRecord, WithdrawnRecord } from '../schemas/release.ts';
import type { SeedCommitment } from '../schemas/seed.ts';
import type { SeedInput } from './identify.ts';

/**
 * The published record of one seed commitment, once it has its id: the seed's fields, its
 * city's, and what is derived from them (due and ongoing from the deadline phrase, the
 * quantitative targets from the text unless the seed gives them). Repeated
 * strings go through `pool`, so a million records share one copy of each.
 */
export function buildRecord(id: string, year: number, city: City, commitment: SeedCommitment, pool: StringPool): CommitmentRecord {
  const deadline = parseDeadline(commitment.deadline, year);
  return {
    id,
    year,
    city: city.name,
    cityCode: city.code,
    citySlug: city.slug,
    seq: commitment.seq,
    text: commitment.text,
    deadline: pool.intern(commitment.deadline),
    due: deadline.due,
    ongoing: deadline.ongoing,
    responsible: pool.internAll(commitment.responsible),
    // A seed's own targets replace what the rules read (validate reports those that do not fit the text).
    targets: pool.internTargets(commitment.targets === undefined ? extractTargets(commitment.text) : resolveSeedTargets(commitment.text, commitment.targets).targets),
    basis: commitment.basis ?? null,
  };
}

/** The city records of the current seeds, with their commitment counts. */
export function buildCities(inputs: readonly SeedInput[]): CityRecord[] {
  return inputs
    .map(({ city, seed }): CityRecord => ({
      year: seed.year,
      name: city.name,
      code: city.code,
      slug: city.slug,
      complete: seed.complete,
      contact: seed.contact ? { name: seed.contact.name, phone: seed.contact.phone } : null,
      commitments: seed.commitments.length,
      source: { ...seed.source },
    }))
    .sort(compareCities);
}

/**
 * The dataset a release publishes: current records and cities, and every id ever
 * withdrawn (those of the previous release's list, plus the ones this release drops).
 * `previous.records` may be all of the previous release's records or only those that are
 * not current any more.
 */
export function buildDataset(
  version: string,
  records: CommitmentRecord[],
  cities: CityRecord[],
  previous: Pick<Dataset, 'records' | 'withdrawn'> | null,
): Dataset {
  const current = new Set(records.map((r) => r.id));
  const withdrawn: WithdrawnRecord[] = (previous?.withdrawn ?? []).filter((w) => !current.has(w.id));
  for (const r of previous?.records ?? []) {
    if (!current.has(r.id)) withdrawn.push({ id: r.id, year: r.year, city: r.city, cityCode: r.cityCode, withdrawnIn: version });
  }
  withdrawn.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { version, records, cities, withdrawn };
}
