import { findCityByName } from '../../pipeline/domain/cities.ts';
import type { Dataset } from '../../pipeline/domain/dataset.ts';
import type { SeedInput } from '../../pipeline/identify/identify.ts';
import type { CityRecord, CommitmentRecord } from '../../pipeline/schemas/release.ts';
import type { Seed, SeedCommitment } from '../../pipeline/schemas/seed.ts';

/** A seed commitment with sensible defaults. */
export function makeCommitment(over: Partial<SeedCommitment> & { seq: number }): SeedCommitment {
  return { text: `第${over.seq}项承诺的文字内容，推进重点工作落实。`, deadline: '12月底前', responsible: ['刘强'], ...over };
}

/** One city-year of seeds. */
export function makeSeedInput(cityName: string, commitments: SeedCommitment[], over: Partial<Seed> = {}): SeedInput {
  const city = findCityByName(cityName)!;
  return {
    city,
    seed: {
      year: 2023,
      city: city.name,
      complete: true,
      contact: { name: '权娜', phone: `${city.areaCode}-5170706` },
      source: { title: '2023年16市重点工作任务公开承诺事项', publisher: '大众日报' },
      commitments,
      ...over,
    },
  };
}

/** A published record. */
export function makeRecord(over: Partial<CommitmentRecord> & { id: string; seq: number }): CommitmentRecord {
  const city = findCityByName(over.city ?? '济南市')!;
  return {
    year: 2023,
    city: city.name,
    cityCode: city.code,
    citySlug: city.slug,
    text: `第${over.seq}项承诺的文字内容，推进重点工作落实。`,
    deadline: '12月底前',
    due: '2023-12-31',
    ongoing: false,
    responsible: ['刘强'],
    ...over,
  };
}

export function makeCity(over: Partial<CityRecord> = {}): CityRecord {
  return {
    year: 2023,
    name: '济南市',
    code: '370100',
    slug: 'jinan',
    complete: true,
    contact: { name: '权娜', phone: '0531-5170706' },
    commitments: 1,
    source: { title: '2023年16市重点工作任务公开承诺事项', publisher: '大众日报' },
    ...over,
  };
}

export function makeDataset(records: CommitmentRecord[], over: Partial<Dataset> = {}): Dataset {
  return { version: '1.0.0', records, cities: [makeCity({ commitments: records.length })], withdrawn: [], ...over };
}
