/**
 * Reading a deadline phrase (完成时间) such as 12月底前, 6月30日前, 年底前, 上半年, 三季度末
 * or 长期坚持 into a due date and an "ongoing" flag.
 */
export interface Deadline {
  /** ISO date (YYYY-MM-DD) by which the commitment is due, or null. */
  readonly due: string | null;
  /** A standing commitment (长期坚持, 持续推进, 常态化…). */
  readonly ongoing: boolean;
  /** false when neither a date nor an ongoing marker was recognised. */
  readonly understood: boolean;
}

const CN_DIGITS: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };

/** 1..31 from ASCII digits, full-width digits or Chinese numerals up to 三十一. */
function readNumber(raw: string): number | null {
  const ascii = raw.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
  if (/^\d+$/.test(ascii)) return Number(ascii);
  if (!/^[一二两三四五六七八九十]+$/.test(raw)) return null;
  if (raw === '十') return 10;
  const tens = raw.indexOf('十');
  if (tens === -1) return raw.length === 1 ? CN_DIGITS[raw]! : null;
  const high = tens === 0 ? 1 : CN_DIGITS[raw.slice(0, tens)] ?? NaN;
  const low = tens === raw.length - 1 ? 0 : CN_DIGITS[raw.slice(tens + 1)] ?? NaN;
  const value = high * 10 + low;
  return Number.isFinite(value) ? value : null;
}

function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function iso(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1 || day > lastDayOfMonth(year, month)) return null;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const NUM = '([0-9０-９]{1,2}|[一二两三四五六七八九十]{1,3})';
const ONGOING = /长期坚持|长期|持续推进|持续开展|常态化|久久为功/;
const QUARTER_END: Record<number, number> = { 1: 3, 2: 6, 3: 9, 4: 12 };

/**
 * Parses a deadline phrase for a commitment of `year`. The first date mentioned wins
 * (长期坚持，12月底前取得阶段性成效 → due YYYY-12-31, ongoing).
 */
export function parseDeadline(phrase: string, year: number): Deadline {
  // The same few phrases repeat across thousands of commitments.
  const key = `${year}|${phrase}`;
  const known = cache.get(key);
  if (known) return known;
  const parsed = readDeadline(phrase, year);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, parsed);
  return parsed;
}

const CACHE_LIMIT = 10_000;
const cache = new Map<string, Deadline>();

function readDeadline(phrase: string, year: number): Deadline {
  const text = phrase.normalize('NFKC');
  const ongoing = ONGOING.test(text);
  const candidates: Array<{ at: number; due: string | null }> = [];
  const add = (at: number, due: string | null): void => {
    if (due) candidates.push({ at, due });
  };
  const yearOf = (y: string | undefined): number => (y ? Number(y) : year);

  for (const m of text.matchAll(new RegExp(`(?:(\\d{4})年)?${NUM}月${NUM}[日号]`, 'g'))) {
    const month = readNumber(m[2]!);
    const day = readNumber(m[3]!);
    if (month !== null && day !== null) add(m.index, iso(yearOf(m[1]), month, day));
  }
  for (const m of text.matchAll(new RegExp(`(?:(\\d{4})年)?${NUM}月(?:底|末|份|前|内|中旬|下旬|上旬)?`, 'g'))) {
    const month = readNumber(m[2]!);
    if (month === null) continue;
    if (candidates.some((c) => c.at === m.index)) continue; // already read as a full date
    const rest = text.slice(m.index + m[0].length);
    if (new RegExp(`^${NUM}[日号]`).test(rest)) continue;
    const y = yearOf(m[1]);
    const suffix = m[0].slice(m[0].indexOf('月') + 1);
    const day = suffix === '上旬' ? 10 : suffix === '中旬' ? 20 : month >= 1 && month <= 12 ? lastDayOfMonth(y, month) : 0;
    add(m.index, iso(y, month, day));
  }
  for (const m of text.matchAll(/(?:(\d{4})年)?(?:第)?([一二三四1-4])季度/g)) {
    const q = readNumber(m[2]!);
    if (q !== null && QUARTER_END[q]) add(m.index, iso(yearOf(m[1]), QUARTER_END[q]!, q === 1 ? 31 : q === 4 ? 31 : 30));
  }
  for (const m of text.matchAll(/(?:(\d{4})年)?(上半年|年中)/g)) add(m.index, iso(yearOf(m[1]), 6, 30));
  for (const m of text.matchAll(/(?:(\d{4})年)?(下半年|年底|年末|年内|全年|年度内|当年)/g)) add(m.index, iso(yearOf(m[1]), 12, 31));
  for (const m of text.matchAll(/(\d{4})年(?!\d|[0-9０-９一二两三四五六七八九十]{1,3}月|上半年|下半年|年中|底|末|内|第|[一二三四]季度)/g)) {
    add(m.index, iso(Number(m[1]), 12, 31));
  }

  candidates.sort((a, b) => a.at - b.at);
  const due = candidates[0]?.due ?? null;
  return { due, ongoing, understood: due !== null || ongoing };
}
