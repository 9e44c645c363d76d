import { findCityByName, type City } from '../domain/cities.ts';
import { checkAgainstSchema } from '../schemas/ajv.ts';
import type { Seed } from '../schemas/seed.ts';
import { renderSeedFile } from '../seeds/canonical.ts';
import { countKeysInText, countKeysInValue } from '../seeds/json-source.ts';
import type { SeedFile } from '../seeds/load-seeds.ts';
import { sortProblems, type Problem } from './codes.ts';
import { decodeSeedBytes, reportEncoding } from './decode.ts';
import { FileReport } from './file-report.ts';
import { reportSchemaErrors } from './schema-problems.ts';
import { checkPath, checkSeedRules } from './seed-rules.ts';

/** A seed file that passed validation (it may still have warnings). */
export interface ValidSeed {
  readonly file: string;
  readonly city: City;
  readonly seed: Seed;
}

export interface SeedValidation {
  /** The files without errors, in path order. */
  readonly seeds: ValidSeed[];
  /** Every problem found, errors and warnings, sorted by file, line, column. */
  readonly problems: Problem[];
}

function validateOne(file: SeedFile): { report: FileReport; seed: Seed | null; city: City | null } {
  const decoded = decodeSeedBytes(file.bytes);
  const report = new FileReport(file.displayPath, decoded.text, decoded.hadBom ? 1 : 0);
  reportEncoding(decoded, report);
  const place = checkPath(file.relativePath, report);

  let value: unknown;
  try {
    value = JSON.parse(decoded.text);
  } catch {
    const error = report.locate().syntaxError;
    report.atOffset('E_JSON_SYNTAX', error?.offset ?? 0, '', error?.message ?? 'invalid JSON');
    return { report, seed: null, city: null };
  }
  if (countKeysInText(decoded.text) !== countKeysInValue(value)) {
    for (const d of report.locate().duplicates) {
      const first = report.position(d.firstOffset);
      report.atOffset('E_DUPLICATE_KEY', d.offset, d.pointer, `key "${d.key}" appears twice (first at line ${first.line}); JSON keeps only the last`);
    }
  }
  reportSchemaErrors(checkAgainstSchema('seed.schema.json', value), value, report);
  checkSeedRules(value, place, report);

  if (decoded.invalidAt >= 0) {
    // Mis-decoded text makes warnings about names and phrases meaningless: keep the errors only.
    report.problems.splice(0, report.problems.length, ...report.problems.filter((p) => p.severity === 'error'));
  }
  if (report.hasErrors) return { report, seed: null, city: null };
  const seed = value as Seed; // shape proven by the schema check above
  if (decoded.text !== renderSeedFile(seed)) {
    const canonical = renderSeedFile(seed);
    let at = 0;
    while (at < decoded.text.length && decoded.text[at] === canonical[at]) at++;
    report.atOffset('W_LAYOUT', at, '', 'file is not in the canonical layout (2-space indent, fixed key order, sorted by seq, final newline)');
  }
  return { report, seed, city: findCityByName(seed.city) ?? null };
}

/**
 * Validates every seed file and the rules across files (explicit ids unique, one file
 * per city and year). Reports all problems at once; never stops at the first.
 */
export function validateSeeds(files: readonly SeedFile[]): SeedValidation {
  const problems: Problem[] = [];
  const seeds: ValidSeed[] = [];
  const idOwners = new Map<string, string>();
  const reports = new Map<string, FileReport>();
  for (const file of files) {
    const { report, seed, city } = validateOne(file);
    reports.set(file.displayPath, report);
    if (seed && city) seeds.push({ file: file.displayPath, city, seed });
  }
  // Explicit ids are unique across all files.
  const failed = new Set<string>();
  for (const { file, seed } of seeds) {
    const report = reports.get(file)!;
    seed.commitments.forEach((c, index) => {
      if (c.id === undefined) return;
      const owner = idOwners.get(c.id);
      if (owner !== undefined) {
        report.at('E_DUPLICATE_ID', `/commitments/${index}/id`, `id "${c.id}" is already used by ${owner}`);
        failed.add(file);
      } else idOwners.set(c.id, `${file}#/commitments/${index}`);
    });
  }
  for (const r of reports.values()) problems.push(...r.problems);
  if (files.length === 0) {
    problems.push({ severity: 'error', code: 'E_PATH', file: 'seeds', line: 1, col: 1, pointer: '', message: 'no seed files found' });
  }
  return { seeds: seeds.filter((s) => !failed.has(s.file)), problems: sortProblems(problems) };
}

/** True when any problem is an error. */
export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}
