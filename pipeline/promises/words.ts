/**
 * Word classes shared by the extractor's rules and its indicator naming: what may follow an
 * amount without being a noun it qualifies.
 */

/** Han ideographs (BMP, extension A and compatibility). */
export const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

/** Single characters after an amount that do not start a noun (conjunctions, particles, verbs of linking). */
const NOT_NOUN = new Set('和及与或并且等的以至到为在是将也'.split(''));

/** Words after an amount that still speak of the amount (突破1000亿元大关, 稳定在295万吨水平). */
const AMOUNT_TAILS = ['大关', '水平', '目标', '台阶', '规模'];

/** True when the character at `at` starts a noun an amount before it would count or qualify (企业, “…”, (一期)). */
export function isNounAt(text: string, at: number): boolean {
  const c = text[at];
  if (c === undefined) return false;
  if (c === '“' || c === '《' || c === '(' || c === '（') return true;
  if (!CJK.test(c) || NOT_NOUN.has(c)) return false;
  return !AMOUNT_TAILS.some((w) => text.startsWith(w, at));
}
