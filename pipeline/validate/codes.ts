/**
 * The catalog of problems `validate` reports, each with a fixed severity and a hint
 * that tells a maintainer what to do. Codes are stable: scripts and PR bots match on them.
 */
export const PROBLEM_CODES = {
  E_ENCODING: { severity: 'error', hint: 'Save the file as UTF-8.' },
  E_BOM: { severity: 'error', hint: 'Save the file as UTF-8 without a byte-order mark (BOM).' },
  E_JSON_SYNTAX: { severity: 'error', hint: 'Fix the JSON syntax at this position.' },
  E_JSON_DEPTH: { severity: 'error', hint: 'A seed file nests at most 4 levels (file → commitments → commitment → responsible).' },
  E_FILE_TOO_LARGE: { severity: 'error', hint: 'A seed file holds one city and one year; split or fix the file.' },
  E_NUMBER_RANGE: { severity: 'error', hint: 'Numbers must be exact integers (at most 2^53 − 1); year and seq are small integers.' },
  E_DUPLICATE_KEY: { severity: 'error', hint: 'Remove one of the two entries with the same key.' },
  E_UNKNOWN_KEY: { severity: 'error', hint: 'Remove the key or fix its spelling.' },
  E_MISSING_KEY: { severity: 'error', hint: 'Add the required key.' },
  E_SCHEMA: { severity: 'error', hint: 'See schemas/seed.schema.json for the expected shape.' },
  E_PATH: { severity: 'error', hint: 'Seed files live at seeds/<year>/<city-slug>.json, e.g. seeds/2023/jinan.json.' },
  E_PATH_MISMATCH: { severity: 'error', hint: 'Make the year and city inside the file match its path.' },
  E_UNKNOWN_CITY: { severity: 'error', hint: 'Use one of the 16 city names, e.g. 济南市.' },
  E_DUPLICATE_SEQ: { severity: 'error', hint: 'Each seq must appear once per city.' },
  E_SEQ_GAP: { severity: 'error', hint: 'Number the commitments 1..n in order, without gaps.' },
  E_EMPTY_TEXT: { severity: 'error', hint: 'A commitment needs its text.' },
  E_EMPTY_RESPONSIBLE: { severity: 'error', hint: 'List at least one responsible official.' },
  E_DUPLICATE_ID: { severity: 'error', hint: 'Explicit ids must be unique across all seed files.' },
  E_CONTROL_CHAR: { severity: 'error', hint: 'Remove the invisible character (often pasted from a web page or Word).' },
  E_CONTACT_MISSING: { severity: 'error', hint: 'A complete city needs its contact; set complete to false if the source was cut off.' },
  E_TARGET_SPAN: { severity: 'error', hint: "A target's span must be copied exactly from the commitment's text (number, unit and a comparator word glued after it)." },
  E_TARGET_VALUE: { severity: 'error', hint: "A target's value is its span's number in base units: 23.4万亩 → 234000, 700亿元 → 70000000000, 5.5% → 5.5." },
  W_DEADLINE: { severity: 'warning', hint: 'Use a phrase such as 12月底前, 6月30日前, 年底前 or 长期坚持, so a due date can be derived.' },
  W_PHONE_AREA: { severity: 'warning', hint: "Check the phone number: its area code is not the city's." },
  W_NAME: { severity: 'warning', hint: 'Each entry of responsible should be one person\'s name.' },
  W_INCOMPLETE: { severity: 'warning', hint: 'Complete the list from the source and set complete to true.' },
  W_NEAR_DUPLICATE: { severity: 'warning', hint: 'Check whether the same commitment was entered twice.' },
  W_NOT_NORMALIZED: { severity: 'warning', hint: 'Trim surrounding spaces and use NFC; `format` rewrites the file.' },
  W_TARGET_SPAN: { severity: 'warning', hint: "The span occurs more than once in the text: the first is used; make the span longer to point at the one you mean." },
  W_LAYOUT: { severity: 'warning', hint: 'Run `npm run cli -- format` to rewrite seed files in the canonical layout.' },
} as const;

export type ProblemCode = keyof typeof PROBLEM_CODES;
export type Severity = 'error' | 'warning';

/** One located problem in a seed file. */
export interface Problem {
  readonly severity: Severity;
  readonly code: ProblemCode;
  /** Path of the file, relative to the working directory, with forward slashes. */
  readonly file: string;
  /** 1-based line and column. */
  readonly line: number;
  readonly col: number;
  /** JSON pointer of the value concerned ('' for the whole file). */
  readonly pointer: string;
  readonly message: string;
}

export function severityOf(code: ProblemCode): Severity {
  return PROBLEM_CODES[code].severity;
}

/** Problems in a stable order: file, line, column, code. */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  return [...problems].sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || a.col - b.col || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
}
