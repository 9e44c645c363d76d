import type { ErrorObject } from 'ajv';
import { COMMITMENT_KEY_ORDER, CONTACT_KEY_ORDER, SEED_KEY_ORDER, SOURCE_KEY_ORDER } from '../schemas/seed.ts';
import type { FileReport } from './file-report.ts';

function allowedKeysAt(instancePath: string): readonly string[] {
  if (instancePath === '') return SEED_KEY_ORDER;
  if (instancePath === '/contact') return CONTACT_KEY_ORDER;
  if (instancePath === '/source') return SOURCE_KEY_ORDER;
  if (/^\/commitments\/\d+$/.test(instancePath)) return COMMITMENT_KEY_ORDER;
  return [];
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

/** The allowed key closest to a misspelt one, if it is plausibly a typo. */
export function suggestKey(key: string, allowed: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of allowed) {
    const d = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return bestDistance <= Math.max(2, Math.floor(key.length / 3)) ? best : undefined;
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 20 ? `${value.slice(0, 20)}…` : value)}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

function valueAt(root: unknown, pointer: string): unknown {
  let v: unknown = root;
  for (const raw of pointer.split('/').slice(1)) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[token];
  }
  return v;
}

/**
 * Turns ajv's errors for a seed file into maintainer-facing problems: unknown keys with
 * a spelling suggestion, missing keys at the object that lacks them, empty text and
 * responsible lists under their own codes, and one message per `contact` (object or null).
 */
export function reportSchemaErrors(errors: readonly ErrorObject[], value: unknown, report: FileReport): void {
  const deeper = (path: string): boolean => errors.some((e) => e.instancePath.startsWith(`${path}/`));
  // A misspelt key shows up twice in ajv's errors: as unknown, and its right spelling as missing.
  // Report it once, as the unknown key with the suggestion.
  const suggested = new Set<string>();
  for (const e of errors) {
    if (e.keyword !== 'additionalProperties') continue;
    const extra = String((e.params as { additionalProperty: string }).additionalProperty);
    const suggestion = suggestKey(extra, allowedKeysAt(e.instancePath));
    if (suggestion) suggested.add(`${e.instancePath}|${suggestion}`);
  }
  const seen = new Set<string>();
  for (const e of errors) {
    const path = e.instancePath;
    const key = `${e.keyword}|${path}|${JSON.stringify(e.params)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const field = path.split('/').pop() ?? '';
    switch (e.keyword) {
      case 'additionalProperties': {
        const extra = String((e.params as { additionalProperty: string }).additionalProperty);
        const suggestion = suggestKey(extra, allowedKeysAt(path));
        const pointer = `${path}/${extra.replace(/~/g, '~0').replace(/\//g, '~1')}`;
        report.at('E_UNKNOWN_KEY', pointer, `unknown key "${extra}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`, true);
        break;
      }
      case 'required': {
        const missing = String((e.params as { missingProperty: string }).missingProperty);
        if (suggested.has(`${path}|${missing}`)) break;
        report.at('E_MISSING_KEY', path, `missing required key "${missing}"`);
        break;
      }
      case 'minLength':
        if (field === 'text') report.at('E_EMPTY_TEXT', path, 'commitment text is empty');
        else report.at('E_SCHEMA', path, `${field || 'value'} must not be empty`);
        break;
      case 'minItems':
        if (field === 'responsible') report.at('E_EMPTY_RESPONSIBLE', path, 'responsible lists no one');
        else report.at('E_SCHEMA', path, `${field} must not be empty`);
        break;
      case 'type':
        // A failed branch of "object or null" is reported once, by the anyOf below.
        if (e.schemaPath.includes('/anyOf/')) break;
        report.at('E_SCHEMA', path, `${field || 'the top level of the file'} must be ${e.params.type === 'integer' ? 'a whole number' : `of type ${String(e.params.type)}`}, found ${describeType(valueAt(value, path))}`);
        break;
      case 'anyOf':
        // When the object branch has its own errors (a missing or wrong field), those say it better.
        if (!deeper(path) && !errors.some((o) => o.instancePath === path && o.keyword !== 'type' && o.keyword !== 'anyOf')) report.at('E_SCHEMA', path, `${field} must be an object or null, found ${describeType(valueAt(value, path))}`);
        break;
      case 'pattern':
        report.at('E_SCHEMA', path, `${field} ${JSON.stringify(valueAt(value, path))} is not allowed: ids use letters, digits, '.', '_' and '-'`);
        break;
      case 'minimum':
      case 'maximum':
        report.at('E_SCHEMA', path, `${field} ${e.message ?? 'is out of range'}`);
        break;
      default:
        report.at('E_SCHEMA', path, `${field || 'value'} ${e.message ?? 'is invalid'}`);
    }
  }
}
