/**
 * fast-check generators for the property tests: realistic seeds (Chinese commitment texts
 * built from clauses of the real 2023 seeds, names of 2–3 characters, the deadline phrases
 * the articles use, phones with the city's area code) and the helpers the properties share.
 */
import fc from 'fast-check';
import { CITIES, type City } from '../../../pipeline/domain/cities.ts';
import type { SeedInput } from '../../../pipeline/identify/identify.ts';
import { bigramsOf, dice } from '../../../pipeline/identify/similarity.ts';
import { SEED_SCHEMA_REF, type Contact, type Seed, type SeedCommitment, type Source } from '../../../pipeline/schemas/seed.ts';
import { CLAUSES, HAN_CHARS } from './corpus.ts';

/**
 * Fixed so that every run of the suite checks the same cases; fast-check prints the seed and
 * path of a failure. To explore further: FC_SEED=<n> FC_RUNS_SCALE=<k> npx vitest run test/property
 */
export const FC_SEED = Number(process.env.FC_SEED ?? 20230615);

/** `n` runs, times FC_RUNS_SCALE (default 1). */
export const runs = (n: number): number => Math.max(1, Math.round(n * Number(process.env.FC_RUNS_SCALE ?? 1)));

/** Every Han character of the real commitment texts, one per element. */
export const HAN: readonly string[] = [...HAN_CHARS];

const SURNAMES = [...'王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文权解耿沙'];
const GIVEN = [...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏飞建国海田峰阳光忠宏志斌庆虎岭龙成茂祯治原豪胜村杰升勤德智瑞波晓振向东新竹立永琴'];

/** A Chinese name of 2–3 characters (one-character surname, one or two given characters). */
export const nameArb: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(...SURNAMES), fc.array(fc.constantFrom(...GIVEN), { minLength: 1, maxLength: 2 }))
  .map(([s, g]) => s + g.join(''));

/** 1–5 distinct responsible officials. */
export const responsibleArb: fc.Arbitrary<string[]> = fc.uniqueArray(nameArb, { minLength: 1, maxLength: 5 });

const FIXED_DEADLINES = [
  '长期坚持',
  '12月底前',
  '年底前',
  '6月30日前',
  '上半年',
  '三季度末',
  '长期坚持，12月底前取得阶段性成效',
  '12月底前完成年度目标任务并持续推进',
  '长期坚持，12月底前取得阶段性成效并持续推进',
  '持续推进',
];
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Deadline phrases as the articles write them; all of them are understood by parseDeadline. */
export const deadlineArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...FIXED_DEADLINES) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 12 }).map((m) => `${m}月底前`) },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 1, max: 12 }).chain((m) => fc.integer({ min: 1, max: DAYS[m - 1]! }).map((d) => `${m}月${d}日前`)),
  },
);

/** An office phone with the city's area code (7 or 8 digits, not starting with 0). */
export function phoneArb(city: City): fc.Arbitrary<string> {
  return fc
    .tuple(fc.integer({ min: 1, max: 9 }), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 6, maxLength: 7 }))
    .map(([first, rest]) => `${city.areaCode}-${first}${rest.join('')}`);
}

/** A contact for `city`: a name and a phone with the city's area code. */
export function contactArb(city: City): fc.Arbitrary<Contact> {
  return fc.record({ name: nameArb, phone: phoneArb(city) });
}

/** One of the 16 cities. */
export const cityArb: fc.Arbitrary<City> = fc.constantFrom(...CITIES);
/** A year the seeds could be for. */
export const yearArb: fc.Arbitrary<number> = fc.integer({ min: 2018, max: 2030 });

/** A clause: mostly one of the real ones, sometimes with its numbers changed, sometimes a run of real characters. */
export const clauseArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...CLAUSES) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom(...CLAUSES.filter((c) => /\d/.test(c))), fc.integer({ min: 2, max: 9999 }))
      .map(([c, n]) => c.replace(/\d+/, String(n))),
  },
  { weight: 2, arbitrary: fc.array(fc.constantFrom(...HAN), { minLength: 6, maxLength: 16 }).map((cs) => cs.join('')) },
);

/** A commitment text: clauses joined by ，and closed by 。, like the real ones. */
export function textArb(minClauses = 2, maxClauses = 6): fc.Arbitrary<string> {
  return fc.array(clauseArb, { minLength: minClauses, maxLength: maxClauses }).map((cs) => `${cs.join('，')}。`);
}

/** Distinct character bigrams of a text, as identify counts them (punctuation skipped). */
export const bigramCount = (text: string): number => bigramsOf(text).length;

export interface PoolOptions {
  /** Every text has at least this many distinct bigrams. */
  readonly minBigrams: number;
  /** Any two texts have at most this Dice similarity. */
  readonly maxDice: number;
}

/**
 * Keeps, in order, the candidates that are long enough and not too similar to any text kept
 * before: the texts of one city are then "genuinely different", so their identity is not ambiguous.
 */
export function distinctTexts(candidates: readonly string[], { minBigrams, maxDice }: PoolOptions): string[] {
  const kept: Array<{ text: string; grams: Uint32Array }> = [];
  for (const text of candidates) {
    const grams = bigramsOf(text);
    if (grams.length < minBigrams) continue;
    if (kept.some((k) => dice(k.grams, grams) > maxDice)) continue;
    kept.push({ text, grams });
  }
  return kept.map((k) => k.text);
}

