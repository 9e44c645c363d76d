import { DATASET } from '../schemas/release.ts';
import { ASSET, type Asset } from './names.ts';
import { RESPONSIBLE_SEPARATOR } from './render-csv.ts';

/** Frictionless Table Schema of commitments.csv. */
export const CSV_TABLE_SCHEMA = {
  fields: [
    { name: 'id', type: 'string', title: '编号', description: 'Stable id, never reused', constraints: { required: true, unique: true } },
    { name: 'year', type: 'integer', title: '年份', constraints: { required: true } },
    { name: 'city', type: 'string', title: '城市', constraints: { required: true } },
    { name: 'city_code', type: 'string', title: '城市代码', description: 'GB/T 2260', constraints: { required: true, pattern: '^[0-9]{6}$' } },
    { name: 'seq', type: 'integer', title: '序号', constraints: { required: true, minimum: 1 } },
    { name: 'text', type: 'string', title: '承诺事项', description: "Cells that a spreadsheet would run as a formula start with an apostrophe (')", constraints: { required: true } },
    { name: 'deadline', type: 'string', title: '完成时间', constraints: { required: true } },
    { name: 'due', type: 'date', title: '截止日期', description: 'Derived from the deadline phrase; empty when none' },
    { name: 'ongoing', type: 'boolean', title: '长期坚持', trueValues: ['true'], falseValues: ['false'] },
    { name: 'responsible', type: 'string', title: '责任人', description: `Names joined with ${RESPONSIBLE_SEPARATOR}` },
    { name: 'contact_name', type: 'string', title: '联系人' },
    { name: 'contact_phone', type: 'string', title: '办公电话' },
  ],
  primaryKey: ['id'],
  missingValues: [''],
} as const;

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
