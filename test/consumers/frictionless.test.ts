/**
 * A release read through its datapackage.json by tools this project did not write: the
 * Frictionless JS library (`datapackage`) loads it as valid and reads the CSV cast by its
 * Table Schema to exactly the JSON's records, and ajv finds the descriptor valid under the
 * official profiles it declares (as shipped in that library).
 */
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import ajvDraft04, { type ValidateFunction } from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import datapackage from 'datapackage';
import { beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../pipeline/release-format/checksums.ts';
import { csvCellsOf } from '../../pipeline/render/render-csv.ts';
import type { CitiesFile, CityRecord, CommitmentRecord, CommitmentsFile } from '../../pipeline/schemas/release.ts';
import { cli } from '../support/cli.ts';
import { editSeed, makeWorkspace } from '../support/workspace.ts';

let release: string;
let records: CommitmentRecord[];
let cityOf: (r: CommitmentRecord) => CityRecord | undefined;

/** Texts that break naive CSV writers or readers, or that spreadsheets run. */
const HOSTILE = ['=HYPERLINK("http://evil","点我")', '-1+cmd|x', '+1', '@SUM(A1)', '＝1+1', '含有,逗号和"引号"', ' 前导空格', '表情😀结尾 '];

beforeAll(async () => {
  const dir = await makeWorkspace();
  await editSeed(dir, '2023/jinan.json', (seed) => {
    HOSTILE.forEach((text, i) => {
      seed.commitments[i]!.text = text;
    });
    seed.commitments[0]!.responsible = ['=刘强'];
  });
  const run = await cli(dir, ['release', '--quiet']);
  expect(run.code, run.stderr).toBe(0);
  release = path.join(dir, 'dist', 'releases', 'v1.0.0');
  records = (JSON.parse(await readFile(path.join(release, 'commitments.json'), 'utf8')) as CommitmentsFile).records;
  const cities = (JSON.parse(await readFile(path.join(release, 'cities.json'), 'utf8')) as CitiesFile).cities;
  cityOf = (r) => cities.find((c) => c.year === r.year && c.code === r.cityCode);
}, 60_000);

/** A date as its calendar day where the library made it (tableschema casts to local midnight). */
function localDay(value: unknown): string | null {
  if (value === null) return null;
  if (!(value instanceof Date)) throw new Error(`not a date: ${String(value)}`);
  return `${value.getFullYear()}-${String(value.getMonth() + 1).padStart(2, '0')}-${String(value.getDate()).padStart(2, '0')}`;
}

describe('the Frictionless JS library (datapackage) reads a release', () => {
  it('loads datapackage.json as a valid data package, in strict mode too', async () => {
    const loose = await datapackage.Package.load(path.join(release, 'datapackage.json'));
    expect(loose.errors.map((e) => e.message)).toEqual([]);
    expect(loose.valid).toBe(true);
    const strict = await datapackage.Package.load(path.join(release, 'datapackage.json'), { strict: true });
    expect([strict.valid, strict.profile.name]).toEqual([true, 'data-package']);
  });

  it('reads commitments.csv cast by its Table Schema: exactly the JSON records, hostile texts verbatim, codes as text, no due as null', async () => {
    const pkg = await datapackage.Package.load(path.join(release, 'datapackage.json'), { strict: true });
    const tabular = pkg.resources.filter((r) => r.tabular);
    expect(tabular.map((r) => r.name)).toEqual(['commitments', 'targets']);
    const rows = await tabular[0]!.read({ keyed: true, cast: true });
    const got: Array<Record<string, unknown>> = rows.map((row) => ({ ...row, due: localDay(row.due) }));
    const want = records.map((r) => ({
      id: r.id,
      year: r.year,
      city: r.city,
      city_code: r.cityCode,
      seq: r.seq,
      text: r.text,
      deadline: r.deadline,
      due: r.due,
      ongoing: r.ongoing,
      responsible: r.responsible.join('、'),
      contact_name: cityOf(r)?.contact?.name ?? null,
      contact_phone: cityOf(r)?.contact?.phone ?? null,
    }));
    expect(got).toEqual(want);
    expect(got.slice(0, HOSTILE.length).map((r) => r.text)).toEqual(HOSTILE);
    expect(got.some((r) => r.due === null) && got.some((r) => r.contact_name === null)).toBe(true);
  });

  it('reads targets.csv cast by its Table Schema, its rows referring to commitments: exactly the targets of commitments.json', async () => {
    const pkg = await datapackage.Package.load(path.join(release, 'datapackage.json'), { strict: true });
    const targets = pkg.resources.find((r) => r.name === 'targets')!;
    const rows = await targets.read({ keyed: true, cast: true, relations: true });
    const want = records.flatMap((r) =>
      r.targets!.map((t, i) => ({ commitment_id: r.id, year: r.year, city: r.city, city_code: r.cityCode, seq: r.seq, target: i + 1, span: t.span, start: t.start, end: t.end, value: t.value, unit: t.unit, comparator: t.comparator, indicator: t.indicator, source: t.source })),
    );
    expect(want.length).toBeGreaterThan(50);
    // With relations, the library replaces commitment_id by the commitments row it refers to.
    expect(rows.map((row: Record<string, unknown>) => ({ ...row, commitment_id: (row.commitment_id as { id: string }).id }))).toEqual(want.map((w) => ({ ...w, unit: w.unit === '' ? null : w.unit, indicator: w.indicator === '' ? null : w.indicator })));
  });

  it('gives every other resource as the bytes its size and hash describe; the Excel CSV decodes (BOM dropped) to the guarded cells', async () => {
    const pkg = await datapackage.Package.load(path.join(release, 'datapackage.json'), { strict: true });
    const others = pkg.resources.filter((r) => !r.tabular);
    expect(others.map((r) => r.name)).toEqual(['commitments-excel', 'commitments-parquet', 'commitments-json', 'cities', 'changes', 'changelog']);
    for (const r of others) {
      const bytes = await r.rawRead();
      expect([bytes.length, `sha256:${sha256Hex(bytes)}`], r.name).toEqual([r.descriptor.bytes, r.descriptor.hash]);
    }
    const excel = await others[0]!.rawRead();
    expect([...excel.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    // The descriptor says utf-8; a UTF-8 decoder as the Encoding Standard defines it drops the BOM.
    const rows = parse(new TextDecoder('utf-8').decode(excel)) as string[][];
    expect(rows.slice(1)).toEqual(records.map((r) => csvCellsOf(r, cityOf(r), 'excel')));
    expect(rows[1]![5]).toBe(`'${HOSTILE[0]}`);
  });
});

/** The official profiles as the Frictionless JS implementation ships them (its registry maps each to its specs URL). */
async function readProfile(file: string): Promise<object> {
  const fromDatapackage = createRequire(createRequire(import.meta.url).resolve('datapackage/package.json'));
  return JSON.parse(await readFile(fromDatapackage.resolve(file), 'utf8')) as object;
}

describe('datapackage.json under the official profiles (ajv, JSON Schema draft-04)', () => {
  let validate: Record<string, ValidateFunction>;
  let pkg: { profile: string; resources: Array<{ name: string; path: string; profile: string; schema?: object }> };
  beforeAll(async () => {
    // Both are CommonJS modules whose export is also their `default`.
    const ajv = new ajvDraft04.default({ allErrors: true, strict: false });
    ajvFormats.default(ajv);
    ajv.addFormat('textarea', true); // an editor hint in the profiles, not a constraint
    validate = {
      'data-package': ajv.compile(await readProfile('datapackage/lib/profiles/data-package.json')),
      'tabular-data-package': ajv.compile(await readProfile('datapackage/lib/profiles/tabular-data-package.json')),
      'data-resource': ajv.compile(await readProfile('datapackage/lib/profiles/data-resource.json')),
      'tabular-data-resource': ajv.compile(await readProfile('datapackage/lib/profiles/tabular-data-resource.json')),
      'table-schema': ajv.compile(await readProfile('tableschema/lib/profiles/table-schema.json')),
    };
    pkg = JSON.parse(await readFile(path.join(release, 'datapackage.json'), 'utf8')) as typeof pkg;
  });

  it('is valid under the package profile it declares', () => {
    const check = validate[pkg.profile]!;
    expect(check(pkg), JSON.stringify(check.errors)).toBe(true);
  });

  it('each resource is valid under the resource profile it declares, each Table Schema under table-schema', () => {
    for (const r of pkg.resources) {
      const check = validate[r.profile]!;
      expect(check(r), `${r.name}: ${JSON.stringify(check.errors)}`).toBe(true);
      if (r.schema) expect(validate['table-schema']!(r.schema), r.name).toBe(true);
    }
    // Every path also keeps the rule of the current official data-resource profile (no leading . / ~, no ..).
    for (const r of pkg.resources) expect(r.path).toMatch(/^(?=^[^./~])(^((?!\.{2}).)*$).*$/);
  });

  it('the profile the release used to declare (tabular-data-package) rejects these resources, as the review found', () => {
    const check = validate['tabular-data-package']!;
    expect(check({ ...pkg, profile: 'tabular-data-package' })).toBe(false);
    expect(check.errors!.some((e) => /^\/resources\/\d+\/profile$/.test(e.instancePath))).toBe(true);
  });
});
