import { findCityByName, findCityBySlug, suggestCity, type City } from '../domain/cities.ts';
import { parseDeadline } from '../domain/deadline.ts';
import { bigramsOf, similarPairs } from '../identify/similarity.ts';
import { resolveSeedTargets, type SeedTargetIssueKind } from '../promises/seed-targets.ts';
import { MAX_SEQ } from '../schemas/seed.ts';
import type { ProblemCode } from './codes.ts';
import type { FileReport } from './file-report.ts';

/** Commitments at least this similar within one city are flagged as probable duplicates. */
export const NEAR_DUPLICATE_THRESHOLD = 0.9;

// C0/C1 controls, zero-width and bidirectional formatting characters, soft hyphen, BOM.
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff]/u;
const NAME = /^(?:\p{Script=Han}{2,4}|\p{Script=Han}+(?:[·•]\p{Script=Han}+)+)$/u;
const PHONE_AREA = /^\(?(0\d{2,3})\)?[-－—\s]?\d{7,8}(?:[-转]\d{1,6})?$/;
const MOBILE = /^1[3-9]\d{9}$/;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

function codePointName(ch: string): string {
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Where a seed file sits, from its path relative to the seeds folder. */
export interface SeedPlace {
  readonly year: number | null;
  readonly city: City | null;
}

/** Reads `<year>/<slug>.json`; reports E_PATH when the path is not of that form. */
export function checkPath(relativePath: string, report: FileReport): SeedPlace {
  const m = /^(\d{4})\/([a-z]+)\.json$/.exec(relativePath);
  const city = m ? findCityBySlug(m[2]!) ?? null : null;
  if (!m || !city) {
    report.atFile(
      'E_PATH',
      m ? `"${m[2]}" is not a known city slug (jinan, qingdao, zibo, …)` : `seed files must be at seeds/<year>/<city-slug>.json, not seeds/${relativePath}`,
    );
    return { year: m ? Number(m[1]) : null, city: null };
  }
  return { year: Number(m[1]), city };
}

function checkString(report: FileReport, pointer: string, value: unknown, label: string, allowLineBreaks = false): void {
  if (typeof value !== 'string') return;
  // An intro of several paragraphs keeps its line breaks (\n); nothing else may hold one.
  const bad = INVISIBLE.exec(allowLineBreaks ? value.replace(/\n/g, ' ') : value);
  if (bad) {
    report.at(
      'E_CONTROL_CHAR',
      pointer,
      `${label} contains an invisible character ${codePointName(bad[0])} at character ${bad.index + 1}`,
    );
  }
  if (value.trim().length > 0 && (value !== value.trim() || value !== value.normalize('NFC'))) {
    report.at('W_NOT_NORMALIZED', pointer, `${label} has ${value !== value.trim() ? 'leading or trailing spaces' : 'characters not in Unicode NFC form'}`);
  }
}

/**
 * The rules beyond the schema, checked on whatever parts of the file have the right
 * shape (so one bad commitment does not hide the problems of the others).
 */
/** Which optional, costly checks to run. */
export interface RuleOptions {
  /**
   * Compare every pair of commitments of a city for near-duplicates (a warning). `validate`
   * does; `release` skips it, since warnings never block a release and the PR check has
   * already shown them.
   */
  readonly nearDuplicates: boolean;
}

export function checkSeedRules(value: unknown, place: SeedPlace, report: FileReport, options: RuleOptions = { nearDuplicates: true }): void {
  if (!isObject(value)) return;
  const year = typeof value.year === 'number' ? value.year : null;
  let city: City | null = null;
  if (typeof value.city === 'string') {
    city = findCityByName(value.city) ?? null;
    const meant = city ? undefined : suggestCity(value.city);
    if (meant) report.at('E_UNKNOWN_CITY', '/city', `"${value.city}" ${meant.why}: write "${meant.city.name}"`);
    else if (!city) report.at('E_UNKNOWN_CITY', '/city', `"${value.city}" is not one of the 16 cities of Shandong`);
    else if (city.name !== value.city) report.at('E_UNKNOWN_CITY', '/city', `write the full name "${city.name}", not "${value.city}"`);
    else if (place.city && place.city.slug !== city.slug) {
      report.at('E_PATH_MISMATCH', '/city', `city is ${city.name} but the file is named ${place.city.slug}.json (${place.city.name}); rename it to ${city.slug}.json`);
    }
  }
  if (year !== null && place.year !== null && year !== place.year) {
    report.at('E_PATH_MISMATCH', '/year', `year is ${year} but the file is in folder ${place.year}/`);
  }
  if (value.complete === true && value.contact === null) {
    report.at('E_CONTACT_MISSING', '/contact', 'contact is null but complete is true');
  }
  if (value.complete === false) {
    report.at('W_INCOMPLETE', '/complete', `${city?.name ?? 'this city'} is marked incomplete: the source list was cut off`);
  }
  const contact = value.contact;
  if (isObject(contact)) {
    checkString(report, '/contact/name', contact.name, 'contact name');
    checkString(report, '/contact/phone', contact.phone, 'contact phone');
    if (typeof contact.name === 'string' && contact.name.trim() && !NAME.test(contact.name.trim())) {
      report.at('W_NAME', '/contact/name', `contact name "${contact.name}" does not look like a person's name`);
    }
    const phone = typeof contact.phone === 'string' ? contact.phone.normalize('NFKC').trim() : '';
    const area = PHONE_AREA.exec(phone)?.[1];
    if (city && phone && !MOBILE.test(phone)) {
      if (!area) report.at('W_PHONE_AREA', '/contact/phone', `phone "${contact.phone}" does not start with an area code (${city.areaCode}-…)`);
      else if (area !== city.areaCode) {
        report.at('W_PHONE_AREA', '/contact/phone', `phone area code ${area} is not ${city.name}'s (${city.areaCode})`);
      }
    }
  }
  const source = value.source;
  if (isObject(source)) {
    for (const key of ['title', 'publisher', 'intro', 'url']) checkString(report, `/source/${key}`, source[key], `source ${key}`, key === 'intro');
  }
  if (Array.isArray(value.commitments)) checkCommitments(value.commitments, year ?? place.year ?? 2000, report, options);
}

const TARGET_PROBLEM: Record<SeedTargetIssueKind, ProblemCode> = {
  'span-not-found': 'E_TARGET_SPAN',
  'span-ambiguous': 'W_TARGET_SPAN',
  'value-mismatch': 'E_TARGET_VALUE',
};

/** A seed's own targets must fit its text: each span found in it, once, and saying the value given. */
function checkTargets(text: string, targets: unknown[], base: string, report: FileReport): void {
  // Targets of the wrong shape are the schema's to report; the others are placed in the text.
  const placed = targets.flatMap((t, index) =>
    isObject(t) && typeof t.span === 'string' && t.span !== '' && typeof t.value === 'number'
      ? [{ index, target: { span: t.span, value: t.value, unit: String(t.unit ?? ''), comparator: '=' as const, indicator: String(t.indicator ?? '') } }]
      : [],
  );
  const { issues } = resolveSeedTargets(text, placed.map((p) => p.target));
  for (const issue of issues) report.at(TARGET_PROBLEM[issue.kind], `${base}/${placed[issue.index]!.index}/${issue.field}`, issue.message);
}

function checkCommitments(items: unknown[], year: number, report: FileReport, options: RuleOptions): void {
  const seqAt = new Map<number, number>();
  const texts: Array<{ index: number; text: string }> = [];
  items.forEach((item, index) => {
    if (!isObject(item)) return;
    const base = `/commitments/${index}`;
    if (Number.isInteger(item.seq)) {
      const seq = item.seq as number;
      const first = seqAt.get(seq);
      if (first !== undefined) report.at('E_DUPLICATE_SEQ', `${base}/seq`, `seq ${seq} is used twice (also at /commitments/${first})`);
      else seqAt.set(seq, index);
    }
    if (typeof item.text === 'string') {
      if (item.text.length > 0 && item.text.trim() === '') report.at('E_EMPTY_TEXT', `${base}/text`, 'commitment text is only spaces');
      checkString(report, `${base}/text`, item.text, 'text');
      if (item.text.trim()) texts.push({ index, text: item.text });
    }
    if (typeof item.deadline === 'string') {
      checkString(report, `${base}/deadline`, item.deadline, 'deadline');
      if (item.deadline.trim() && !parseDeadline(item.deadline, year).understood) {
        report.at('W_DEADLINE', `${base}/deadline`, `deadline "${item.deadline}" gives no date and is not a standing commitment (长期坚持)`);
      }
    }
    if (typeof item.text === 'string' && Array.isArray(item.targets)) checkTargets(item.text, item.targets, `${base}/targets`, report);
    if (Array.isArray(item.responsible)) {
      item.responsible.forEach((name, k) => {
        const pointer = `${base}/responsible/${k}`;
        checkString(report, pointer, name, 'responsible name');
        if (typeof name === 'string' && name.trim() && !NAME.test(name.trim())) {
          report.at('W_NAME', pointer, `"${name}" does not look like one person's name${/[\s,，、;；]/.test(name) ? ' (write one name per entry)' : ''}`);
        }
      });
    }
  });
  // seq must be exactly 1..n (checked only when every seq is a valid number: the schema reports the rest).
  const allNumbered = items.every((item) => isObject(item) && Number.isSafeInteger(item.seq) && (item.seq as number) >= 1 && (item.seq as number) <= MAX_SEQ);
  const seqs = [...seqAt.keys()].sort((a, b) => a - b);
  let expected = 1;
  for (const seq of allNumbered ? seqs : []) {
    if (seq > expected) {
      const missing = seq - 1 === expected ? `seq ${expected} is missing` : `seq ${expected}–${seq - 1} are missing`;
      report.at('E_SEQ_GAP', `/commitments/${seqAt.get(seq)!}/seq`, `${missing} (the next is ${seq}); number commitments 1..n`);
    }
    expected = seq + 1;
  }
  if (!options.nearDuplicates) return;
  const sets = texts.map((t) => bigramsOf(t.text));
  for (const pair of similarPairs(sets, sets, NEAR_DUPLICATE_THRESHOLD, true)) {
    const a = texts[pair.left]!;
    const b = texts[pair.right]!;
    const seqA = (items[a.index] as Json).seq;
    report.at(
      'W_NEAR_DUPLICATE',
      `/commitments/${b.index}/text`,
      `text is ${pair.score === 1 ? 'identical' : `${Math.round(pair.score * 100)}% similar`} to commitment seq ${String(seqA)} (/commitments/${a.index})`,
    );
  }
}
