/**
 * commitments.parquet: the records of commitments.csv, typed by the field registry's value
 * kinds (codes stay strings, `due` is a DATE that is null when there is none, `responsible` a
 * list of names), and each commitment's targets as a list of structs. Written with
 * hyparquet-writer (pure JavaScript, Snappy, which every Parquet reader has), one row group of
 * at most ROW_GROUP_ROWS records at a time, so a million records never exist as columns at
 * once. The bytes depend only on the records and cities: no clock, no version, a fixed
 * created_by.
 */
import type { SchemaElement } from 'hyparquet';
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import { cityKey, type Dataset } from '../domain/dataset.ts';
import type { ValueKind } from '../schemas/fields.ts';
import type { CityRecord, CommitmentRecord } from '../schemas/release.ts';
import { TABLE_COLUMNS, TARGET_COLUMNS, type TableColumn } from './table-columns.ts';

/** The file's created_by: fixed, with no writer version in it (the writer itself is pinned by package-lock.json). */
export const PARQUET_CREATED_BY = 'shandong-commitments';
/**
 * Records per row group. Each group is written in one synchronous call, so a group takes
 * tens of milliseconds (60–160 ms at 100k with targets), not hundreds (up to 0.5 s with
 * 10,000): the release's thread stays responsive (a signal that stops the run is heard)
 * while the Parquet renders. The Parquet takes ~2.4 s either way; the file is 2% larger
 * (more row-group metadata). (When the zip was written in the release's thread, longer calls
 * also stalled it: 4.9–5.5 s instead of 3.6–4.3 s to zip commitments.json and its CSV.)
 */
export const ROW_GROUP_ROWS = 2_500;

/** One top-level column: its schema elements (the column first, then its children) and its value. */
export interface ParquetColumn {
  readonly name: string;
  readonly schema: readonly SchemaElement[];
  readonly value: (record: CommitmentRecord, city: CityRecord | undefined) => unknown;
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

const STRING = { type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' } } as const;

/** The leaf type of a value kind (names are lists of strings; see listOf). */
function leafOf(kind: ValueKind | 'number'): Omit<SchemaElement, 'name'> {
  if (kind === 'integer') return { type: 'INT32' };
  if (kind === 'number') return { type: 'DOUBLE' };
  if (kind === 'boolean') return { type: 'BOOLEAN' };
  if (kind === 'date') return { type: 'INT32', converted_type: 'DATE', logical_type: { type: 'DATE' } };
  return STRING;
}

/** A LIST in the three-level layout the Parquet spec prescribes (group, repeated `list`, `element`). */
function listOf(name: string, element: readonly SchemaElement[]): SchemaElement[] {
  return [
    { name, repetition_type: 'REQUIRED', converted_type: 'LIST', logical_type: { type: 'LIST' }, num_children: 1 },
    { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
    ...element,
  ];
}

/** A column of the commitments table (TABLE_COLUMNS), typed by its value kind; required when its constraints say so. */
function tableColumn(c: TableColumn): ParquetColumn {
  if (c.kind === 'names') return { name: c.name, schema: listOf(c.name, [{ name: 'element', ...STRING, repetition_type: 'REQUIRED' }]), value: c.value };
  const required = c.constraints?.required === true;
  const value = c.kind === 'date' ? (r: CommitmentRecord, city: CityRecord | undefined) => {
    const v = c.value(r, city);
    return typeof v === 'string' ? epochDays(v) : null;
  } : c.value;
  return { name: c.name, schema: [{ name: c.name, ...leafOf(c.kind), repetition_type: required ? 'REQUIRED' : 'OPTIONAL' }], value, ...(c.long ? { prose: true } : {}) };
}

/** The fields of a target, as targets.csv has them after its commitment's columns. */
const TARGET_FIELDS = TARGET_COLUMNS.filter((c) => ['span', 'start', 'end', 'value', 'unit', 'comparator', 'indicator', 'source'].includes(c.name));

/** targets: LIST<STRUCT<span, start, end, value, unit, comparator, indicator, source>>, [] when a commitment states none. */
const TARGETS_COLUMN: ParquetColumn = {
  name: 'targets',
  schema: listOf('targets', [
    { name: 'element', repetition_type: 'REQUIRED', num_children: TARGET_FIELDS.length },
    ...TARGET_FIELDS.map((c): SchemaElement => ({ name: c.name, ...leafOf(c.type), repetition_type: c.constraints?.required === true ? 'REQUIRED' : 'OPTIONAL' })),
  ]),
  // The records' target objects have exactly these fields: the writer reads them by name.
  value: (r) => r.targets ?? [],
};

/** The columns of commitments.parquet, in order: the CSV's (same names), then the targets. */
export const PARQUET_COLUMNS: readonly ParquetColumn[] = [...TABLE_COLUMNS.map(tableColumn), TARGETS_COLUMN];

/**
 * The values of one row as Parquet stores them, in column order (`due` in days since
 * 1970-01-01; a city without contact gives nulls).
 */
export function parquetCellsOf(record: CommitmentRecord, city: CityRecord | undefined): unknown[] {
  return PARQUET_COLUMNS.map((c) => c.value(record, city));
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
  const cities = new Map(dataset.cities.map((c) => [cityKey(c.year, c.code), c]));
  const writer = new ByteWriter();
  const parquet = new ParquetWriter({ writer, schema: [...PARQUET_SCHEMA], codec: 'SNAPPY', createdBy: PARQUET_CREATED_BY });
  const { records } = dataset;
  for (let start = 0; start < records.length; start += rowGroupRows) {
    const rows = records.slice(start, start + rowGroupRows);
    const cityOf = rows.map((r) => cities.get(cityKey(r.year, r.cityCode)));
    // Synchronous: a ByteWriter has no flush that could make it wait.
    void parquet.write({
      columnData: PARQUET_COLUMNS.map((c) => ({ name: c.name, data: rows.map((r, i) => c.value(r, cityOf[i])), ...(c.prose ? { encoding: 'PLAIN' as const, statistics: false } : {}) })),
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
