import { describe, expect, it } from 'vitest';
import { CITY_DIFF_FIELDS, CITY_FIELDS, COMMITMENT_FIELDS, changeWords, isShownField, labelBoth, labelZh } from '../../pipeline/schemas/fields.ts';
import { CityRecordSchema, CommitmentRecordSchema } from '../../pipeline/schemas/release.ts';
import { CSV_COLUMNS } from '../../pipeline/render/render-csv.ts';
import { CSV_TABLE_SCHEMA } from '../../pipeline/render/render-datapackage.ts';

describe('the field registry', () => {
  it('has an entry for every key of the record schemas, in their key order, and none other', () => {
    expect(COMMITMENT_FIELDS.map((f) => f.key)).toEqual(Object.keys(CommitmentRecordSchema.shape));
    expect(CITY_FIELDS.map((f) => f.key)).toEqual(Object.keys(CityRecordSchema.shape));
    for (const key of CITY_DIFF_FIELDS) expect(Object.keys(CityRecordSchema.shape)).toContain(key);
  });

  it('gives every field a Chinese and an English label', () => {
    for (const f of [...COMMITMENT_FIELDS, ...CITY_FIELDS]) {
      expect(f.label.zh, f.key).toMatch(/\p{Script=Han}/u);
      expect(f.label.en, f.key).toMatch(/^[A-Za-z ]+$/);
    }
    expect([labelZh('responsible'), labelBoth('seq'), labelZh('no-such-field')]).toEqual(['责任人', '序号 seq', 'no-such-field']);
  });

  it('is what the CSV header and the Table Schema are made of', () => {
    const columns = [...COMMITMENT_FIELDS, ...CITY_FIELDS].flatMap((f) => ('columns' in f ? f.columns.map((c) => c.name) : []));
    expect([...CSV_COLUMNS]).toEqual(columns);
    expect(CSV_COLUMNS.slice(0, 6)).toEqual(['id', 'year', 'city', 'city_code', 'seq', 'text']); // the contract's fixed start
    expect(CSV_TABLE_SCHEMA.fields.map((f) => f.name)).toEqual(columns);
  });

  it('says which changes people see, and the words for them', () => {
    expect(['due', 'ongoing', 'cityCode', 'citySlug'].filter(isShownField)).toEqual([]);
    expect(['seq', 'text', 'deadline', 'responsible', 'contact'].every(isShownField)).toBe(true);
    expect(changeWords(['deadline', 'seq', 'text', 'due']).map((w) => w.zh)).toEqual(['改写', '重新编号', '完成时间调整']);
  });
});
