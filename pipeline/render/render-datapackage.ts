import { DATASET } from '../schemas/release.ts';
import { ASSET, type Asset } from './names.ts';
import { RESPONSIBLE_SEPARATOR } from './render-csv.ts';

/** Frictionless Table Schema of commitments.csv: the data as it is, every text as in commitments.json. */
export const CSV_TABLE_SCHEMA = {
  fields: [
    { name: 'id', type: 'string', title: '编号', description: 'Stable id, never reused', constraints: { required: true, unique: true } },
    { name: 'year', type: 'integer', title: '年份', constraints: { required: true } },
    { name: 'city', type: 'string', title: '城市', constraints: { required: true } },
    { name: 'city_code', type: 'string', title: '城市代码', description: 'GB/T 2260 code: text, not a number', constraints: { required: true, pattern: '^[0-9]{6}$' } },
    { name: 'seq', type: 'integer', title: '序号', constraints: { required: true, minimum: 1 } },
    { name: 'text', type: 'string', title: '承诺事项', description: 'As published, byte for byte as in commitments.json (no formula guard)', constraints: { required: true } },
    { name: 'deadline', type: 'string', title: '完成时间', constraints: { required: true } },
    { name: 'due', type: 'date', title: '截止日期', description: 'Derived from the deadline phrase; empty (null) when none' },
    { name: 'ongoing', type: 'boolean', title: '长期坚持', trueValues: ['true'], falseValues: ['false'], constraints: { required: true } },
    { name: 'responsible', type: 'string', title: '责任人', description: `Names joined with ${RESPONSIBLE_SEPARATOR}`, constraints: { required: true } },
    { name: 'contact_name', type: 'string', title: '联系人', description: "The city's contact; empty (null) when the city has none" },
    { name: 'contact_phone', type: 'string', title: '办公电话', description: "The city's contact; empty (null) when the city has none" },
  ],
  primaryKey: ['id'],
  missingValues: [''],
} as const;

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
 * also holds JSON, Markdown and Parquet files. commitments.csv is the one tabular data
 * resource, readable and typed through its Table Schema by any Frictionless reader.
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
  const resources = [
    {
      name: 'commitments', path: ASSET.commitmentsCsv, profile: 'tabular-data-resource', title: '承诺事项 (CSV)',
      description: 'The records as they are (UTF-8 without BOM, RFC 4180): every text byte-equal to commitments.json. For programs.',
      format: 'csv', mediatype: 'text/csv', encoding: 'utf-8', ...fileInfo(get(ASSET.commitmentsCsv)), dialect: CSV_DIALECT, schema: CSV_TABLE_SCHEMA,
    },
    {
      name: 'commitments-excel', path: ASSET.commitmentsExcelCsv, profile: 'data-resource', title: '承诺事项 (CSV for Excel/WPS)',
      description:
        "The same table for spreadsheets: starts with a UTF-8 byte order mark (so Excel and WPS read UTF-8), and a cell a spreadsheet would run as a formula (starting with = + - @, their full-width forms, a tab or CR; numbers and phone numbers excepted) starts with an apostrophe ('). Same columns and dialect as the commitments resource. Not for programs: read commitments.csv or commitments.parquet.",
      format: 'csv', mediatype: 'text/csv', encoding: 'utf-8', ...fileInfo(get(ASSET.commitmentsExcelCsv)),
    },
    {
      name: 'commitments-parquet', path: ASSET.commitmentsParquet, profile: 'data-resource', title: '承诺事项 (Parquet)',
      description:
        'The same records, typed (Apache Parquet, Snappy): id, city, city_code, text, deadline STRING; year, seq INT32; due DATE (null when none); ongoing BOOLEAN; responsible LIST<STRING>; contact_name, contact_phone STRING (null when the city has no contact).',
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
