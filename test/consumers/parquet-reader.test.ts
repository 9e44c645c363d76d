/**
 * commitments.parquet read by hyparquet, a reader this project did not write (the pipeline
 * writes with hyparquet-writer): the file has the promised types, and every row, every value,
 * equals commitments.json, hostile texts and targets included. (DuckDB reads it too, as the
 * README shows; its 70 MB native package is not a dependency of the test suite: see
 * docs/architecture.md, "Dependencies".)
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parquetMetadata, parquetReadObjects, parquetSchema } from 'hyparquet';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CitiesFile, CommitmentRecord, CommitmentsFile } from '../../pipeline/schemas/release.ts';
import { cli } from '../support/cli.ts';
import { editSeed, makeWorkspace } from '../support/workspace.ts';

let file: ArrayBuffer;
let records: CommitmentRecord[];
let expected: Array<Record<string, unknown>>;

/** Texts that break naive CSV writers or readers, or that spreadsheets run. */
const HOSTILE = ['=HYPERLINK("http://evil","点我")', '-1+cmd|x', '@SUM(A1)', '＝1+1', '含有,逗号和"引号"', ' 前导空格', "'已有撇号"];

beforeAll(async () => {
  const dir = await makeWorkspace();
  await editSeed(dir, '2023/jinan.json', (seed) => {
    HOSTILE.forEach((text, i) => {
      seed.commitments[i]!.text = text;
    });
  });
  const run = await cli(dir, ['release', '--quiet']);
  expect(run.code, run.stderr).toBe(0);
  const release = path.join(dir, 'dist', 'releases', 'v1.0.0');
  const bytes = await readFile(path.join(release, 'commitments.parquet'));
  file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
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
}, 60_000);

describe('commitments.parquet, read by hyparquet', () => {
  it('has the promised types: codes as strings, due as DATE, responsible as a list, targets as a list of structs, contacts nullable', () => {
    const columns = parquetSchema(parquetMetadata(file)).children.map((c) => {
      const e = c.element;
      return [e.name, e.type ?? e.logical_type?.type ?? e.converted_type, e.logical_type?.type ?? null, e.repetition_type];
    });
    expect(columns).toEqual([
      ['id', 'BYTE_ARRAY', 'STRING', 'REQUIRED'],
      ['year', 'INT32', null, 'REQUIRED'],
      ['city', 'BYTE_ARRAY', 'STRING', 'REQUIRED'],
      ['city_code', 'BYTE_ARRAY', 'STRING', 'REQUIRED'],
      ['seq', 'INT32', null, 'REQUIRED'],
      ['text', 'BYTE_ARRAY', 'STRING', 'REQUIRED'],
      ['deadline', 'BYTE_ARRAY', 'STRING', 'REQUIRED'],
      ['due', 'INT32', 'DATE', 'OPTIONAL'],
      ['ongoing', 'BOOLEAN', null, 'REQUIRED'],
      ['responsible', 'LIST', 'LIST', 'REQUIRED'],
      ['contact_name', 'BYTE_ARRAY', 'STRING', 'OPTIONAL'],
      ['contact_phone', 'BYTE_ARRAY', 'STRING', 'OPTIONAL'],
      ['targets', 'LIST', 'LIST', 'REQUIRED'],
    ]);
    expect(parquetMetadata(file).created_by).toBe('shandong-commitments');
  });

  it('every row and every value equals commitments.json, hostile texts and targets included', async () => {
    const rows = await parquetReadObjects({ file, parsers: { dateFromDays: (days: number) => new Date(days * 86_400_000).toISOString().slice(0, 10) } });
    expect(rows).toEqual(expected);
    expect(rows.slice(0, HOSTILE.length).map((r) => r.text)).toEqual(HOSTILE);
    expect(rows.some((r) => r.due === null) && rows.some((r) => r.contact_name === null)).toBe(true);
    expect(rows.filter((r) => (r.targets as unknown[]).length > 0).length).toBeGreaterThan(20); // the real texts' targets
  });
});
