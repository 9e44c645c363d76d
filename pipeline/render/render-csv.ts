import { cityKey, type Dataset } from '../domain/dataset.ts';
import type { CityRecord, CommitmentRecord } from '../schemas/release.ts';
import { Utf8Builder } from './utf8-builder.ts';

/** CSV columns (contract: the header starts with id,year,city,city_code,seq,text). */
export const CSV_COLUMNS = [
  'id',
  'year',
  'city',
  'city_code',
  'seq',
  'text',
  'deadline',
  'due',
  'ongoing',
  'responsible',
  'contact_name',
  'contact_phone',
] as const;

/** How names of responsible officials are joined in one cell. */
export const RESPONSIBLE_SEPARATOR = '、';

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
  return [
    record.id,
    String(record.year),
    record.city,
    record.cityCode,
    String(record.seq),
    record.text,
    record.deadline,
    record.due ?? '',
    record.ongoing ? 'true' : 'false',
    record.responsible.join(RESPONSIBLE_SEPARATOR),
    city?.contact?.name ?? '',
    city?.contact?.phone ?? '',
  ];
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

/**
 * A commitments CSV as chunks (RFC 4180: CRLF, quotes where needed) with the city's contact
 * on every row, in the given variant.
 * Written row by row (a hand-rolled writer: 5× faster than csv-stringify at 100k rows,
 * and the quoting rule above is all RFC 4180 asks; csv-parse reads it back in verify).
 */
export function* csvChunks(dataset: Pick<Dataset, 'records' | 'cities'>, variant: CsvVariant): Generator<string> {
  const cities = new Map(dataset.cities.map((c) => [cityKey(c.year, c.code), c]));
  yield `${variant === 'excel' ? '\ufeff' : ''}${CSV_COLUMNS.join(',')}\r\n`;
  for (const r of dataset.records) {
    yield `${csvCellsOf(r, cities.get(cityKey(r.year, r.cityCode)), variant).map(csvField).join(',')}\r\n`;
  }
}

/** A commitments CSV, whole, as UTF-8 bytes. */
export function renderCsv(dataset: Pick<Dataset, 'records' | 'cities'>, variant: CsvVariant): Uint8Array {
  const out = new Utf8Builder();
  for (const chunk of csvChunks(dataset, variant)) out.push(chunk);
  return out.finish();
}
