import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { PARQUET_CREATED_BY, parquetChunks, renderParquet } from '../../pipeline/render/render-parquet.ts';
import type { CommitmentRecord } from '../../pipeline/schemas/release.ts';
import { makeCity, makeRecord } from '../support/builders.ts';

const TARGET = { span: '1+1', start: 1, end: 4, value: 2, unit: '家', comparator: '>=', indicator: '含有', source: 'extracted' } as const;
const records: CommitmentRecord[] = [
  makeRecord({ id: 'a-1', seq: 1, text: '=1+1 含有,逗号和"引号"', responsible: ['刘强', '于海田'], targets: [TARGET, { ...TARGET, span: '1', start: 3, end: 4, value: 1.5, unit: '', source: 'seed' }] }),
  makeRecord({ id: 'a-2', seq: 2, deadline: '长期坚持', due: null, ongoing: true }),
  makeRecord({ id: 'a-3', seq: 3, due: '2023-06-30', responsible: ['王伟', '李娜', '张敏'] }),
  makeRecord({ id: 'b-1', seq: 1, city: '淄博市', text: '表情😀 ' }),
  makeRecord({ id: 'b-2', seq: 2, city: '淄博市', due: '1999-12-31' }),
];
const cities = [makeCity(), makeCity({ name: '淄博市', code: '370300', slug: 'zibo', contact: null })];

async function readBack(bytes: Uint8Array): Promise<Array<Record<string, unknown>>> {
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  return await parquetReadObjects({ file, parsers: { dateFromDays: (days: number) => new Date(days * 86_400_000).toISOString().slice(0, 10) } });
}

describe('commitments.parquet', () => {
  it('holds every record with its city contact and its targets, in order, typed; null due and missing contact as nulls', async () => {
    const rows = await readBack(renderParquet({ records, cities }));
    expect(rows).toEqual([
      { id: 'a-1', year: 2023, city: '济南市', city_code: '370100', seq: 1, text: '=1+1 含有,逗号和"引号"', deadline: '12月底前', due: '2023-12-31', ongoing: false, responsible: ['刘强', '于海田'], contact_name: '权娜', contact_phone: '0531-5170706', targets: [{ ...TARGET }, { ...TARGET, span: '1', start: 3, end: 4, value: 1.5, unit: '', source: 'seed' }] },
      { id: 'a-2', year: 2023, city: '济南市', city_code: '370100', seq: 2, text: records[1]!.text, deadline: '长期坚持', due: null, ongoing: true, responsible: ['刘强'], contact_name: '权娜', contact_phone: '0531-5170706', targets: [] },
      { id: 'a-3', year: 2023, city: '济南市', city_code: '370100', seq: 3, text: records[2]!.text, deadline: '12月底前', due: '2023-06-30', ongoing: false, responsible: ['王伟', '李娜', '张敏'], contact_name: '权娜', contact_phone: '0531-5170706', targets: [] },
      { id: 'b-1', year: 2023, city: '淄博市', city_code: '370300', seq: 1, text: '表情😀 ', deadline: '12月底前', due: '2023-12-31', ongoing: false, responsible: ['刘强'], contact_name: null, contact_phone: null, targets: [] },
      { id: 'b-2', year: 2023, city: '淄博市', city_code: '370300', seq: 2, text: records[4]!.text, deadline: '12月底前', due: '1999-12-31', ongoing: false, responsible: ['刘强'], contact_name: null, contact_phone: null, targets: [] },
    ]);
  });

  it('is byte-deterministic: the same records give the same bytes, with a fixed created_by', () => {
    const a = renderParquet({ records, cities });
    const b = renderParquet({ records: structuredClone(records), cities: structuredClone(cities) });
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(parquetMetadata(a.buffer.slice(0) as ArrayBuffer).created_by).toBe(PARQUET_CREATED_BY);
    const changed = renderParquet({ records: records.map((r, i) => (i === 2 ? { ...r, text: `${r.text}。` } : r)), cities });
    expect(Buffer.from(changed).equals(Buffer.from(a))).toBe(false);
  });

  it('is written a row group at a time: the pieces make the same rows in several row groups', async () => {
    const pieces = [...parquetChunks({ records, cities }, 2)];
    expect(pieces).toHaveLength(4); // three row groups (2 + 2 + 1 records), then the footer
    const whole = Buffer.concat(pieces);
    expect(parquetMetadata(whole.buffer.slice(whole.byteOffset, whole.byteOffset + whole.byteLength) as ArrayBuffer).row_groups.map((g) => Number(g.num_rows))).toEqual([2, 2, 1]);
    expect(await readBack(whole)).toEqual(await readBack(renderParquet({ records, cities })));
  });

  it('with no records is a readable file with no rows', async () => {
    const bytes = renderParquet({ records: [], cities });
    expect(Number(parquetMetadata(bytes.buffer.slice(0) as ArrayBuffer).num_rows)).toBe(0);
    expect(await readBack(bytes)).toEqual([]);
  });
});
