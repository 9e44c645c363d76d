/**
 * The lexicon of quantities in commitment texts: Arabic numerals (ASCII or full-width), the
 * magnitudes 百/千/万/亿, 余/多 ("more than"), units and measure words, and the comparator words
 * glued after them (以上, 左右…). `readQuantityAt` is the lexer both the extractor and the seed
 * check use, so a span means the same amount wherever it is read.
 */
import type { Comparator } from './target.ts';

/**
 * How a unit attaches to the words around it. A count classifier (家, 个, 条) before a noun
 * counts that noun (新建8个泉城书房 is a target); a measure (元, 吨, %) before a noun usually
 * qualifies it (50亿元以上产业大项目 is not); a duration before a noun names it (15分钟生活圈).
 */
export type UnitKind = 'count' | 'measure' | 'time';

interface UnitEntry {
  /** As written in the text. */
  readonly text: string;
  /** As published: the written form, full-width signs normalised (％ → %). */
  readonly unit: string;
  readonly kind: UnitKind;
  /** Characters that, right after the unit, make it the start of another word (人口, 项目). */
  readonly notBefore: string;
}

const COUNT: Record<string, string> = {
  个: '人', 家: '庭居电政具乡园用', 条: '件例款', 项: '目', 件: '', 所: '有在属以', 处: '置理于', 座: '谈', 名: '单称牌义',
  人: '口才员民均工大士', 户: '籍外型', 套: '餐', 列: '入', 辆: '', 台: '账阶', 艘: '', 架: '构', 张: '贴', 间: '隔',
  栋: '', 幢: '', 口: '岸', 眼: '光', 头: '部', 只: '要有', 羽: '', 批: '次准复', 场: '所景馆地', 场次: '', 次: '数',
  人次: '', 户次: '', 班次: '', 架次: '', 车次: '', 家次: '', 班: '级子组', 位: '置于', 支: '持撑付', 棵: '', 株: '',
  本: '地土科身', 册: '', 部: '门署分', 篇: '章', 门: '户诊类', 份: '额', 笔: '', 宗: '教旨', 块: '状', 根: '据本',
  盏: '', 组: '织建成', 队: '伍', 对: '接象外于', 种: '植类子', 类: '型别似', 款: '项', 趟: '', 例: '如', 床: '位',
  单: '位元一',
};
const MEASURE: Record<string, string> = {
  '%': '', '％': '', '‰': '', 元: '素宇', 美元: '', 亩: '均', 公顷: '', 平方米: '', 平米: '', 平方公里: '', 平方千米: '',
  立方米: '', 公里: '', 千米: '', 米: '', 延米: '', 吨: '', 千克: '', 公斤: '', 斤: '', 千瓦: '', 千瓦时: '', 兆瓦: '', 吉瓦: '',
  瓦: '', 千伏: '', 伏: '', 标箱: '', 标准箱: '', 个标准箱: '', TEU: '', MW: '', GW: '', kW: '', 倍: '', 岁: '',
  百分点: '', 个百分点: '', '微克/立方米': '', '毫克/升': '', '吨/日': '', '吨/年': '', '立方米/日': '', '公里/小时': '',
};
const TIME: Record<string, string> = { 小时: '', 分钟: '', 天: '', 个工作日: '', 工作日: '', 个月: '', 周: '年边' };

function entries(table: Record<string, string>, kind: UnitKind): UnitEntry[] {
  return Object.entries(table).map(([text, notBefore]) => ({ text, unit: text.normalize('NFKC'), kind, notBefore }));
}

/** Units by the code of their first character, longest first (个工作日 before 个). */
const UNITS_BY_FIRST = new Map<number, UnitEntry[]>();
for (const entry of [...entries(COUNT, 'count'), ...entries(MEASURE, 'measure'), ...entries(TIME, 'time')]) {
  const first = entry.text.charCodeAt(0);
  const list = UNITS_BY_FIRST.get(first) ?? [];
  list.push(entry);
  list.sort((a, b) => b.text.length - a.text.length);
  UNITS_BY_FIRST.set(first, list);
}

