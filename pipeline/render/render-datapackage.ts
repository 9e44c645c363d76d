import type { Asset } from '../release-format/asset.ts';
import { ASSET } from '../release-format/names.ts';
import type { ValueKind } from '../schemas/fields.ts';
import { DATASET } from '../schemas/release.ts';
import { TABLE_COLUMNS, TARGET_COLUMNS } from './table-columns.ts';

/** The Table Schema type of a column's values. */
const TABLE_TYPE: Record<ValueKind, string> = { string: 'string', integer: 'integer', boolean: 'boolean', date: 'date', names: 'string', object: 'string', targets: 'array' };

/** Frictionless Table Schema of commitments.csv, from its columns: the data as it is, every text as in commitments.json. */
export const CSV_TABLE_SCHEMA = {
  fields: TABLE_COLUMNS.map((c) => ({
    name: c.name,
    type: TABLE_TYPE[c.kind],
    title: c.title,
    ...(c.description === undefined ? {} : { description: c.description }),
    ...(c.kind === 'boolean' ? { trueValues: ['true'], falseValues: ['false'] } : {}),
    ...(c.constraints === undefined ? {} : { constraints: c.constraints }),
  })),
  primaryKey: ['id'],
  missingValues: [''],
};

/** Frictionless Table Schema of targets.csv: one row per target, keyed by its commitment and place. */
export const TARGETS_TABLE_SCHEMA = {
  fields: TARGET_COLUMNS.map((c) => ({
    name: c.name,
    type: c.type,
    title: c.title,
    ...(c.description === undefined ? {} : { description: c.description }),
    ...(c.constraints === undefined ? {} : { constraints: c.constraints }),
  })),
  primaryKey: ['commitment_id', 'target'],
  foreignKeys: [{ fields: ['commitment_id'], reference: { resource: 'commitments', fields: ['id'] } }],
  missingValues: [''],
};

/** The CSV dialect both CSVs are written in (RFC 4180). */
export const CSV_DIALECT = { delimiter: ',', lineTerminator: '\r\n', quoteChar: '"', doubleQuote: true, header: true } as const;

/** The media type of Parquet files (registered with IANA in 2024). */
export const PARQUET_MEDIATYPE = 'application/vnd.apache.parquet';

export interface DatapackageInput {
  readonly version: string;
  readonly title: string;
  readonly sources: ReadonlyArray<{ title: string; publisher: string }>;
  /** ISO date-time of the release, or null (then `created` is omitted). */
  readonly created: string | null;
  /** The data assets the package describes. */
  readonly assets: readonly Asset[];
}

function fileInfo(asset: Asset): { bytes: number; hash: string } {
  return { bytes: asset.size, hash: `sha256:${asset.sha256}` };
}

/**
 * datapackage.json: a Frictionless (v1) Data Package with sizes and sha256 hashes.
 *
 * It is a `data-package`, not a `tabular-data-package`: that profile requires every resource
 * to be a tabular data resource (CSV or inline JSON with a Table Schema), and the release
 * also holds JSON, Markdown and Parquet files. commitments.csv and targets.csv are the tabular
 * data resources, readable and typed through their Table Schemas by any Frictionless reader.
 *
 * commitments-excel.csv is listed as a plain `data-resource` (no Table Schema): its BOM
 * sticks to the first header in readers that decode `utf-8` without dropping a BOM (the
 * Frictionless JS library does; Python's frictionless drops it), and its formula guard
 * changes texts, so the table to read by program is commitments.csv; the Excel copy is
 * described, sized and hashed for download, not offered as a table.
 */
export function renderDatapackage(input: DatapackageInput): string {
  const get = (name: string): Asset => {
    const a = input.assets.find((x) => x.name === name);
    if (!a) throw new Error(`datapackage: missing asset ${name}`);
    return a;
  };
  /** A CSV table of the release, typed by its Table Schema. */
  const table = (name: string, path: string, title: string, description: string, schema: object): Record<string, unknown> => ({
    name, path, profile: 'tabular-data-resource', title, description,
    format: 'csv', mediatype: 'text/csv', encoding: 'utf-8', ...fileInfo(get(path)), dialect: CSV_DIALECT, schema,
  });
  const resources = [
    table('commitments', ASSET.commitmentsCsv, '承诺事项 (CSV)', 'The records as they are (UTF-8 without BOM, RFC 4180): every text byte-equal to commitments.json. For programs.', CSV_TABLE_SCHEMA),
    {
      name: 'commitments-excel', path: ASSET.commitmentsExcelCsv, profile: 'data-resource', title: '承诺事项 (CSV for Excel/WPS)',
      description:
        "The same table for spreadsheets: starts with a UTF-8 byte order mark (so Excel and WPS read UTF-8), and a cell a spreadsheet would run as a formula (starting with = + - @, their full-width forms, a tab or CR; numbers and phone numbers excepted) starts with an apostrophe ('). Same columns and dialect as the commitments resource. Not for programs: read commitments.csv or commitments.parquet.",
      format: 'csv', mediatype: 'text/csv', encoding: 'utf-8', ...fileInfo(get(ASSET.commitmentsExcelCsv)),
    },
    table('targets', ASSET.targetsCsv, '指标 (CSV)', 'The quantitative targets read from (or given for) each commitment text, one row per target (UTF-8 without BOM, RFC 4180); commitment_id refers to the commitments resource.', TARGETS_TABLE_SCHEMA),
    {
      name: 'commitments-parquet', path: ASSET.commitmentsParquet, profile: 'data-resource', title: '承诺事项 (Parquet)',
      description:
        'The same records, typed (Apache Parquet, Snappy): id, city, city_code, text, deadline STRING; year, seq INT32; due DATE (null when none); ongoing BOOLEAN; responsible LIST<STRING>; contact_name, contact_phone STRING (null when the city has no contact); targets LIST<STRUCT<span, start, end, value, unit, comparator, indicator, source>>.',
      format: 'parquet', mediatype: PARQUET_MEDIATYPE, ...fileInfo(get(ASSET.commitmentsParquet)),
    },
    { name: 'commitments-json', path: ASSET.commitmentsJson, profile: 'data-resource', title: '承诺事项 (JSON)', format: 'json', mediatype: 'application/json', encoding: 'utf-8', ...fileInfo(get(ASSET.commitmentsJson)) },
    { name: 'cities', path: ASSET.citiesJson, profile: 'data-resource', title: '城市', format: 'json', mediatype: 'application/json', encoding: 'utf-8', ...fileInfo(get(ASSET.citiesJson)) },
    { name: 'changes', path: ASSET.changesJson, profile: 'data-resource', title: '变更 (changes.json)', format: 'json', mediatype: 'application/json', encoding: 'utf-8', ...fileInfo(get(ASSET.changesJson)) },
    { name: 'changelog', path: ASSET.changelog, profile: 'data-resource', title: '变更说明 (CHANGELOG)', format: 'md', mediatype: 'text/markdown', encoding: 'utf-8', ...fileInfo(get(ASSET.changelog)) },
  ];
  const pkg = {
    profile: 'data-package',
    name: DATASET,
    title: input.title,
    version: input.version,
    ...(input.created ? { created: input.created } : {}),
    licenses: [{ name: 'other-pd', title: 'Government information published under 政务公开 (public commitments)' }],
    sources: input.sources.map((s) => ({ title: s.title, publisher: s.publisher })),
    resources,
  };
  return `${JSON.stringify(pkg, null, 2)}\n`;
}
