import type { CityRecord, CommitmentRecord } from '../../pipeline/schemas/release.ts';

/**
 * The rows an independent reader should find in the commitments table (CSV or Parquet) of a
 * release, written out by hand from commitments.json and cities.json — not with the
 * pipeline's own column code, so that a test compares two ways of reaching the same rows.
 */
export function expectedCommitmentRows(records: readonly CommitmentRecord[], cities: readonly CityRecord[]): Array<Record<string, unknown>> {
  return records.map((r) => {
    const contact = cities.find((c) => c.year === r.year && c.code === r.cityCode)?.contact ?? null;
    return {
      id: r.id,
      year: r.year,
      city: r.city,
      city_code: r.cityCode,
      seq: r.seq,
      text: r.text,
      deadline: r.deadline,
      due: r.due,
      ongoing: r.ongoing,
      responsible: r.responsible,
      contact_name: contact?.name ?? null,
      contact_phone: contact?.phone ?? null,
    };
  });
}
