/**
 * The field registry: what the pipeline knows of each published field besides its shape
 * (which the zod schemas in release.ts hold): its labels, how its value is written in a
 * table, how a change of it is shown. CSV columns, datapackage.json's Table Schema, the
 * diff, the changelog, the site and the browser scripts all read it here; a test fails when
 * a key of the record schemas has no entry (test/schemas/fields.test.ts).
 *
 * Plain data (a type import only): the site's browser scripts bundle it as it is.
 * How to add a field: docs/architecture.md, "A new field".
 */

import type { EffectKind } from '../promises/effects.ts';

/** A label in the two languages the product speaks. */
export interface Label {
  readonly zh: string;
  readonly en: string;
}

/**
 * What a field's value is, which decides how it is tabled and diffed:
 * strings get character diffs; `names` (a list of people) shows who was added and removed;
 * the others show before → after (`targets`, the quantitative targets, are published in a
 * table of their own, targets.csv, and diffed as promises: changes.json `effects`).
 */
export type ValueKind = 'string' | 'integer' | 'boolean' | 'date' | 'names' | 'object' | 'targets';

/** A column of the published tables (commitments.csv, its Table Schema in datapackage.json). */
export interface ColumnSpec {
  /** snake_case column name. */
  readonly name: string;
  /** Column title in datapackage.json (default: the field's Chinese label). */
  readonly title?: string;
  readonly description?: string;
  readonly constraints?: Readonly<Record<string, unknown>>;
  /** For a column of an object field: the key of the part it holds (contact → name). */
  readonly part?: string;
  /** Long, all-different text (stored without a dictionary or min/max statistics in Parquet). */
  readonly long?: boolean;
}

export interface FieldSpec {
  /** The key in commitments.json / cities.json. */
  readonly key: string;
  readonly label: Label;
  readonly kind: ValueKind;
  /**
   * Whether a change of the field is shown to people (changelog, site): false for fields
   * derived from another one (due and ongoing come from deadline) or naming the city.
   * Every field is compared and listed in changes.json either way.
   */
  readonly shown: boolean;
  /** The word for a commitment whose field changed (改写 reworded), when it has one. */
  readonly changeWord?: Label;
  /** Its column(s) in the published tables, in table order. */
  readonly columns?: readonly ColumnSpec[];
  /**
   * What a record of a release made before the field existed means by leaving it out (the
   * diff compares with this value, so a new field alone changes nothing). Default: undefined.
   */
  readonly absent?: unknown;
}

/** Joins the names of responsible officials in one table cell. */
export const NAMES_SEPARATOR = '、';

/** The fields of a commitment record, in the key order of commitments.json. */
export const COMMITMENT_FIELDS = [
  {
    key: 'id',
    label: { zh: '编号', en: 'id' },
    kind: 'string',
    shown: true,
    columns: [{ name: 'id', description: 'Stable id, never reused', constraints: { required: true, unique: true } }],
  },
  { key: 'year', label: { zh: '年份', en: 'year' }, kind: 'integer', shown: true, columns: [{ name: 'year', constraints: { required: true } }] },
  { key: 'city', label: { zh: '城市', en: 'city' }, kind: 'string', shown: true, columns: [{ name: 'city', constraints: { required: true } }] },
  {
    key: 'cityCode',
    label: { zh: '城市代码', en: 'cityCode' },
    kind: 'string',
    shown: false,
    columns: [{ name: 'city_code', description: 'GB/T 2260 code: text, not a number', constraints: { required: true, pattern: '^[0-9]{6}$' } }],
  },
  { key: 'citySlug', label: { zh: '城市标识', en: 'citySlug' }, kind: 'string', shown: false },
  {
    key: 'seq',
    label: { zh: '序号', en: 'seq' },
    kind: 'integer',
    shown: true,
    changeWord: { zh: '重新编号', en: 'renumbered' },
    columns: [{ name: 'seq', constraints: { required: true, minimum: 1 } }],
  },
  {
    key: 'text',
    label: { zh: '承诺事项', en: 'text' },
    kind: 'string',
    shown: true,
    changeWord: { zh: '改写', en: 'reworded' },
    columns: [{ name: 'text', description: 'As published, byte for byte as in commitments.json (no formula guard)', constraints: { required: true }, long: true }],
  },
  {
    key: 'deadline',
    label: { zh: '完成时间', en: 'deadline' },
    kind: 'string',
    shown: true,
    changeWord: { zh: '完成时间调整', en: 'deadline' },
    columns: [{ name: 'deadline', constraints: { required: true } }],
  },
  { key: 'due', label: { zh: '截止日期', en: 'due' }, kind: 'date', shown: false, columns: [{ name: 'due', description: 'Derived from the deadline phrase; empty (null) when none' }] },
  { key: 'ongoing', label: { zh: '长期坚持', en: 'ongoing' }, kind: 'boolean', shown: false, columns: [{ name: 'ongoing', constraints: { required: true } }] },
  {
    key: 'responsible',
    label: { zh: '责任人', en: 'responsible' },
    kind: 'names',
    shown: true,
    changeWord: { zh: '责任人调整', en: 'reassigned' },
    columns: [{ name: 'responsible', description: `Names joined with ${NAMES_SEPARATOR}`, constraints: { required: true } }],
  },
  // A change of the targets is shown as what it did to the promise (changes.json effects), not as raw lists.
  { key: 'targets', label: { zh: '指标', en: 'targets' }, kind: 'targets', shown: false, absent: [] },
  { key: 'basis', label: { zh: '依据', en: 'basis' }, kind: 'string', shown: true, absent: null },
] as const satisfies readonly FieldSpec[];

