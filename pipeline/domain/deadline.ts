/**
 * Reading a deadline phrase (完成时间) such as 12月底前, 6月30日前, 年底前, 上半年, 三季度末,
 * 2025年底前 or 长期坚持 into a due date and an "ongoing" flag.
 */
export interface Deadline {
  /** ISO date (YYYY-MM-DD) by which the commitment is due, or null. */
  readonly due: string | null;
  /** A standing commitment (长期坚持, 持续推进, 常态化…). */
  readonly ongoing: boolean;
  /** false when neither a date nor an ongoing marker was recognised. */
  readonly understood: boolean;
}

const CN_DIGITS: Record<string, number> = { 〇: 0, 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };

/** 1..31 from ASCII digits or Chinese numerals up to 三十一 (the phrase is NFKC-normalised first). */
function readNumber(raw: string): number | null {
  if (/^\d+$/.test(raw)) return Number(raw);
  if (!/^[一二两三四五六七八九十]+$/.test(raw)) return null;
  if (raw === '十') return 10;
  const tens = raw.indexOf('十');
  if (tens === -1) return raw.length === 1 ? CN_DIGITS[raw]! : null;
  const high = tens === 0 ? 1 : CN_DIGITS[raw.slice(0, tens)] ?? NaN;
  const low = tens === raw.length - 1 ? 0 : CN_DIGITS[raw.slice(tens + 1)] ?? NaN;
  const value = high * 10 + low;
  return Number.isFinite(value) ? value : null;
}

/** A year written with four digits or four Chinese digits (二〇二四). */
function readYear(raw: string): number {
  return /^\d{4}$/.test(raw) ? Number(raw) : Number([...raw].map((c) => CN_DIGITS[c]).join(''));
}

function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function iso(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1 || day > lastDayOfMonth(year, month)) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** A month or day number, as a named group. */
const num = (name: string): string => `(?<${name}>\\d{1,2}|[一二两三四五六七八九十]{1,3})`;
const ONGOING = /长期|持续|常态化|长效|久久为功|每年|每季度|每月|常年/;
const QUARTER_END: Record<number, [number, number]> = { 1: [3, 31], 2: [6, 30], 3: [9, 30], 4: [12, 31] };
const RELATIVE_YEAR: Record<string, number> = { 今: 0, 本: 0, 当: 0, 明: 1, 次: 1 };

/**
 * The time expressions of a phrase, one alternative each (named groups), scanned left to right:
 * a year (2025年, 二〇二四年, 明年, with 底/末/内/中 glued: 2025年底), a part of a year
 * (上半年, 年底, 全年…), a date (6月30日), a month (6月底, 9月中旬), a quarter (第三季度末) or
 * an ISO-like date (2024-06-30).
 */
const TOKEN = new RegExp(
  [
    '(?<isoY>\\d{4})[-./](?<isoM>\\d{1,2})[-./](?<isoD>\\d{1,2})',
    '(?:(?<year>\\d{4}|[〇零一二三四五六七八九]{4})|(?<rel>[今本当明次]))年(?<yearPart>底|末|内|中)?',
    '(?<part>上半年|下半年|年中|年底|年末|年内|年度内|全年)',
    `${num('dateMonth')}月${num('dateDay')}[日号]`,
    `${num('month')}月(?<monthPart>上旬|中旬|下旬|底|末|份)?`,
    '第?(?<quarter>[一二三四1-4])季度',
  ].join('|'),
  'g',
);

/**
 * Parses a deadline phrase for a commitment of `year`. When the phrase names several dates the
 * latest is the due date (6月底前启动，12月底前完成 → YYYY-12-31: the commitment is due when its
 * last stage is); 全年 counts only when no other date is named (6月底前完成全年任务 → YYYY-06-30).
 * A year applies to the dates after it (2024年3月底前启动，6月底前完成 → 2024-06-30).
 * 长期坚持/持续推进/常态化… set `ongoing`, alone or with a date
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

function readDeadline(phrase: string, baseYear: number): Deadline {
  const text = phrase.normalize('NFKC');
  const ongoing = ONGOING.test(text);
  const strong: string[] = [];
  const weak: string[] = [];
  let contextYear = baseYear;
  // A year just read, waiting for a month, quarter or part of the year written right after it.
  let pending: { year: number; end: number } | null = null;
  const settle = (at: number): number => {
    if (pending && pending.end === at) {
      const y = pending.year;
      pending = null;
      return y;
    }
    if (pending) strong.push(iso(pending.year, 12, 31)!); // a bare year: its end (2025年 → 2025-12-31)
    pending = null;
    return contextYear;
  };
  const add = (due: string | null, list: string[] = strong): void => {
    if (due) list.push(due);
  };

  for (const m of text.matchAll(TOKEN)) {
    const g = m.groups!;
    if (g.isoY !== undefined) {
      settle(m.index);
      add(iso(Number(g.isoY), Number(g.isoM), Number(g.isoD)));
    } else if (g.year !== undefined || g.rel !== undefined) {
      settle(m.index);
      const y = g.year !== undefined ? readYear(g.year) : baseYear + RELATIVE_YEAR[g.rel!]!;
      contextYear = y;
      if (g.yearPart === '中') add(iso(y, 6, 30));
      else if (g.yearPart !== undefined) add(iso(y, 12, 31));
      else pending = { year: y, end: m.index + m[0].length };
    } else if (g.part !== undefined) {
      const y = settle(m.index);
      if (g.part === '上半年' || g.part === '年中') add(iso(y, 6, 30));
      else add(iso(y, 12, 31), g.part === '全年' ? weak : strong);
    } else if (g.quarter !== undefined) {
      const y = settle(m.index);
      const [month, day] = QUARTER_END[readNumber(g.quarter)!]!;
      add(iso(y, month, day));
    } else if (g.dateDay !== undefined) {
      const y = settle(m.index);
      const month = readNumber(g.dateMonth!);
      const day = readNumber(g.dateDay);
      if (month !== null && day !== null) add(iso(y, month, day));
    } else {
      const y = settle(m.index);
      const month = readNumber(g.month!);
      if (month === null || month < 1 || month > 12) continue;
      const part = g.monthPart;
      add(iso(y, month, part === '上旬' ? 10 : part === '中旬' ? 20 : lastDayOfMonth(y, month)));
    }
  }
  settle(-1);
  const dates = strong.length > 0 ? strong : weak;
  const due = dates.length > 0 ? dates.reduce((a, b) => (b > a ? b : a)) : null;
  return { due, ongoing, understood: due !== null || ongoing };
}
