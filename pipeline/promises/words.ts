/**
 * Word classes shared by the extractor's rules and its indicator naming: what may follow an
 * amount without being a noun it qualifies. Characters are compared by UTF-16 code: these
 * checks run for every number of every commitment.
 */

/** The UTF-16 codes of the characters of `chars` (all in the BMP). */
export function codesOf(chars: string): Set<number> {
  return new Set([...chars].map((c) => c.charCodeAt(0)));
}

/** True for a Han ideograph (BMP, extension A and compatibility ideographs). */
export function isHanCode(code: number): boolean {
  return (code >= 0x3400 && code <= 0x9fff) || (code >= 0xf900 && code <= 0xfaff);
}

/** Single characters after an amount that do not start a noun (conjunctions, particles, verbs of linking). */
const NOT_NOUN = codesOf('和及与或并且等的以至到为在是将也');

/** Marks that open a name or an aside, which an amount before them counts or qualifies: “…” 《…》 (…). */
const OPENERS = codesOf('“《(（');

/** Words after an amount that still speak of the amount (突破1000亿元大关, 稳定在295万吨水平). */
const AMOUNT_TAILS = ['大关', '水平', '目标', '台阶', '规模'];
const AMOUNT_TAIL_FIRSTS = codesOf(AMOUNT_TAILS.map((w) => w[0]).join(''));

/** True when the character at `at` starts a noun an amount before it would count or qualify (企业, “…”, (一期)). */
export function isNounAt(text: string, at: number): boolean {
  const code = text.charCodeAt(at);
  if (OPENERS.has(code)) return true;
  if (!isHanCode(code) || NOT_NOUN.has(code)) return false;
  return !(AMOUNT_TAIL_FIRSTS.has(code) && AMOUNT_TAILS.some((w) => text.startsWith(w, at)));
}
