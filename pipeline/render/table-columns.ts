/**
 * The columns of the published commitments table (commitments.csv, its Table Schema in
 * datapackage.json), derived from the field registry: one row per commitment, with its
 * city's contact on every row.
 */
import { CITY_FIELDS, COMMITMENT_FIELDS, NAMES_SEPARATOR, type FieldSpec, type ValueKind } from '../schemas/fields.ts';
import type { CityRecord, CommitmentRecord } from '../schemas/release.ts';

/** A column of the published table and the field it is read from. */
export interface TableColumn {
  readonly name: string;
  readonly title: string;
  readonly kind: ValueKind;
  readonly description?: string;
  readonly constraints?: Readonly<Record<string, unknown>>;
  /** The cell of a record (and its city) as the record holds it: null when empty. */
  readonly value: (record: CommitmentRecord, city: CityRecord | undefined) => unknown;
}

/**
 * The columns of commitments.csv, in order: the commitment fields that have a column, then
 * the city's (its contact on every row). The header starts id,year,city,city_code,seq,text
 * (docs/data-contract.md).
 */
export const TABLE_COLUMNS: readonly TableColumn[] = [
  ...COMMITMENT_FIELDS.flatMap((f: FieldSpec) =>
    (f.columns ?? []).map((c) => ({ ...c, title: c.title ?? f.label.zh, kind: f.kind, value: (r: CommitmentRecord) => r[f.key as keyof CommitmentRecord] })),
  ),
  ...CITY_FIELDS.flatMap((f: FieldSpec) =>
    (f.columns ?? []).map((c) => {
      // An object field's columns are its parts (contact → name, phone); null when it has none.
      const part = (v: unknown): unknown => (v !== null && typeof v === 'object' && c.part !== undefined ? ((v as Record<string, unknown>)[c.part] ?? null) : null);
      return { ...c, title: c.title ?? f.label.zh, kind: 'string' as const, value: (_r: CommitmentRecord, city: CityRecord | undefined) => part(city?.[f.key as keyof CityRecord]) };
    }),
  ),
];

/** The CSV header's column names. */
export const CSV_COLUMNS: readonly string[] = TABLE_COLUMNS.map((c) => c.name);

/** How a value is written in a CSV cell: names joined with 、, booleans as true/false, null as empty. */
export function tableCellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.join(NAMES_SEPARATOR);
  return String(value);
}
