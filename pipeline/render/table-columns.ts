/**
 * The columns of the published tables and their Table Schemas in datapackage.json: the
 * commitments table (commitments.csv, its Excel copy and commitments.parquet), derived from
 * the field registry, one row per commitment with its city's contact on every row; and the
 * targets table (targets.csv), one row per quantitative target.
 */
import { CITY_FIELDS, COMMITMENT_FIELDS, NAMES_SEPARATOR, type FieldSpec, type ValueKind } from '../schemas/fields.ts';
import type { Target } from '../promises/target.ts';
import type { CityRecord, CommitmentRecord } from '../schemas/release.ts';

/** A column of the published table and the field it is read from. */
export interface TableColumn {
  readonly name: string;
  readonly title: string;
  readonly kind: ValueKind;
  readonly description?: string;
  readonly constraints?: Readonly<Record<string, unknown>>;
  /** Long, all-different text (see ColumnSpec.long). */
  readonly long?: boolean;
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

/** A column of targets.csv: one row per target of a commitment. */
export interface TargetColumn {
  readonly name: string;
  readonly title: string;
  /** Table Schema type. */
  readonly type: 'string' | 'integer' | 'number';
  readonly description?: string;
  readonly constraints?: Readonly<Record<string, unknown>>;
  readonly value: (record: CommitmentRecord, target: Target, index: number) => unknown;
}

/**
 * The columns of targets.csv: the commitment a target belongs to (its id, and the year, city
 * and seq to read it by), the target's 1-based place among that commitment's targets, then
 * the target as commitments.json holds it.
 */
export const TARGET_COLUMNS: readonly TargetColumn[] = [
  { name: 'commitment_id', title: '承诺编号', type: 'string', description: 'The id of the commitment in commitments.csv', constraints: { required: true }, value: (r) => r.id },
  { name: 'year', title: '年份', type: 'integer', constraints: { required: true }, value: (r) => r.year },
  { name: 'city', title: '城市', type: 'string', constraints: { required: true }, value: (r) => r.city },
  { name: 'city_code', title: '城市代码', type: 'string', description: 'GB/T 2260', constraints: { required: true, pattern: '^[0-9]{6}$' }, value: (r) => r.cityCode },
  { name: 'seq', title: '序号', type: 'integer', constraints: { required: true, minimum: 1 }, value: (r) => r.seq },
  { name: 'target', title: '指标序号', type: 'integer', description: 'The place of the target among its commitment’s targets, from 1', constraints: { required: true, minimum: 1 }, value: (_r, _t, i) => i + 1 },
  { name: 'span', title: '原文', type: 'string', description: 'The exact substring of the text that states the target', constraints: { required: true }, value: (_r, t) => t.span },
  { name: 'start', title: '起', type: 'integer', description: 'Offset of the span in the text, in Unicode code points', constraints: { required: true, minimum: 0 }, value: (_r, t) => t.start },
  { name: 'end', title: '止', type: 'integer', description: 'End offset (exclusive), in code points', constraints: { required: true, minimum: 0 }, value: (_r, t) => t.end },
  { name: 'value', title: '数值', type: 'number', description: 'The amount in base units (23.4万亩 → 234000)', constraints: { required: true }, value: (_r, t) => t.value },
  { name: 'unit', title: '单位', type: 'string', value: (_r, t) => t.unit },
  { name: 'comparator', title: '比较', type: 'string', description: '>= 以上, > 突破/超过/余, ~ 左右/约, <= 以下/以内, <, = none stated', constraints: { required: true, enum: ['>=', '>', '~', '<=', '<', '='] }, value: (_r, t) => t.comparator },
  { name: 'indicator', title: '指标', type: 'string', value: (_r, t) => t.indicator },
  { name: 'source', title: '来源', type: 'string', description: 'extracted by the rules, or given in the seed', constraints: { required: true, enum: ['extracted', 'seed'] }, value: (_r, t) => t.source },
];
