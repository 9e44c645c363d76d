/**
 * A release read by DuckDB, an engine this project did not write (test-only dependency):
 * commitments.parquet has the promised types and every row equals commitments.json, and
 * commitments.csv read with the types of its Table Schema gives the same values (codes as
 * text, no due date as NULL). Extension auto-loading is off: nothing is downloaded.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSV_DIALECT, CSV_TABLE_SCHEMA } from '../../pipeline/render/render-datapackage.ts';
import type { CitiesFile, CommitmentRecord, CommitmentsFile } from '../../pipeline/schemas/release.ts';
import { cli, editSeed, makeWorkspace } from '../support/workspace.ts';

let release: string;
let expected: Array<Record<string, unknown>>;
let records: CommitmentRecord[];
let instance: DuckDBInstance;
let db: DuckDBConnection;

/** Texts that break naive CSV writers or readers, or that spreadsheets run. */
const HOSTILE = ['=HYPERLINK("http://evil","点我")', '-1+cmd|x', '@SUM(A1)', '＝1+1', '含有,逗号和"引号"', ' 前导空格', "'已有撇号"];

const sqlString = (s: string): string => `'${s.replace(/'/g, "''")}'`;
const rowsOf = async (sql: string): Promise<Array<Record<string, unknown>>> => (await db.runAndReadAll(sql)).getRowObjectsJson() as Array<Record<string, unknown>>;

beforeAll(async () => {
  const dir = await makeWorkspace();
  await editSeed(dir, '2023/jinan.json', (seed) => {
    HOSTILE.forEach((text, i) => {
      seed.commitments[i]!.text = text;
    });
  });
  const run = await cli(dir, ['release', '--quiet']);
  expect(run.code, run.stderr).toBe(0);
  release = path.join(dir, 'dist', 'releases', 'v1.0.0');
  records = (JSON.parse(await readFile(path.join(release, 'commitments.json'), 'utf8')) as CommitmentsFile).records;
  const cities = (JSON.parse(await readFile(path.join(release, 'cities.json'), 'utf8')) as CitiesFile).cities;
  expected = records.map((r) => {
    const contact = cities.find((c) => c.year === r.year && c.code === r.cityCode)?.contact ?? null;
    return {
      id: r.id,
      year: r.year,
      city: r.city,
      city_code: r.cityCode,
      seq: r.seq,
      text: r.text,
      deadline: r.deadline,
      due: r.due,
      ongoing: r.ongoing,
      responsible: r.responsible,
      contact_name: contact?.name ?? null,
      contact_phone: contact?.phone ?? null,
      targets: r.targets!.map(({ span, start, end, value, unit, comparator, indicator, source }) => ({ span, start, end, value, unit, comparator, indicator, source })),
    };
  });
  instance = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false', threads: '1' });
  db = await instance.connect();
}, 60_000);

afterAll(() => {
  db?.closeSync();
  instance?.closeSync();
});

describe('DuckDB reads commitments.parquet', () => {
  const file = (): string => sqlString(path.join(release, 'commitments.parquet'));

  it('with the promised types: codes as VARCHAR, due as DATE, responsible as a list, contacts nullable, the rest required', async () => {
    const types = await rowsOf(`DESCRIBE SELECT * FROM ${file()}`);
    const repetition = new Map((await rowsOf(`SELECT name, repetition_type FROM parquet_schema(${file()})`)).map((e) => [e.name, e.repetition_type]));
    expect(types.map((c) => [c.column_name, c.column_type, repetition.get(c.column_name)])).toEqual([
      ['id', 'VARCHAR', 'REQUIRED'],
      ['year', 'INTEGER', 'REQUIRED'],
      ['city', 'VARCHAR', 'REQUIRED'],
      ['city_code', 'VARCHAR', 'REQUIRED'],
      ['seq', 'INTEGER', 'REQUIRED'],
      ['text', 'VARCHAR', 'REQUIRED'],
      ['deadline', 'VARCHAR', 'REQUIRED'],
      ['due', 'DATE', 'OPTIONAL'],
      ['ongoing', 'BOOLEAN', 'REQUIRED'],
      ['responsible', 'VARCHAR[]', 'REQUIRED'],
      ['contact_name', 'VARCHAR', 'OPTIONAL'],
      ['contact_phone', 'VARCHAR', 'OPTIONAL'],
      ['targets', 'STRUCT(span VARCHAR, "start" INTEGER, "end" INTEGER, "value" DOUBLE, unit VARCHAR, comparator VARCHAR, indicator VARCHAR, "source" VARCHAR)[]', 'REQUIRED'],
    ]);
    expect(await rowsOf(`SELECT created_by FROM parquet_file_metadata(${file()})`)).toEqual([{ created_by: 'shandong-commitments' }]);
  });

  it('every row and every value equals commitments.json, hostile texts verbatim', async () => {
    const rows = await rowsOf(`SELECT * FROM ${file()}`);
    expect(rows).toEqual(expected);
    expect(rows.slice(0, HOSTILE.length).map((r) => r.text)).toEqual(HOSTILE);
    expect(rows.some((r) => r.due === null) && rows.some((r) => r.contact_name === null)).toBe(true);
    expect(rows.filter((r) => (r.targets as unknown[]).length > 0).length).toBeGreaterThan(20); // the real texts' targets
  });

  it("answers the README's query", async () => {
    const counts = await rowsOf(`SELECT city, count(*)::INTEGER AS n FROM ${file()} GROUP BY city ORDER BY city`);
    const want = new Map<string, number>();
    for (const r of records) want.set(r.city, (want.get(r.city) ?? 0) + 1);
    expect(counts).toEqual([...want].map(([city, n]) => ({ city, n })).sort((a, b) => (a.city < b.city ? -1 : 1)));
  });
});

describe('DuckDB reads commitments.csv with the types of its Table Schema', () => {
  it('gives the JSON values: city_code as VARCHAR, due NULL when empty, texts verbatim', async () => {
    const duckType: Record<string, string> = { string: 'VARCHAR', integer: 'INTEGER', date: 'DATE', boolean: 'BOOLEAN' };
    const columns = CSV_TABLE_SCHEMA.fields.map((f) => `${sqlString(f.name)}: ${sqlString(duckType[f.type]!)}`).join(', ');
    const { delimiter, quoteChar, header } = CSV_DIALECT;
    const rows = await rowsOf(
      `SELECT * FROM read_csv(${sqlString(path.join(release, 'commitments.csv'))}, auto_detect = false, header = ${header}, delim = ${sqlString(delimiter)}, quote = ${sqlString(quoteChar)}, escape = ${sqlString(quoteChar)}, nullstr = '', allow_quoted_nulls = false, columns = {${columns}})`,
    );
    expect(rows).toEqual(expected.map(({ targets: _targets, ...r }) => ({ ...r, responsible: (r.responsible as string[]).join('、') })));
  });
});
