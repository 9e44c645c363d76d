/**
 * Finding the quantitative targets (量化目标) in a commitment's text with deterministic rules,
 * following the annotation guideline (test/fixtures/targets/guideline.md): a lexer of numbers with their magnitude and unit
 * (units.ts), then rules that drop what is not a promised amount (dates, ordinals, names,
 * qualifiers of another target), read the comparator around the number and name the indicator.
 */
import { readQuantityAt, type Quantity } from './units.ts';
import { describeIndicators, type Located } from './indicator.ts';
import { isNounAt } from './words.ts';
import type { Comparator, Target } from './target.ts';

/** Comparator words written right before the number, longest first; `deny`: characters before the word that make it another word (通过, 签约). */
const BEFORE: ReadonlyArray<{ word: string; comparator: Comparator; deny?: string }> = [
  { word: '不低于', comparator: '>=' },
  { word: '不少于', comparator: '>=' },
  { word: '至少有', comparator: '>=' },
  { word: '不超过', comparator: '<=' },
  { word: '不高于', comparator: '<=' },
  { word: '不多于', comparator: '<=' },
  { word: '不大于', comparator: '<=' },
  { word: '至少', comparator: '>=' },
  { word: '最少', comparator: '>=' },
  { word: '突破', comparator: '>' },
  { word: '超过', comparator: '>' },
  { word: '高于', comparator: '>' },
  { word: '大于', comparator: '>' },
  { word: '多于', comparator: '>' },
  { word: '低于', comparator: '<' },
  { word: '少于', comparator: '<' },
  { word: '小于', comparator: '<' },
  { word: '大约', comparator: '~' },
  { word: '约为', comparator: '~' },
  { word: '将近', comparator: '~' },
  { word: '接近', comparator: '~' },
  { word: '达到', comparator: '=' },
  { word: '逾', comparator: '>' },
  { word: '超', comparator: '>', deny: '赶' },
  { word: '过', comparator: '>', deny: '通经超越跨度路错胜闯不难' },
  { word: '约', comparator: '~', deny: '节集制签履契预公条合违践赴邀隐' },
  { word: '近', comparator: '~', deny: '最附就邻靠临亲贴' },
];

/** What may stand between two coordinated targets (分别突破7300家、8000家). */
const JOINERS = new Set(['、', '和', '及', '与', '以及', '或']);

/** Comparator words before a measure that, with a noun after it, select which items count (营业收入过10亿元企业). */
const QUALIFYING_BEFORE = new Set(['过', '超', '超过', '逾']);
/** Words before a measure that, with a noun after it, describe the item (年产10万吨生产线, 总投资50亿元的项目). */
const CAPACITY_BEFORE = ['年产', '日产', '年处理', '日处理', '总投资', '投资', '装机', '占地', '面积', '时速'];
/** Units that rate an item rather than count an amount (220千伏变电站). */
const RATING_UNITS = new Set(['千伏', '伏']);
/** Ranks: 前10名, 前5位. */
const RANK_UNITS = new Set(['名', '位']);

const HAS_DIGIT = /[0-9０-９]/;

/** A number that reads as an amount, with what surrounds it. */
interface Candidate extends Located {
  /** Set once the lexer has seen the clause's end. */
  clauseEnd: number;
  readonly q: Quantity;
  /** A comparator word right before the number, with its length. */
  readonly before: Comparator | null;
  readonly beforeLength: number;
  /** The comparator word before, as written (过, 突破), or ''. */
  readonly beforeWord: string;
}

/** BEFORE by the word's last character, which is the one right before the number. */
const BEFORE_BY_LAST = new Map<number, typeof BEFORE>();
for (const entry of BEFORE) {
  const last = entry.word.charCodeAt(entry.word.length - 1);
  BEFORE_BY_LAST.set(last, [...(BEFORE_BY_LAST.get(last) ?? []), entry]);
}

