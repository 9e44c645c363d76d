/**
 * Naming what a target measures (its indicator) with the words of the text, as the guideline
 * asks: "the few words naming what is measured, as short as stays unambiguous". Two shapes:
 * the noun before the number (新增高新技术企业900家 → 新增高新技术企业) and a count before its
 * noun (新建8个泉城书房 → 新建泉城书房, the number dropped from the middle).
 * Works on offsets into the text and slices once per target: it runs on every commitment.
 */
import { isDigitCode, type UnitKind } from './units.ts';
import { codesOf, isNounAt } from './words.ts';

/** Where a target sits: UTF-16 offsets of its span and clause, and the comparator word before it. */
export interface Located {
  readonly start: number;
  readonly end: number;
  readonly kind: UnitKind | null;
  readonly clauseStart: number;
  readonly clauseEnd: number;
  /** Length of the comparator word right before the number (突破 → 2), 0 when none. */
  readonly beforeLength: number;
}

/** Words between the indicator and the number that say how, not what (力争突破, 分别增长). */
const TRAILING = ['达到', '力争', '分别', '迈上', '达', '为'];
/** Linking verbs ending in 在/至/到 before a number (稳定在295万吨, 压缩至1个工作日, 提高到). */
const TRAILING_TO_VERBS = ['稳定', '保持', '控制', '提高', '提升', '增加', '增长', '下降', '降低', '压缩', '压减', '缩短', '减少', '扩大', '增', '降'];
/** A date before the indicator (2023年底前完成…): the deadline's business, not the indicator's. */
const LEADING_DATE = /(?:[0-9０-９]{4}年)?(?:[0-9０-９]{1,2}月)?(?:底|末)?(?:前|内)?/y;

/**
 * Words before the indicator that say when, how hard or how (年内, 力争, 持续, 推进): stripped
 * when what remains is empty or at least two characters (启动区 stays).
 */
const LEADING = [
  '、', '和', '及', '与', '以及', '并',
  '年内', '全年', '今年', '当年', '同时', '其中',
  '力争', '确保', '实现', '努力',
  '持续', '全力', '积极', '大力', '着力', '深入', '扎实', '稳步', '有序', '全面', '加快', '高标准', '高质量', '高水平',
  '启动建设', '推进', '推动', '打造', '启动',
];
const LEADING_BY_FIRST = new Map<number, string[]>();
for (const w of LEADING) {
  const first = w.charCodeAt(0);
  LEADING_BY_FIRST.set(first, [...(LEADING_BY_FIRST.get(first) ?? []), w].sort((a, b) => b.length - a.length));
}
/** Last characters of the trailing words: nothing to strip unless the range ends with one. */
const TRAILING_LASTS = codesOf(TRAILING.map((w) => w[w.length - 1]).join('') + '在至到');
const TO = codesOf('在至到');
const CODE_DAO = '到'.charCodeAt(0);
const CODE_ZHI = '至'.charCodeAt(0);

/** Ends the noun a count is followed by: the next coordinated item or an enumeration's 等 starts there. */
const NOUN_STOP = codesOf('和及与等');
const CODE_ENUMERATION_COMMA = '、'.charCodeAt(0);
/** Marks after which the last item of an enumeration starts (黄河流域、济南黄河大桥复线桥等6条). */
const ITEM_MARKS = codesOf('、等和及');

/** A range [a, b) of the text. */
interface Range {
  a: number;
  b: number;
}

function endsWithAt(text: string, word: string, r: Range): boolean {
  return r.b - word.length >= r.a && text.startsWith(word, r.b - word.length);
}

/** Drops 力争/分别/达到 and 稳定在/提高至… from the end of the range. */
function stripTrailing(text: string, r: Range): void {
  for (let changed = true; changed && r.b > r.a && TRAILING_LASTS.has(text.charCodeAt(r.b - 1)); ) {
    changed = false;
    for (const w of TRAILING) {
      if (endsWithAt(text, w, r)) {
        r.b -= w.length;
        changed = true;
      }
    }
    if (r.b > r.a && TO.has(text.charCodeAt(r.b - 1))) {
      r.b--;
      const verb = TRAILING_TO_VERBS.find((v) => endsWithAt(text, v, r));
      if (verb) r.b -= verb.length;
      changed = true;
    }
  }
}

