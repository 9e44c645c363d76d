/**
 * Builders of the pipeline's data with sensible defaults (济南市, 2023, real-looking text):
 * seed commitments and city-years, published records and cities, datasets, and the
 * successive releases the site is built from. Each takes overrides for what a test is about.
 */
import { findCityByCode, findCityByName } from '../../pipeline/domain/cities.ts';
import type { Dataset } from '../../pipeline/domain/dataset.ts';
import { parseDeadline } from '../../pipeline/domain/deadline.ts';
import { diffDatasets } from '../../pipeline/diff/diff-datasets.ts';
import type { SeedInput } from '../../pipeline/identify/identify.ts';
import type { CityRecord, CommitmentRecord } from '../../pipeline/schemas/release.ts';
import type { Seed, SeedCommitment } from '../../pipeline/schemas/seed.ts';
import type { SiteRelease } from '../../pipeline/site/model.ts';

const SOURCE = { title: '2023年16市重点工作任务公开承诺事项', publisher: '大众日报' };
const textOf = (seq: number): string => `第${seq}项承诺的文字内容，推进重点工作落实。`;

/** A seed commitment with sensible defaults. */
export function makeCommitment(over: Partial<SeedCommitment> & { seq: number }): SeedCommitment {
  return { text: textOf(over.seq), deadline: '12月底前', responsible: ['刘强'], ...over };
}

/** One city-year of seeds. */
export function makeSeedInput(cityName: string, commitments: SeedCommitment[], over: Partial<Seed> = {}): SeedInput {
  const city = findCityByName(cityName)!;
  return {
    city,
    seed: { year: 2023, city: city.name, complete: true, contact: { name: '权娜', phone: `${city.areaCode}-5170706` }, source: SOURCE, commitments, ...over },
  };
}

/**
 * A published record. The city follows from cityCode (else from the city's name; 济南 by
 * default), the id from the city and seq, due and ongoing from the deadline.
 */
export function makeRecord(over: Partial<CommitmentRecord> & { seq: number }): CommitmentRecord {
  const city = over.cityCode !== undefined ? findCityByCode(over.cityCode)! : findCityByName(over.city ?? '济南市')!;
  const year = over.year ?? 2023;
  const deadline = over.deadline ?? '12月底前';
  const { due, ongoing } = parseDeadline(deadline, year);
  return {
    id: `${year}-${city.code}-${String(over.seq).padStart(3, '0')}`,
    year,
    city: city.name,
    cityCode: city.code,
    citySlug: city.slug,
    text: textOf(over.seq),
    deadline,
    due,
    ongoing,
    responsible: ['刘强'],
    ...over,
  };
}

/**
 * A published city-year: 济南 unless `code` (or `over.code`) names another city, with no
 * commitments counted unless `over` says.
 */
export function makeCity(over?: Partial<CityRecord>): CityRecord;
export function makeCity(code: string, over?: Partial<CityRecord>): CityRecord;
export function makeCity(codeOrOver: string | Partial<CityRecord> = {}, more: Partial<CityRecord> = {}): CityRecord {
  const over = typeof codeOrOver === 'string' ? { ...more, code: codeOrOver } : codeOrOver;
  const city = findCityByCode(over.code ?? '370100')!;
  return {
    year: 2023,
    name: city.name,
    code: city.code,
    slug: city.slug,
    complete: true,
    contact: { name: '权娜', phone: `${city.areaCode}-5170706` },
    commitments: 0,
    source: SOURCE,
    ...over,
  };
}

/** A dataset v1.0.0 of these records, with 济南 as its one city. */
export function makeDataset(records: CommitmentRecord[], over: Partial<Dataset> = {}): Dataset {
  return { version: '1.0.0', records, cities: [makeCity('370100', { commitments: records.length })], withdrawn: [], ...over };
}

/** Releases 1.0.0, 1.0.1, … from successive states, each with the changes diffDatasets finds. */
export function makeReleases(states: ReadonlyArray<{ records: CommitmentRecord[]; cities: CityRecord[] }>): SiteRelease[] {
  const releases: SiteRelease[] = [];
  states.forEach((state, i) => {
    const version = `1.0.${i}`;
    const before = releases[i - 1]?.dataset ?? null;
    const cities = state.cities.map((c) => ({ ...c, commitments: state.records.filter((r) => r.cityCode === c.code).length }));
    const diff = diffDatasets(before, { records: state.records, cities });
    const withdrawn = (before?.records ?? [])
      .filter((r) => !state.records.some((n) => n.id === r.id))
      .map((r) => ({ id: r.id, year: r.year, city: r.city, cityCode: r.cityCode, withdrawnIn: version }));
    releases.push({
      version,
      created: `2023-11-${String(14 + i).padStart(2, '0')}T22:13:20Z`,
      dataset: { version, records: state.records, cities, withdrawn },
      changes: { formatVersion: 1, from: before?.version ?? null, to: version, bump: i === 0 ? 'initial' : 'patch', summary: diff.summary, changes: diff.changes },
      assets: [{ name: 'commitments.json', bytes: 1234, sha256: 'a'.repeat(64) }],
    });
  });
  return releases;
}