/** The fields of a city record (cities.json), in key order. */
export const CITY_FIELDS = [
  { key: 'year', label: { zh: '年份', en: 'year' }, kind: 'integer', shown: true },
  { key: 'name', label: { zh: '城市', en: 'name' }, kind: 'string', shown: true },
  { key: 'code', label: { zh: '城市代码', en: 'code' }, kind: 'string', shown: true },
  { key: 'slug', label: { zh: '城市标识', en: 'slug' }, kind: 'string', shown: true },
  { key: 'complete', label: { zh: '完整性', en: 'complete' }, kind: 'boolean', shown: true },
  {
    key: 'contact',
    label: { zh: '联系人', en: 'contact' },
    kind: 'object',
    shown: true,
    // Every commitment row carries its city's contact, so a spreadsheet user filters one table.
    columns: [
      { name: 'contact_name', title: '联系人', description: "The city's contact; empty (null) when the city has none", part: 'name' },
      { name: 'contact_phone', title: '办公电话', description: "The city's contact; empty (null) when the city has none", part: 'phone' },
    ],
  },
  { key: 'commitments', label: { zh: '承诺事项数', en: 'commitments' }, kind: 'integer', shown: true },
  { key: 'source', label: { zh: '来源', en: 'source' }, kind: 'object', shown: true },
] as const satisfies readonly FieldSpec[];

export type CommitmentFieldKey = (typeof COMMITMENT_FIELDS)[number]['key'];
export type CityFieldKey = (typeof CITY_FIELDS)[number]['key'];

/**
 * City fields that a diff compares: what identifies a city (year, name, code, slug) is its
 * key; its commitment count is listed too, so changes.json says when a city's count changes.
 */
export const CITY_DIFF_FIELDS = ['complete', 'contact', 'commitments', 'source'] as const satisfies readonly CityFieldKey[];

const BY_KEY = new Map<string, FieldSpec>([...CITY_FIELDS, ...COMMITMENT_FIELDS].map((f) => [f.key, f]));

/** The spec of a commitment or city field by key (commitment fields win a shared key such as year). */
export function fieldSpec(key: string): FieldSpec | undefined {
  return BY_KEY.get(key);
}

/** A field's Chinese label (the key itself when unknown). */
export function labelZh(key: string): string {
  return fieldSpec(key)?.label.zh ?? key;
}

/** A field's label in both languages, as the site shows it: 序号 seq. */
export function labelBoth(key: string): string {
  const spec = fieldSpec(key);
  return spec ? `${spec.label.zh} ${spec.label.en}` : key;
}

/** Whether a change of the field is shown to people (see FieldSpec.shown). */
export function isShownField(key: string): boolean {
  return fieldSpec(key)?.shown ?? true;
}

/** The words for a modification, in field order: 改写, 重新编号, 责任人调整, 完成时间调整. */
export function changeWords(changedKeys: Iterable<string>): Label[] {
  const changed = new Set(changedKeys);
  // Listed in the order people read them: the text first, then the number, the people, the date.
  return ['text', 'seq', 'responsible', 'deadline'].filter((k) => changed.has(k)).map((k) => fieldSpec(k)!.changeWord!);
}

/** What a change did to a promise (changes.json `effects`), as the changelog and the site name it. */
export const EFFECT_LABEL: Readonly<Record<EffectKind, Label>> = {
  'target-lowered': { zh: '指标降低', en: 'target lowered' },
  'target-raised': { zh: '指标提高', en: 'target raised' },
  'target-added': { zh: '新增指标', en: 'target added' },
  'target-removed': { zh: '删除指标', en: 'target removed' },
  'comparator-weakened': { zh: '表述弱化', en: 'comparator weakened' },
  'comparator-strengthened': { zh: '表述加强', en: 'comparator strengthened' },
  'deadline-postponed': { zh: '完成时间推迟', en: 'deadline postponed' },
  'deadline-advanced': { zh: '完成时间提前', en: 'deadline advanced' },
  'deadline-dropped': { zh: '不再限期', en: 'deadline dropped' },
  'deadline-set': { zh: '新设期限', en: 'deadline set' },
};

/** The kinds of version bump (changes.json `bump`), as the changelog and the site name them. */
export const BUMP_LABEL = {
  initial: '首次发布 initial',
  major: '主版本 major',
  minor: '次版本 minor',
  patch: '修订版本 patch',
} as const;