/** Powers of ten of the magnitudes (万亿 = 10^12, 千万 = 10^7), by character code. */
const MAGNITUDE = new Map<number, number>([...Object.entries({ 百: 2, 千: 3, 万: 4, 亿: 8 })].map(([c, e]) => [c.charCodeAt(0), e]));
const YU = '余'.charCodeAt(0);
const DUO = '多'.charCodeAt(0);

/** Comparator words glued after a quantity, longest first. */
const GLUED_AFTER: ReadonlyArray<readonly [string, Comparator]> = [
  ['及以上', '>='],
  ['及以下', '<='],
  ['以上', '>='],
  ['以下', '<='],
  ['以内', '<='],
  ['之内', '<='],
  ['左右', '~'],
];

/** A quantity read from a text: a number, its magnitude, unit and glued comparator. */
export interface Quantity {
  /** UTF-16 offsets: the number starts at `start`; its digits end at `numberEnd`. */
  readonly start: number;
  readonly numberEnd: number;
  /** End of magnitude and unit (before any glued comparator word). */
  readonly unitEnd: number;
  /** End of the span: unit plus a glued comparator word. */
  readonly end: number;
  /** In base units (scaled by the magnitude). */
  readonly value: number;
  /** '' when only a magnitude follows the number (突破1万亿). */
  readonly unit: string;
  /** null when there is no unit. */
  readonly kind: UnitKind | null;
  readonly hasMagnitude: boolean;
  /** 余 or 多 between the number and the unit: "more than". */
  readonly more: boolean;
  /** Comparator of a glued word after the unit (以上 → '>='), or null. */
  readonly glued: Comparator | null;
}

function digitValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0xff10 && code <= 0xff19) return code - 0xff10;
  return -1;
}

/** True for an ASCII or full-width decimal digit. */
export function isDigitCode(code: number): boolean {
  return digitValue(code) >= 0;
}

/**
 * Multiplies a decimal numeral (ASCII digits, at most one '.') by 10^exponent by moving the
 * point in the string, so 23.4万 gives exactly 234000 (23.4 * 10000 in floats is 233999.99…).
 */
export function scaleDecimal(numeral: string, exponent: number): number {
  const dot = numeral.indexOf('.');
  let whole = dot < 0 ? numeral : numeral.slice(0, dot);
  let fraction = dot < 0 ? '' : numeral.slice(dot + 1);
  if (exponent >= fraction.length) {
    whole += fraction + '0'.repeat(exponent - fraction.length);
    fraction = '';
  } else {
    whole += fraction.slice(0, exponent);
    fraction = fraction.slice(exponent);
  }
  return Number(fraction ? `${whole}.${fraction}` : whole);
}

/** The numeral of text[start, end) in ASCII: full-width digits mapped, thousands commas dropped, '．' → '.'. */
function numeralOf(text: string, start: number, end: number): string {
  let out = '';
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    const d = digitValue(code);
    if (d >= 0) out += d;
    else if (code === 0x2e || code === 0xff0e) out += '.';
  }
  return out;
}

/** The unit written at `at`, unless its first characters start another word (3家庭 is not 3家). */
function matchUnit(text: string, at: number): UnitEntry | null {
  const list = UNITS_BY_FIRST.get(text.charCodeAt(at));
  if (!list) return null;
  for (const entry of list) {
    if (!text.startsWith(entry.text, at)) continue;
    const next = text[at + entry.text.length];
    if (next !== undefined && entry.notBefore.includes(next)) continue;
    return entry;
  }
  return null;
}

/**
 * Reads the numeral starting at `start` (which must be a digit) with what follows it:
 * 余/多, magnitudes, a unit and a glued comparator word. Returns null when `start` holds no digit.
 * A numeral is digits, optionally ASCII thousands groups (1,300) and a decimal part (2.75, ２．５).
 */