/** Drops dates, 年内/力争/持续/推进… from the start of the range. */
function stripLeading(text: string, r: Range): void {
  for (let changed = true; changed && r.a < r.b; ) {
    changed = false;
    const first = text.charCodeAt(r.a);
    const to = first === CODE_DAO || first === CODE_ZHI ? 1 : 0; // 到2025年
    if (isDigitCode(text.charCodeAt(r.a + to))) {
      LEADING_DATE.lastIndex = r.a + to;
      const date = LEADING_DATE.exec(text);
      if (date && date[0].length > 1 && r.a + to + date[0].length <= r.b) {
        r.a += to + date[0].length;
        changed = true;
        continue;
      }
    }
    for (const w of LEADING_BY_FIRST.get(first) ?? []) {
      const rest = r.b - r.a - w.length;
      if ((rest === 0 || rest >= 2) && text.startsWith(w, r.a)) {
        r.a += w.length;
        changed = true;
        break;
      }
    }
  }
}

/** The noun right after a count (8个泉城书房 → 泉城书房), up to the clause end or the next item. */
function nounAfter(text: string, at: number, clauseEnd: number): Range {
  if (at >= clauseEnd || !isNounAt(text, at)) return { a: at, b: at };
  let i = at;
  for (; i < clauseEnd; i++) {
    const c = text.charCodeAt(i);
    if (NOUN_STOP.has(c)) break;
    // 、 ends the noun unless it splits a one-character item (405个省、市级重点项目).
    if (c === CODE_ENUMERATION_COMMA && (i - at >= 2 || isDigitCode(text.charCodeAt(i + 1)))) break;
  }
  return { a: at, b: i };
}

/** The text of the range, without a 分别 inside it. */
function wordsOf(text: string, r: Range): string {
  const at = text.indexOf('分别', r.a);
  if (at < 0 || at + 2 > r.b) return text.slice(r.a, r.b);
  return text.slice(r.a, at) + text.slice(at + 2, r.b);
}

/** Where the words before target k start: its clause, or the end of the previous target in it. */
function leftOf(targets: readonly Located[], k: number): number {
  const t = targets[k]!;
  const prev = targets[k - 1];
  return prev !== undefined && prev.clauseEnd === t.clauseEnd ? prev.end : t.clauseStart;
}

/**
 * The indicator of each target, in order. `joined[k]`: target k is coordinated with target k-1
 * by 、/和 (its indicator is then shared, or split after 分别: 高新技术企业、科技型中小企业分别突破
 * 7300家、8000家).
 */
export function describeIndicators(text: string, targets: readonly Located[], joined: readonly boolean[]): string[] {
  const out: string[] = [];
  for (let k = 0; k < targets.length; k++) {
    const t = targets[k]!;
    const pre = { a: leftOf(targets, k), b: t.start - t.beforeLength };
    stripTrailing(text, pre);
    const after = nounAfter(text, t.end, t.clauseEnd);
    const bare = { a: pre.a, b: pre.b };
    stripLeading(text, bare);
    if (after.b > after.a && (t.kind === 'count' || bare.b - bare.a <= 3)) {
      // A count before its noun: the last item of the words before, then the noun.
      let a = pre.a;
      for (let i = pre.a; i < pre.b; i++) if (ITEM_MARKS.has(text.charCodeAt(i))) a = i + 1;
      const head = { a, b: pre.b };
      stripLeading(text, head);
      out.push(wordsOf(text, head) + text.slice(after.a, after.b));
    } else if (bare.b > bare.a) {
      out.push(wordsOf(text, bare));
    } else {
      out.push(joined[k] ? out[k - 1]! : text.slice(after.a, after.b));
    }
  }
  splitRespectively(text, targets, joined, out);
  return out;
}

/** 甲、乙分别增长N、M: the k-th of n coordinated targets measures the k-th of n nouns. */
function splitRespectively(text: string, targets: readonly Located[], joined: readonly boolean[], out: string[]): void {
  for (let g = 0; g < targets.length; g++) {
    if (joined[g] || !joined[g + 1]) continue;
    let n = 2;
    while (joined[g + n]) n++;
    const t = targets[g]!;
    const left = leftOf(targets, g);
    const right = t.start - t.beforeLength;
    const at = text.lastIndexOf('分别', right - 2);
    if (at < left) continue;
    const nouns = { a: left, b: at };
    stripLeading(text, nouns);
    const parts = text.slice(nouns.a, nouns.b).split(/、|和|及|与/);
    if (parts.length !== n || parts.some((s) => s === '')) continue;
    const measure = { a: at + 2, b: right };
    stripTrailing(text, measure);
    const words = text.slice(measure.a, measure.b);
    for (let k = 0; k < n; k++) out[g + k] = parts[k]! + words;
  }
}