function beforeComparator(text: string, start: number): { comparator: Comparator; word: string } | null {
  const entries = start > 0 ? BEFORE_BY_LAST.get(text.charCodeAt(start - 1)) : undefined;
  if (!entries) return null;
  for (const { word, comparator, deny } of entries) {
    const at = start - word.length;
    if (at < 0 || !text.startsWith(word, at)) continue;
    if (deny && at > 0 && deny.includes(text[at - 1]!)) continue;
    return { comparator, word };
  }
  return null;
}

/** A clause ends at these (UTF-16 codes): ，。；;！!？?：:, and line breaks. */
function isClauseEnd(code: number): boolean {
  switch (code) {
    case 0xff0c: case 0x3002: case 0xff1b: case 0x3b: case 0xff01: case 0x21: case 0xff1f: case 0x3f:
    case 0xff1a: case 0x3a: case 0x0a: case 0x0d: case 0x2c:
      return true;
    default:
      return false;
  }
}

/** Closing mark of an opening quotation or title mark (“ ” 「 」 『 』 《 》 ‘ ’), or 0. */
function closerOf(code: number): number {
  switch (code) {
    case 0x201c: return 0x201d;
    case 0x300c: return 0x300d;
    case 0x300e: return 0x300f;
    case 0x300a: return 0x300b;
    case 0x2018: return 0x2019;
    default: return 0;
  }
}

function isDigit(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0xff10 && code <= 0xff19);
}