export function readQuantityAt(text: string, start: number): Quantity | null {
  let p = start;
  let integer = 0;
  while (p < text.length) {
    const d = digitValue(text.charCodeAt(p));
    if (d < 0) break;
    integer = integer * 10 + d;
    p++;
  }
  if (p === start) return null;
  // Plain integers (most amounts) are exact as numbers; decimals and long ones go through scaleDecimal.
  let numeral: string | null = p - start <= 15 ? null : numeralOf(text, start, p);
  // Thousands groups: ",ddd" not followed by a further digit.
  let grouped = false;
  while (
    text.charCodeAt(p) === 0x2c &&
    isDigitCode(text.charCodeAt(p + 1)) && isDigitCode(text.charCodeAt(p + 2)) && isDigitCode(text.charCodeAt(p + 3)) &&
    !isDigitCode(text.charCodeAt(p + 4))
  ) {
    grouped = true;
    p += 4;
  }
  const point = text.charCodeAt(p);
  if ((point === 0x2e || point === 0xff0e) && isDigitCode(text.charCodeAt(p + 1))) {
    p++;
    while (p < text.length && isDigitCode(text.charCodeAt(p))) p++;
    numeral = numeralOf(text, start, p);
  } else if (grouped) {
    numeral = numeralOf(text, start, p);
  }
  const numberEnd = p;

  let exponent = 0;
  let hasMagnitude = false;
  let more = false;
  let unit: UnitEntry | null = null;
  for (;;) {
    unit = matchUnit(text, p);
    if (unit) break;
    const c = text.charCodeAt(p);
    const magnitude = MAGNITUDE.get(c);
    if (magnitude !== undefined) {
      exponent += magnitude;
      hasMagnitude = true;
      p++;
      continue;
    }
    if ((c === YU || c === DUO) && !more) {
      more = true;
      p++;
      continue;
    }
    break;
  }
  if (unit) {
    p += unit.text.length;
  } else if (more && (text.charCodeAt(p - 1) === YU || text.charCodeAt(p - 1) === DUO)) {
    // 余/多 with nothing after it belongs to the next word (100多元化 is not a quantity).
    p--;
    more = false;
  }
  const unitEnd = p;
  let glued: Comparator | null = null;
  for (const [word, comparator] of GLUED_AFTER) {
    if (text.startsWith(word, p)) {
      glued = comparator;
      p += word.length;
      break;
    }
  }
  if (glued === null && unit?.kind === 'time' && text[p] === '内') {
    glued = '<=';
    p++;
  }
  return {
    start,
    numberEnd,
    unitEnd,
    end: p,
    value: numeral === null ? integer * 10 ** exponent : scaleDecimal(numeral, exponent),
    unit: unit ? unit.unit : '',
    kind: unit ? unit.kind : null,
    hasMagnitude,
    more,
    glued,
  };
}

const CN_DIGIT: Record<string, number> = { 〇: 0, 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const CN_SMALL_UNIT: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** The value of a Chinese numeral (三, 十二, 两千三百, 三万) or null when it is not one. */
export function readChineseNumeral(numeral: string): number | null {
  if (numeral === '') return null;
  let total = 0;
  let section = 0;
  let digit: number | null = null;
  for (const c of numeral) {
    const d = CN_DIGIT[c];
    if (d !== undefined) {
      digit = d;
      continue;
    }
    const small = CN_SMALL_UNIT[c];
    if (small !== undefined) {
      section += (digit ?? 1) * small;
      digit = null;
      continue;
    }
    if (c === '亿') {
      total = (total + section + (digit ?? 0)) * 1e8;
    } else if (c === '万') {
      // 万 scales its own section (一亿五千万), or everything when nothing bigger came first (一万亿).
      total = total >= 1e8 ? total + (section + (digit ?? 0)) * 1e4 : (total + section + (digit ?? 0)) * 1e4;
    } else {
      return null;
    }
    section = 0;
    digit = null;
  }
  return total + section + (digit ?? 0);
}

const CN_NUMERAL = /^[〇零一二两三四五六七八九十百千万亿]+/u;

/**
 * The amount a span states, as the extractor would read it: its first Arabic numeral with
 * magnitude (700亿元 → 7e10, 6200余名 → 6200), or, when it has none, a leading Chinese numeral
 * (三项 → 3, 两万人 → 20000). Null when the span states no amount.
 */
export function readSpanValue(span: string): number | null {
  for (let i = 0; i < span.length; i++) {
    if (isDigitCode(span.charCodeAt(i))) return readQuantityAt(span, i)!.value;
  }
  const m = CN_NUMERAL.exec(span);
  return m ? readChineseNumeral(m[0]) : null;
}
