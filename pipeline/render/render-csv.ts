/**
 * The CSV files of a release (RFC 4180: CRLF, quotes where needed, UTF-8): the commitments
 * table in two variants, and the targets table. Written row by row (a hand-rolled writer:
 * 5× faster than csv-stringify at 100k rows, and the quoting rule below is all RFC 4180
 * asks; csv-parse reads the files back in verify).
 */
import { cityKey, type Dataset } from '../domain/dataset.ts';
import type { CityRecord, CommitmentRecord } from '../schemas/release.ts';
import { encodeChunks } from './stage.ts';
import { CSV_COLUMNS, TABLE_COLUMNS, TARGET_COLUMNS, tableCellText } from './table-columns.ts';

export { CSV_COLUMNS };

// A spreadsheet runs a cell as a formula when it starts with = + - @ (or their
// full-width forms), or with a tab or carriage return that hides such a start.
const FORMULA_START = /^[=+\-@\t\r＝＋－＠]/;
// Plain numbers and phone numbers cannot call functions: they are left as they are.
const NUMBER_LIKE = /^[+-]?[0-9][0-9 ()\-.]*$/;

/** Prefixes a formula-like cell with an apostrophe so spreadsheets show it as text (the Excel CSV only). */
export function neutralizeFormula(value: string): string {
  return FORMULA_START.test(value) && !NUMBER_LIKE.test(value) ? `'${value}` : value;
}

/** The CSV cells of one record, as the data is (commitments.csv). */
export function csvRowOf(record: CommitmentRecord, city: CityRecord | undefined): string[] {
  return TABLE_COLUMNS.map((c) => tableCellText(c.value(record, city)));
}

/**
 * A CSV field as RFC 4180 writes it: quoted when it holds a quote, comma or line break, and
 * also when it starts or ends with white space, which some readers trim from unquoted fields
 * (the Frictionless JS library does): quoted, the text reaches every reader as it is.
 */
export function csvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * Which commitments CSV: `plain` is the data exactly (commitments.csv: every text byte-equal
 * to commitments.json, for programs); `excel` is the copy for spreadsheets
 * (commitments-excel.csv: a UTF-8 BOM so Excel and WPS detect UTF-8, and the formula guard).
 */
export type CsvVariant = 'plain' | 'excel';

/** The cells of one record as the variant writes them (before RFC 4180 quoting). */
export function csvCellsOf(record: CommitmentRecord, city: CityRecord | undefined, variant: CsvVariant): string[] {
  const cells = csvRowOf(record, city);
  return variant === 'excel' ? cells.map(neutralizeFormula) : cells;
}

/** A commitments CSV as chunks, with the city's contact on every row, in the given variant. */
export function* csvChunks(dataset: Pick<Dataset, 'records' | 'cities'>, variant: CsvVariant): Generator<string> {
  const cities = new Map(dataset.cities.map((c) => [cityKey(c.year, c.code), c]));
  yield `${variant === 'excel' ? '\ufeff' : ''}${CSV_COLUMNS.join(',')}\r\n`;
  for (const r of dataset.records) {
    yield `${csvCellsOf(r, cities.get(cityKey(r.year, r.cityCode)), variant).map(csvField).join(',')}\r\n`;
  }
}

/** A commitments CSV, whole, as UTF-8 bytes. */
export function renderCsv(dataset: Pick<Dataset, 'records' | 'cities'>, variant: CsvVariant): Uint8Array {
  return encodeChunks(csvChunks(dataset, variant));
}

/** The cells of each target row of one record (targets.csv), in order. */
export function targetRowsOf(record: CommitmentRecord): string[][] {
  return (record.targets ?? []).map((target, i) => TARGET_COLUMNS.map((c) => tableCellText(c.value(record, target, i))));
}

/** targets.csv as chunks: one row per target, in record order, then text order. */
export function* targetsCsvChunks(dataset: Pick<Dataset, 'records'>): Generator<string> {
  yield `${TARGET_COLUMNS.map((c) => c.name).join(',')}\r\n`;
  for (const r of dataset.records) for (const row of targetRowsOf(r)) yield `${row.map(csvField).join(',')}\r\n`;
}
