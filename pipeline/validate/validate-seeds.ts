import { findCityByName, type City } from '../domain/cities.ts';
import { checkAgainstSchema } from '../schemas/ajv.ts';
import type { Seed } from '../schemas/seed.ts';
import { renderSeedFile } from '../seeds/canonical.ts';
import { countKeysInText, escapePointerToken, MAX_JSON_DEPTH, offsetOfPointer, scanValue } from '../seeds/json-source.ts';
import type { SeedFile } from '../seeds/load-seeds.ts';
import { sortProblems, type Problem } from './codes.ts';
import { decodeSeedBytes, reportEncoding } from './decode.ts';
import { FileReport } from './file-report.ts';
import { reportSchemaErrors } from './schema-problems.ts';
import { checkPath, checkSeedRules, type RuleOptions } from './seed-rules.ts';

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

/** Every number in a parsed value that JSON cannot carry exactly (beyond 2^53, or infinite). */
function inexactNumbers(value: unknown, pointer = '', found: Array<{ pointer: string; value: number }> = []): typeof found {
  // Depth is bounded by MAX_JSON_DEPTH (scanValue checked it first), so recursion is safe.
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || (Number.isInteger(value) && !Number.isSafeInteger(value))) found.push({ pointer, value });
  } else if (Array.isArray(value)) value.forEach((v, i) => inexactNumbers(v, `${pointer}/${i}`, found));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) inexactNumbers(v, `${pointer}/${escapePointerToken(k)}`, found);
  }
  return found;
}

function checkFile(file: SeedFile, options: RuleOptions): { report: FileReport; seed: Seed | null; city: City | null } {
  if (file.rejected) {
    // Refused unread (a link, a special file, too large): one error about the file itself.
    const report = new FileReport(file.displayPath, '');
    report.atFile(file.rejected.code, `${file.relativePath} ${file.rejected.message}`);
    return { report, seed: null, city: null };
  }
  const decoded = decodeSeedBytes(file.bytes);
  const report = new FileReport(file.displayPath, decoded.text, decoded.hadBom ? 1 : 0);
  reportEncoding(decoded, report);
  if (decoded.invalidAt >= 0) return { report, seed: null, city: null };
  const place = checkPath(file.relativePath, report);

  let value: unknown;
  try {
    value = JSON.parse(decoded.text); // iterative in V8: any depth parses; nothing recursive runs before the scan below
  } catch {
    const error = report.locate().syntaxError;
    report.atOffset(error?.kind === 'depth' ? 'E_JSON_DEPTH' : 'E_JSON_SYNTAX', error?.offset ?? 0, error?.pointer ?? '', error?.message ?? 'invalid JSON');
    return { report, seed: null, city: null };
  }
  const scan = scanValue(value);
  if (scan.tooDeep) {
    // The locating parser stops at the same depth, so it says where.
    const error = report.locate().syntaxError;
    report.atOffset('E_JSON_DEPTH', error?.offset ?? 0, error?.pointer ?? '', error?.message ?? `arrays and objects nest deeper than ${MAX_JSON_DEPTH} levels`);
    return { report, seed: null, city: null };
  }
  if (countKeysInText(decoded.text) !== scan.keys) {
    for (const d of report.locate().duplicates) {
      const first = report.position(d.firstOffset);
      report.atOffset('E_DUPLICATE_KEY', d.offset, d.pointer, `key "${d.key}" appears twice (first at line ${first.line}); JSON keeps only the last`);
    }
  }
  const inexact = scan.inexact ? inexactNumbers(value) : [];
  reportSchemaErrors(checkAgainstSchema('seed.schema.json', value), value, report);
  checkSeedRules(value, place, report, options);
  if (inexact.length > 0) {
    // The number read is not the number written: say that, not what follows from the rounded value.
    const at = new Set(inexact.map((n) => n.pointer));
    const others = report.problems.filter((p) => !at.has(p.pointer));
    report.problems.splice(0, report.problems.length, ...others);
    for (const { pointer, value: n } of inexact) {
      const written = Number.isFinite(n) ? 'an integer beyond 2^53 − 1' : 'a number too large for a double';
      report.at('E_NUMBER_RANGE', pointer, `${pointer.split('/').pop()} is ${written}; JSON readers cannot hold it exactly (read as ${String(n)})`);
    }
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

/** One file's validation: its problems, the seed when it has no errors, where its explicit ids are. */
export interface FileValidation {
  readonly file: string;
  readonly problems: Problem[];
  readonly seed: ValidSeed | null;
  /** Explicit ids with their location, for the check across files. */
  readonly ids: ReadonlyArray<{ id: string; pointer: string; line: number; col: number }>;
}

/**
 * Validates one seed file on its own (pure). The release validates files one at a time as
 * it reads them, so only one file's bytes and text are in memory at once.
 */
export function validateSeedFile(file: SeedFile, options: RuleOptions = { nearDuplicates: true }): FileValidation {
  const { report, seed, city } = checkFile(file, options);
  const ids: Array<{ id: string; pointer: string; line: number; col: number }> = [];
  seed?.commitments.forEach((c, index) => {
    if (c.id === undefined) return;
    const pointer = `/commitments/${index}/id`;
    ids.push({ id: c.id, pointer, ...report.position(offsetOfPointer(report.locate(), pointer)) });
  });
  return { file: file.displayPath, problems: report.problems, seed: seed && city ? { file: file.displayPath, city, seed } : null, ids };
}

/**
 * The rules across files (explicit ids unique) over the files' own results, and every
 * problem sorted by file, line and column.
 */
export function combineValidations(results: readonly FileValidation[]): SeedValidation {
  const problems: Problem[] = [];
  const failed = new Set<string>();
  const idOwners = new Map<string, string>();
  for (const r of results) {
    problems.push(...r.problems);
    for (const { id, pointer, line, col } of r.ids) {
      const owner = idOwners.get(id);
      if (owner === undefined) {
        idOwners.set(id, `${r.file}#${pointer.replace(/\/id$/, '')}`);
        continue;
      }
      problems.push({ severity: 'error', code: 'E_DUPLICATE_ID', file: r.file, line, col, pointer, message: `id "${id}" is already used by ${owner}` });
      failed.add(r.file);
    }
  }
  if (results.length === 0) {
    problems.push({ severity: 'error', code: 'E_PATH', file: 'seeds', line: 1, col: 1, pointer: '', message: 'no seed files found' });
  }
  const seeds = results.flatMap((r) => (r.seed && !failed.has(r.file) ? [r.seed] : []));
  return { seeds, problems: sortProblems(problems) };
}

/**
 * Validates every seed file and the rules across files (explicit ids unique, one file
 * per city and year). Reports all problems at once; never stops at the first.
 */
export function validateSeeds(files: readonly SeedFile[]): SeedValidation {
  return combineValidations(files.map((file) => validateSeedFile(file)));
}

/** True when any problem is an error. */
export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}