/** A pool of `min..max` texts satisfying `PoolOptions`. */
export function textPoolArb(min: number, max: number, options: PoolOptions, clauses: [number, number] = [2, 6]): fc.Arbitrary<string[]> {
  return fc
    .array(textArb(clauses[0], clauses[1]), { minLength: max, maxLength: max + 4 })
    .map((cs) => distinctTexts(cs, options).slice(0, max))
    .filter((pool) => pool.length >= min);
}

/** Explicit ids: the usual `<year>-<code>-NNN` form or any id the schema allows. */
export const explicitIdArb: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(yearArb, cityArb, fc.integer({ min: 1, max: 999 })).map(([y, c, n]) => `${y}-${c.code}-${String(n).padStart(3, '0')}`),
  fc.stringMatching(/^[0-9A-Za-z][0-9A-Za-z._-]{0,63}$/),
);

/** The source of a year's seeds: the article's title for that year and a publisher. */
export const sourceArb = (year: number): fc.Arbitrary<Source> =>
  fc.record(
    {
      title: fc.constantFrom(`${year}年16市重点工作任务公开承诺事项`, `${year}年各市重点工作任务公开承诺`),
      publisher: fc.constantFrom('大众日报', '齐鲁晚报', '山东省人民政府'),
      intro: textArb(2, 5),
      url: fc.constantFrom('https://paper.dzwww.com/dzrb/content/20230210/Articel01005MT.htm', 'http://www.shandong.gov.cn/art/2023/2/10/art_1.html'),
    },
    { requiredKeys: ['title', 'publisher'] },
  );

export interface SeedArbOptions {
  readonly minCommitments?: number;
  readonly maxCommitments?: number;
  /** Whether commitments may carry explicit ids (unique within the seed). */
  readonly ids?: boolean;
  /** Whether the seed may be incomplete (complete: false, contact maybe null). */
  readonly incomplete?: boolean;
  readonly pool?: PoolOptions;
  /**
   * Whether some texts repeat an earlier text of the city, exactly or with one character
   * changed: identity is then ambiguous, which order-independence must survive.
   */
  readonly echoes?: boolean;
}

/** A valid seed of one city and year, with distinct commitment texts. */
export function seedArb(city: City, year: number, options: SeedArbOptions = {}): fc.Arbitrary<Seed> {
  const { minCommitments = 1, maxCommitments = 8, ids = false, incomplete = true, pool = { minBigrams: 8, maxDice: 0.5 }, echoes = false } = options;
  const commitmentParts = fc.record({
    deadline: deadlineArb,
    responsible: responsibleArb,
    id: ids ? fc.option(explicitIdArb, { freq: 3 }) : fc.constant(null),
    echo: echoes ? fc.option(fc.tuple(fc.nat(), fc.nat(), fc.option(fc.constantFrom(...HAN))), { freq: 3 }) : fc.constant(null),
  });
  return fc
    .record({
      texts: textPoolArb(minCommitments, maxCommitments, pool),
      parts: fc.array(commitmentParts, { minLength: maxCommitments, maxLength: maxCommitments }),
      complete: incomplete ? fc.boolean() : fc.constant(true),
      contact: contactArb(city),
      nullContact: fc.boolean(),
      source: sourceArb(year),
      schemaRef: fc.boolean(),
    })
    .map(({ texts, parts, complete, contact, nullContact, source, schemaRef }): Seed => {
      const usedIds = new Set<string>();
      const finalTexts: string[] = [];
      const commitments = texts.map((generated, i): SeedCommitment => {
        const { deadline, responsible, id, echo } = parts[i]!;
        let text = generated;
        if (echo && i > 0) {
          // A copy of an earlier text, or a near copy with one character replaced.
          const [which, at, ch] = echo;
          const source = finalTexts[which % i]!;
          const pos = at % source.length;
          text = ch === null ? source : source.slice(0, pos) + ch + source.slice(pos + 1);
        }
        finalTexts.push(text);
        const explicit = id !== null && !usedIds.has(id) ? id : undefined;
        if (explicit !== undefined) usedIds.add(explicit);
        return { ...(explicit !== undefined ? { id: explicit } : {}), seq: i + 1, text, deadline, responsible };
      });
      return {
        ...(schemaRef ? { $schema: SEED_SCHEMA_REF } : {}),
        year,
        city: city.name,
        complete,
        contact: !complete && nullContact ? null : contact,
        source,
        commitments,
      };
    });
}

/** Seeds of several distinct city-years. */
export function seedInputsArb(options: SeedArbOptions & { maxCities?: number; years?: readonly number[] } = {}): fc.Arbitrary<SeedInput[]> {
  const { maxCities = 4, years = [2023, 2024] } = options;
  return fc
    .uniqueArray(fc.tuple(cityArb, fc.constantFrom(...years)), {
      minLength: 1,
      maxLength: maxCities,
      selector: ([c, y]) => `${y}|${c.code}`,
    })
    .chain((places) => fc.tuple(...places.map(([city, year]) => seedArb(city, year, options).map((seed): SeedInput => ({ city, seed })))))
    .map((inputs) => {
      // Explicit ids are unique across all files (E_DUPLICATE_ID otherwise): later repeats are dropped.
      const seen = new Set<string>();
      return inputs.map(({ city, seed }) => ({
        city,
        seed: {
          ...seed,
          commitments: seed.commitments.map((c) => {
            if (c.id === undefined) return c;
            if (!seen.has(c.id)) {
              seen.add(c.id);
              return c;
            }
            const { id: _dropped, ...rest } = c;
            return rest;
          }),
        },
      }));
    });
}

/** A small deterministic PRNG (mulberry32), for permutations drawn from one generated integer. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A permutation of `items` (Fisher–Yates driven by `seed`). */
export function shuffle<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  const next = prng(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
