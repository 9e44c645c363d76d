import { parseDeadline } from '../../pipeline/domain/deadline.ts';
import { findCityByCode } from '../../pipeline/domain/cities.ts';
import { diffDatasets } from '../../pipeline/diff/diff-datasets.ts';
import type { CityRecord, CommitmentRecord } from '../../pipeline/schemas/release.ts';
import type { SiteRelease } from '../../pipeline/site/model.ts';

/** A commitment record; the city follows from cityCode (济南 by default). */
export function makeRecord(over: Partial<CommitmentRecord> & { seq: number }): CommitmentRecord {
  const code = over.cityCode ?? '370100';
  const city = findCityByCode(code)!;
  const deadline = over.deadline ?? '12月底前';
  const { due, ongoing } = parseDeadline(deadline, over.year ?? 2023);
  return {
    id: `2023-${code}-${String(over.seq).padStart(3, '0')}`,
    year: 2023,
    city: city.name,
    cityCode: code,
    citySlug: city.slug,
    text: `第${over.seq}项承诺事项的文本`,
    deadline,
    due,
    ongoing,
    responsible: ['刘强'],
    ...over,
  };
}

export function makeCity(code: string, over: Partial<CityRecord> = {}): CityRecord {
  const city = findCityByCode(code)!;
  return {
    year: 2023,
    name: city.name,
    code,
    slug: city.slug,
    complete: true,
    contact: { name: '权娜', phone: `${city.areaCode}-5170706` },
    commitments: 0,
    source: { title: '2023年16市重点工作任务公开承诺事项', publisher: '大众日报' },
    ...over,
  };
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
