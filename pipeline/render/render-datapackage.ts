import { DATASET } from '../schemas/release.ts';
import type { Asset } from '../release-format/asset.ts';
import { ASSET } from '../release-format/names.ts';
import type { ValueKind } from '../schemas/fields.ts';
import { TABLE_COLUMNS } from './table-columns.ts';

/** The Table Schema type of a column's values. */
const TABLE_TYPE: Record<ValueKind, string> = { string: 'string', integer: 'integer', boolean: 'boolean', date: 'date', names: 'string', object: 'string', targets: 'array' };

/** Frictionless Table Schema of commitments.csv, from its columns. */
export const CSV_TABLE_SCHEMA = {
  fields: TABLE_COLUMNS.map((c) => ({
    name: c.name,
    type: TABLE_TYPE[c.kind],
    title: c.title,
    ...(c.description === undefined ? {} : { description: c.description }),
    ...(c.constraints === undefined ? {} : { constraints: c.constraints }),
    ...(c.kind === 'boolean' ? { trueValues: ['true'], falseValues: ['false'] } : {}),
  })),
  primaryKey: ['id'],
  missingValues: [''],
};

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

/** datapackage.json: a Frictionless Tabular Data Package with sizes and sha256 hashes. */
export function renderDatapackage(input: DatapackageInput): string {
  const get = (name: string): Asset => {
    const a = input.assets.find((x) => x.name === name);
    if (!a) throw new Error(`datapackage: missing asset ${name}`);
    return a;
  };
  const csvDialect = { delimiter: ',', lineTerminator: '\r\n', quoteChar: '"', doubleQuote: true, header: true };
  const resources = [
    {
      name: 'commitments', path: ASSET.commitmentsCsv, profile: 'tabular-data-resource', title: '承诺事项 (CSV)',
      format: 'csv', mediatype: 'text/csv', encoding: 'utf-8', ...fileInfo(get(ASSET.commitmentsCsv)), dialect: csvDialect, schema: CSV_TABLE_SCHEMA,
    },
    {
      name: 'commitments-excel', path: ASSET.commitmentsExcelCsv, profile: 'tabular-data-resource', title: '承诺事项 (CSV for Excel/WPS, with BOM)',
      format: 'csv', mediatype: 'text/csv', encoding: 'utf-8-sig', ...fileInfo(get(ASSET.commitmentsExcelCsv)), dialect: csvDialect, schema: CSV_TABLE_SCHEMA,
    },
    { name: 'commitments-json', path: ASSET.commitmentsJson, profile: 'data-resource', title: '承诺事项 (JSON)', format: 'json', mediatype: 'application/json', encoding: 'utf-8', ...fileInfo(get(ASSET.commitmentsJson)) },
    { name: 'cities', path: ASSET.citiesJson, profile: 'data-resource', title: '城市', format: 'json', mediatype: 'application/json', encoding: 'utf-8', ...fileInfo(get(ASSET.citiesJson)) },
    { name: 'changes', path: ASSET.changesJson, profile: 'data-resource', title: '变更 (changes.json)', format: 'json', mediatype: 'application/json', encoding: 'utf-8', ...fileInfo(get(ASSET.changesJson)) },
    { name: 'changelog', path: ASSET.changelog, profile: 'data-resource', title: '变更说明 (CHANGELOG)', format: 'md', mediatype: 'text/markdown', encoding: 'utf-8', ...fileInfo(get(ASSET.changelog)) },
  ];
  const pkg = {
    profile: 'tabular-data-package',
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
