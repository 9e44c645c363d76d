/**
 * commitments.parquet: the records of commitments.csv, typed (codes stay strings, `due` is a
 * DATE that is null when there is none, `responsible` a list of names). Written with
 * hyparquet-writer (pure JavaScript, Snappy, which every Parquet reader has), one row group of
 * at most ROW_GROUP_ROWS records at a time, so a million records never exist as columns at
 * once. The bytes depend only on the records and cities: no clock, no version, a fixed
 * created_by.
 */
import type { SchemaElement } from 'hyparquet';
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import { cityKey, type Dataset } from '../domain/dataset.ts';
import type { CityRecord, CommitmentRecord } from '../schemas/release.ts';

/** The file's created_by: fixed, with no writer version in it (the writer itself is pinned by package-lock.json). */
export const PARQUET_CREATED_BY = 'shandong-commitments';
/**
 * Records per row group: bounds the memory of one group's columns (at a million records,
 * 50,000 per group keep the writer near 300 MB above the records; 100,000 near 350 MB) and
 * lets readers split work; the file is within 0.1% of the size either way.
 */
export const ROW_GROUP_ROWS = 50_000;

/** A record with its city's contact: what one Parquet row holds. */
export interface ParquetSourceRow {
  readonly record: CommitmentRecord;
  readonly contact: CityRecord['contact'];
}

/** One top-level column: its schema elements (the column first, then its children) and its value. */
export interface ParquetColumn {
  readonly name: string;
  readonly schema: readonly SchemaElement[];
  readonly value: (row: ParquetSourceRow) => unknown;
  /**
   * A column of long, all-different values: written PLAIN without min/max statistics (a
   * dictionary never pays off there, and 16-byte-truncated bounds of prose filter nothing).
   */
  readonly prose?: boolean;
}

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of an ISO date (Parquet's DATE). */
function epochDays(isoDate: string): number {
  return Date.UTC(Number(isoDate.slice(0, 4)), Number(isoDate.slice(5, 7)) - 1, Number(isoDate.slice(8, 10))) / DAY_MS;
}

function stringColumn(name: string, value: (row: ParquetSourceRow) => string | null, required = true): ParquetColumn {
  return {
    name,
    schema: [{ name, type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' }, repetition_type: required ? 'REQUIRED' : 'OPTIONAL' }],
    value,
  };
}

function int32Column(name: string, value: (row: ParquetSourceRow) => number): ParquetColumn {
  return { name, schema: [{ name, type: 'INT32', repetition_type: 'REQUIRED' }], value };
}

/** A LIST<STRING> in the three-level layout the Parquet spec prescribes (group, repeated `list`, `element`). */
function stringListColumn(name: string, value: (row: ParquetSourceRow) => readonly string[]): ParquetColumn {
  return {
    name,
    schema: [
      { name, repetition_type: 'REQUIRED', converted_type: 'LIST', logical_type: { type: 'LIST' }, num_children: 1 },
      { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
      { name: 'element', type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' }, repetition_type: 'REQUIRED' },
    ],
    value,
  };
}

/** The columns of commitments.parquet, in order (the CSV's, same names). */
export const PARQUET_COLUMNS: readonly ParquetColumn[] = [
  stringColumn('id', (r) => r.record.id),
  int32Column('year', (r) => r.record.year),
  stringColumn('city', (r) => r.record.city),
  stringColumn('city_code', (r) => r.record.cityCode),
  int32Column('seq', (r) => r.record.seq),
  { ...stringColumn('text', (r) => r.record.text), prose: true },
  stringColumn('deadline', (r) => r.record.deadline),
  {
    name: 'due',
    schema: [{ name: 'due', type: 'INT32', converted_type: 'DATE', logical_type: { type: 'DATE' }, repetition_type: 'OPTIONAL' }],
    value: (r) => (r.record.due === null ? null : epochDays(r.record.due)),
  },
  { name: 'ongoing', schema: [{ name: 'ongoing', type: 'BOOLEAN', repetition_type: 'REQUIRED' }], value: (r) => r.record.ongoing },
  stringListColumn('responsible', (r) => r.record.responsible),
  stringColumn('contact_name', (r) => r.contact?.name ?? null, false),
  stringColumn('contact_phone', (r) => r.contact?.phone ?? null, false),
];

/**
 * The values of one row as Parquet stores them, in column order (`due` in days since
 * 1970-01-01; a city without contact gives nulls).
 */
export function parquetCellsOf(record: CommitmentRecord, city: CityRecord | undefined): unknown[] {
  const row = { record, contact: city?.contact ?? null };
  return PARQUET_COLUMNS.map((c) => c.value(row));
}

/** The file's schema: a root group over every column's elements. */
export const PARQUET_SCHEMA: readonly SchemaElement[] = [
  { name: 'schema', num_children: PARQUET_COLUMNS.length },
  ...PARQUET_COLUMNS.flatMap((c) => c.schema),
];

/** The bytes written since the last call, copied out; the writer's buffer is reused. */
function takeBytes(writer: ByteWriter): Uint8Array {
  const bytes = writer.getBytes().slice();
  writer.index = 0; // `offset` keeps counting, so the file's offsets stay right
  return bytes;
}

/**
 * commitments.parquet as pieces: the header with the first row group, each further row group,
 * then the footer. Concatenated, they are the file.
 */
export function* parquetChunks(dataset: Pick<Dataset, 'records' | 'cities'>, rowGroupRows = ROW_GROUP_ROWS): Generator<Uint8Array> {
  const contacts = new Map(dataset.cities.map((c) => [cityKey(c.year, c.code), c.contact]));
  const writer = new ByteWriter();
  const parquet = new ParquetWriter({ writer, schema: [...PARQUET_SCHEMA], codec: 'SNAPPY', createdBy: PARQUET_CREATED_BY });
  const { records } = dataset;
  for (let start = 0; start < records.length; start += rowGroupRows) {
    const rows: ParquetSourceRow[] = records.slice(start, start + rowGroupRows).map((record) => ({ record, contact: contacts.get(cityKey(record.year, record.cityCode)) ?? null }));
    // Synchronous: a ByteWriter has no flush that could make it wait.
    void parquet.write({
      columnData: PARQUET_COLUMNS.map((c) => ({ name: c.name, data: rows.map(c.value), ...(c.prose ? { encoding: 'PLAIN' as const, statistics: false } : {}) })),
      rowGroupSize: rowGroupRows,
    });
    yield takeBytes(writer);
  }
  void parquet.finish();
  yield takeBytes(writer);
}

/** commitments.parquet, whole. */
export function renderParquet(dataset: Pick<Dataset, 'records' | 'cities'>, rowGroupRows = ROW_GROUP_ROWS): Uint8Array {
  const chunks = [...parquetChunks(dataset, rowGroupRows)];
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
