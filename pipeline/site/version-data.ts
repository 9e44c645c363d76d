/**
 * data/v<version>.json (and .js, the same as a script): one version's records and cities,
 * which the compare page loads to compare any two versions in the browser. Written by the site builder (renderVersionData)
 * and checked when the page reads it (parseVersionData). Plain code with no Node imports:
 * the browser bundles it.
 */
import type { Dataset } from '../domain/dataset.ts';
import { jsonForPage } from './escape.ts';
import { VERSION_PATTERN } from '../release-format/versions.ts';
import type { CityRecord, CommitmentRecord } from '../schemas/release.ts';
import { CITY_FIELDS, COMMITMENT_FIELDS, type FieldSpec, type ValueKind } from '../schemas/fields.ts';

/** What the compare page reads of one version. */
export interface VersionData {
  readonly version: string;
  readonly records: readonly CommitmentRecord[];
  readonly cities: readonly CityRecord[];
}

/** The data file of one released version. */
export function renderVersionData(dataset: Pick<Dataset, 'records' | 'cities'> & { version: string }): VersionData {
  return { version: dataset.version, records: dataset.records, cities: dataset.cities };
}

/**
 * data/v<version>.js: the same data as a classic script that leaves it in
 * `self.siteVersionData[version]`, for the compare page opened from file:// (where a page
 * may load scripts of its folder but not fetch files).
 */
export function renderVersionScript(data: VersionData): string {
  return `(self.siteVersionData = self.siteVersionData || {})[${JSON.stringify(data.version)}] = ${jsonForPage(data).trimEnd()};\n`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether a value is of a field's kind, as the registry names it (objects: texts by key, or none). */
function isOfKind(kind: ValueKind, value: unknown): boolean {
  switch (kind) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return Number.isInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'date':
      return value === null || (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value));
    case 'names':
      return Array.isArray(value) && value.every((n) => typeof n === 'string');
    case 'object':
      return value === null || (isPlainObject(value) && Object.values(value).every((v) => typeof v === 'string'));
    case 'targets':
      return (
        Array.isArray(value) &&
        value.every((t) => isPlainObject(t) && typeof t.span === 'string' && Number.isInteger(t.start) && Number.isInteger(t.end) && typeof t.value === 'number' && typeof t.comparator === 'string')
      );
  }
}

/**
 * Whether a record's value fits its field: of the field's kind, or, for a field that a
 * release may lack (one with an `absent` value), left out or that value.
 */
function fitsField(field: FieldSpec, value: unknown): boolean {
  if (isOfKind(field.kind, value)) return true;
  return 'absent' in field && (value === undefined || value === field.absent);
}

/** The first field of `fields` that `value` lacks or holds a value of another kind in, or null. */
function wrongField(value: unknown, fields: readonly FieldSpec[]): string | null {
  if (!isPlainObject(value)) return '(not an object)';
  return fields.find((f) => !fitsField(f, value[f.key]))?.key ?? null;
}

/** The items of a list, each checked to be of the registry's fields; throws at the first that is not. */
function checkEach<T>(items: readonly unknown[], fields: readonly FieldSpec[], what: string): T[] {
  return items.map((item, i) => {
    const wrong = wrongField(item, fields);
    if (wrong !== null) throw new Error(`${what} ${i + 1}: ${wrong} is missing or malformed`);
    return item as T;
  });
}

/**
 * The data file of `version`, checked: every record and city carries each field of the
 * field registry with a value of its kind, or the field's absent value where it has one
 * (what the page's diff and views rely on).
 * Throws an Error that says what is wrong, for the page to show.
 */
export function parseVersionData(json: unknown, version: string): VersionData {
  if (!isPlainObject(json)) throw new Error(`v${version}: not a version data file`);
  if (typeof json.version !== 'string' || !VERSION_PATTERN.test(json.version) || json.version !== version) {
    throw new Error(`v${version}: the file is of version ${String(json.version)}`);
  }
  const { records, cities } = json;
  if (!Array.isArray(records) || !Array.isArray(cities)) throw new Error(`v${version}: records or cities missing`);
  return {
    version,
    records: checkEach<CommitmentRecord>(records, COMMITMENT_FIELDS, `v${version}: record`),
    cities: checkEach<CityRecord>(cities, CITY_FIELDS, `v${version}: city`),
  };
}
