/**
 * The 16 prefecture-level cities of Shandong: data, not guesses.
 * Codes are GB/T 2260 administrative division codes; area codes are the fixed-line
 * telephone prefixes used to check contact phones.
 */
export interface City {
  /** Full Chinese name as published, e.g. 济南市. */
  readonly name: string;
  /** Pinyin slug used in seed file names, e.g. jinan. */
  readonly slug: string;
  /** GB/T 2260 code, e.g. 370100. */
  readonly code: string;
  /** Telephone area code, e.g. 0531. */
  readonly areaCode: string;
}

export const CITIES: readonly City[] = [
  { name: '济南市', slug: 'jinan', code: '370100', areaCode: '0531' },
  { name: '青岛市', slug: 'qingdao', code: '370200', areaCode: '0532' },
  { name: '淄博市', slug: 'zibo', code: '370300', areaCode: '0533' },
  { name: '枣庄市', slug: 'zaozhuang', code: '370400', areaCode: '0632' },
  { name: '东营市', slug: 'dongying', code: '370500', areaCode: '0546' },
  { name: '烟台市', slug: 'yantai', code: '370600', areaCode: '0535' },
  { name: '潍坊市', slug: 'weifang', code: '370700', areaCode: '0536' },
  { name: '济宁市', slug: 'jining', code: '370800', areaCode: '0537' },
  { name: '泰安市', slug: 'taian', code: '370900', areaCode: '0538' },
  { name: '威海市', slug: 'weihai', code: '371000', areaCode: '0631' },
  { name: '日照市', slug: 'rizhao', code: '371100', areaCode: '0633' },
  { name: '临沂市', slug: 'linyi', code: '371300', areaCode: '0539' },
  { name: '德州市', slug: 'dezhou', code: '371400', areaCode: '0534' },
  { name: '聊城市', slug: 'liaocheng', code: '371500', areaCode: '0635' },
  { name: '滨州市', slug: 'binzhou', code: '371600', areaCode: '0543' },
  { name: '菏泽市', slug: 'heze', code: '371700', areaCode: '0530' },
];

const byName = new Map(CITIES.map((c) => [c.name, c]));
const bySlug = new Map(CITIES.map((c) => [c.slug, c]));
const byCode = new Map(CITIES.map((c) => [c.code, c]));

/** The city with this full name (济南市) or short name (济南), if any. */
export function findCityByName(name: string): City | undefined {
  const trimmed = name.trim();
  return byName.get(trimmed) ?? byName.get(`${trimmed}市`);
}

/** The city whose seed files use this slug, if any. */
export function findCityBySlug(slug: string): City | undefined {
  return bySlug.get(slug);
}

/** The city with this GB/T 2260 code, if any. */
export function findCityByCode(code: string): City | undefined {
  return byCode.get(code);
}

/** Traditional forms of the characters in the 16 names (濟南市 → 济南市). */
const SIMPLIFIED: Readonly<Record<string, string>> = {
  濟: '济', 島: '岛', 棗: '枣', 莊: '庄', 東: '东', 營: '营', 煙: '烟', 臺: '台', 濰: '潍',
  寧: '宁', 臨: '临', 濱: '滨', 澤: '泽',
};

/**
 * The city a maintainer most likely meant by a name that is not one of the 16: written in
 * traditional characters, with full-width or stray spaces, or without 市. Only for
 * suggestions in error messages; a seed must spell the name exactly.
 */
export function suggestCity(name: string): { city: City; why: string } | undefined {
  const plain = name.normalize('NFKC').replace(/\s+/g, '');
  const simplified = [...plain].map((ch) => SIMPLIFIED[ch] ?? ch).join('');
  const city = findCityByName(simplified);
  if (!city) return undefined;
  const why = simplified !== plain ? 'is written in traditional characters' : plain !== name.trim() ? 'has extra spaces or full-width characters' : 'is not the full name';
  return { city, why };
}