function isLatin(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

/** Digits and the characters that change the lexer's state; all others are skipped by the regex engine. */
const LEX_STOPS = /[0-9０-９，。；;！!？?：:,\n\r"“”「」『』《》‘’\uD800-\uDBFF]/g;

/**
 * The numbers of `text` that read as amounts — a unit or a magnitude, and not a date, an
 * ordinal or a name — in one pass that also tracks clauses and quotation marks (what is
 * quoted is a name: “6+4+2”, “3510”, 《…》; a quote left open ends with its sentence).
 */
function lexCandidates(text: string): { candidates: Candidate[]; astral: boolean } {
  const candidates: Candidate[] = [];
  let open = 0; // candidates whose clause end is not known yet start at this index
  const closers: number[] = [];
  let asciiQuote = false;
  let astral = false;
  let clauseStart = 0;
  const stops = LEX_STOPS; // shared: lexCandidates runs to completion before anyone else uses it
  stops.lastIndex = 0;
  while (stops.test(text)) {
    const i = stops.lastIndex - 1;
    const code = text.charCodeAt(i);
    if (!isDigit(code)) {
      if (isClauseEnd(code)) {
        for (; open < candidates.length; open++) candidates[open]!.clauseEnd = i;
        clauseStart = i + 1;
        if (code === 0x3002 || code === 0xff1b || code === 0x3b) {
          closers.length = 0;
          asciiQuote = false;
        }
      } else if (code >= 0xd800 && code <= 0xdbff) {
        astral = true;
      } else if (code === 0x22) {
        asciiQuote = !asciiQuote;
      } else if (closers.length > 0 && code === closers[closers.length - 1]) {
        closers.pop();
      } else {
        const closer = closerOf(code);
        if (closer !== 0) closers.push(closer);
      }
      continue;
    }
    const q = readQuantityAt(text, i)!;
    stops.lastIndex = q.numberEnd;
    if (q.kind === null && !q.hasMagnitude) continue; // years, dates, codes: 2023年, 3510, 4号线
    if (closers.length > 0 || asciiQuote) continue;
    const prev = q.start > 0 ? text.charCodeAt(q.start - 1) : 0;
    const next = q.numberEnd < text.length ? text.charCodeAt(q.numberEnd) : 0;
    if (prev === 0x7b2c /* 第 */ || prev === 0x2e || prev === 0xff0e) continue; // ordinals, 2.0.1
    if (isLatin(prev) || (q.kind === null && isLatin(next))) continue; // PM2.5, G20, 5G
    if (prev === 0x2b || prev === 0xff0b || next === 0x2b || next === 0xff0b) continue; // 1+N, 6+4+2
    if (text.charCodeAt(q.unitEnd) === 0x7ea7 /* 级 */) continue; // 500亿级企业, 10万吨级码头: which items count
    if (prev === 0x524d /* 前 */ && RANK_UNITS.has(q.unit)) continue; // 进入全国前10名
    const before = beforeComparator(text, q.start);
    candidates.push({
      q,
      before: before?.comparator ?? null,
      beforeLength: before?.word.length ?? 0,
      beforeWord: before?.word ?? '',
      start: q.start,
      end: q.end,
      kind: q.kind,
      clauseStart,
      clauseEnd: text.length,
    });
  }
  return { candidates, astral };
}

/**
 * A measure, a bare magnitude or a duration that qualifies a noun rather than promising an
 * amount: 营业收入过10亿元企业10家 (qualifies 企业, and the clause counts something else),
 * 一批50亿元以上产业大项目, 15分钟生活圈, 年产10万吨生产线, 220千伏变电站. Count classifiers
 * before a noun count it and stay targets (新建8个泉城书房).
 */
function isQualifier(text: string, c: Candidate, later: Candidate | undefined): boolean {
  if (c.kind === 'count') return false;
  const nounAfter = isNounAt(text, c.end);
  const nounAfterDe = text.charCodeAt(c.end) === 0x7684 /* 的 */ && isNounAt(text, c.end + 1);
  if (!nounAfter && !nounAfterDe) return false;
  if (nounAfter && (c.kind === 'time' || RATING_UNITS.has(c.q.unit) || QUALIFYING_BEFORE.has(c.beforeWord))) return true;
  if (c.q.unit !== '%' && (c.q.glued === '>=' || c.q.glued === '<=')) return true; // 50亿元以上产业大项目
  if (CAPACITY_BEFORE.some((w) => c.start - w.length >= c.clauseStart && text.startsWith(w, c.start - w.length))) return true;
  return later !== undefined && later.start < c.clauseEnd;
}

/** Code-point offset of each UTF-16 offset, for texts with characters outside the BMP. */
function codePointOffsets(text: string, astral: boolean): (at: number) => number {
  if (!astral) return (at) => at;
  return (at) => {
    let lows = 0;
    for (let i = 1; i < at; i++) {
      const code = text.charCodeAt(i);
      if (code >= 0xdc00 && code <= 0xdfff && text.charCodeAt(i - 1) >= 0xd800 && text.charCodeAt(i - 1) <= 0xdbff) lows++;
    }
    return at - lows;
  };
}

/**
 * The quantitative targets of a commitment text, in text order, with `source: 'extracted'`.
 * Offsets are in Unicode code points. Pure and deterministic; no model, no network.
 */
export function extractTargets(text: string): Target[] {
  if (!HAS_DIGIT.test(text)) return [];
  const { candidates, astral } = lexCandidates(text);
  const kept = candidates.filter((c, k) => !isQualifier(text, c, candidates[k + 1]));
  if (kept.length === 0) return [];

  // Comparator: a glued word after (以上) wins, then 余/多, then a word before (突破); a target
  // joined by 、/和 to the previous one shares that one's word before (分别突破7300家、8000家).
  const shared: Array<Comparator | null> = [];
  const joined: boolean[] = [];
  kept.forEach((c, k) => {
    const prev = kept[k - 1];
    const isJoined = prev !== undefined && prev.clauseEnd === c.clauseEnd && JOINERS.has(text.slice(prev.end, c.start));
    joined.push(isJoined);
    shared.push(c.before ?? (isJoined ? shared[k - 1]! : null));
  });
  const indicators = describeIndicators(text, kept, joined);
  const offset = codePointOffsets(text, astral);
  return kept.map((c, k) => ({
    span: text.slice(c.start, c.end),
    start: offset(c.start),
    end: offset(c.end),
    value: c.q.value,
    unit: c.q.unit,
    comparator: c.q.glued ?? (c.q.more ? '>' : shared[k] ?? '='),
    indicator: indicators[k]!,
    source: 'extracted' as const,
  }));
}
