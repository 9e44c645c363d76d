import { compareCities, type Dataset } from '../domain/dataset.ts';
import type { CityRecord, CommitmentRecord, WithdrawnRecord } from '../schemas/release.ts';
import type { SeedInput } from './identify.ts';

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
 */
export function buildDataset(
  version: string,
  records: CommitmentRecord[],
  cities: CityRecord[],
  previous: Dataset | null,
): Dataset {
  const current = new Set(records.map((r) => r.id));
  const withdrawn: WithdrawnRecord[] = (previous?.withdrawn ?? []).filter((w) => !current.has(w.id));
  for (const r of previous?.records ?? []) {
    if (!current.has(r.id)) withdrawn.push({ id: r.id, year: r.year, city: r.city, cityCode: r.cityCode, withdrawnIn: version });
  }
  withdrawn.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { version, records, cities, withdrawn };
}
