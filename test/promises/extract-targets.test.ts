import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractTargets } from '../../pipeline/promises/extract-targets.ts';
import type { Comparator, Target } from '../../pipeline/promises/target.ts';
import { readSpanValue } from '../../pipeline/promises/units.ts';
import { loadAnnotated } from '../support/annotated-targets.ts';

/** What the guideline asks to be exact: span, value, unit, comparator. */
const promised = (t: { span: string; value: number; unit: string; comparator: Comparator }): string =>
  `${t.span} ${t.value} ${t.unit} ${t.comparator}`;

/** The targets of `text` as [span, value, unit, comparator]. */
const shapes = (text: string): Array<[string, number, string, Comparator]> =>
  extractTargets(text).map((t) => [t.span, t.value, t.unit, t.comparator]);

function expectWellPlaced(text: string, targets: readonly Target[]): void {
  const points = [...text];
  let last = 0;
  for (const t of targets) {
    expect(points.slice(t.start, t.end).join('')).toBe(t.span);
    expect(t.start).toBeGreaterThanOrEqual(last);
    last = t.end;
  }
}

describe.each([
  // [city, annotated targets, indicators the extractor must word exactly as the annotator]
  ['jinan', 57, 48],
  ['qingdao', 34, 28],
  ['zibo', 14, 9],
] as const)('the hand-annotated set of %s', (slug, count, indicatorsAtLeast) => {
  const commitments = loadAnnotated(slug);

  it(`has ${count} targets, and extraction finds each of them: span, value, unit, comparator`, () => {
    expect(commitments.reduce((n, c) => n + c.targets.length, 0)).toBe(count);
    for (const c of commitments) {
      const got = extractTargets(c.text);
      expect(got.map(promised), `${slug} ${c.seq}: ${c.text}`).toEqual(c.targets.map(promised));
      expectWellPlaced(c.text, got);
      for (const t of got) {
        expect(t.source).toBe('extracted');
        expect(t.indicator.length, `${slug} ${c.seq} ${t.span}`).toBeGreaterThan(0);
      }
    }
  });

  it('words most indicators as the annotator did', () => {
    let exact = 0;
    for (const c of commitments) {
      const got = extractTargets(c.text);
      c.targets.forEach((t, k) => {
        if (got[k]?.indicator === t.indicator) exact++;
      });
    }
    expect(exact).toBeGreaterThanOrEqual(indicatorsAtLeast);
  });
});

describe('extractTargets: shapes of targets', () => {
  it.each<[string, string, Array<[string, number, string, Comparator]>]>([
    ['a percentage', '全市地区生产总值增长6%。', [['6%', 6, '%', '=']]],
    ['a decimal percentage', '研发经费投入占比达到2.75%。', [['2.75%', 2.75, '%', '=']]],
    ['万 with a decimal (no float error)', '建成高标准农田23.4万亩。', [['23.4万亩', 234000, '亩', '=']]],
    ['亿元', '数字经济核心产业规模达到6000亿元。', [['6000亿元', 600000000000, '元', '=']]],
    ['万亿元', '力争货物进出口总额突破1万亿元。', [['1万亿元', 1000000000000, '元', '>']]],
    ['万人次', '年内客运量达到1300万人次。', [['1300万人次', 13000000, '人次', '=']]],
    ['万平方米 → 平方米', '新增绿色建筑1000万平方米以上。', [['1000万平方米以上', 10000000, '平方米', '>=']]],
    ['万千瓦 (千瓦 is a unit, not a magnitude)', '新增光伏装机100万千瓦。', [['100万千瓦', 1000000, '千瓦', '=']]],
    ['9.9万户', '改造老旧小区9.9万户。', [['9.9万户', 99000, '户', '=']]],
    ['0.5个百分点', '比重提高0.5个百分点。', [['0.5个百分点', 0.5, '个百分点', '=']]],
    ['a compound unit', '细颗粒物浓度控制在35微克/立方米以内。', [['35微克/立方米以内', 35, '微克/立方米', '<=']]],
    ['a magnitude without a unit', '地区生产总值突破5000亿。', [['5000亿', 500000000000, '', '>']]],
    ['thousands separators', '新增就业1,200人。', [['1,200人', 1200, '人', '=']]],
    ['a rate unit', '污水处理能力达到12万吨/日。', [['12万吨/日', 120000, '吨/日', '=']]],
    ['a duration with 以上', '空气质量优良天数达到260天以上。', [['260天以上', 260, '天', '>=']]],
  ])('%s', (_, text, expected) => {
    expect(shapes(text)).toEqual(expected);
  });
});

describe('extractTargets: comparators', () => {
  it.each<[string, string, Comparator]>([
    ['以上 glued after', '新增进出口实绩企业1500家以上。', '>='],
    ['及以上', '培育省级以上企业技术中心20家及以上。', '>='],
    ['左右', '新增上市及过会企业10家左右。', '~'],
    ['约 before', '总产量约50万吨。', '~'],
    ['突破 before, behind 力争', '全市技术合同成交额力争突破700亿元。', '>'],
    ['超过 before', '外贸进出口超过3000亿元。', '>'],
    ['过 before', '中欧班列开行量过800列。', '>'],
    ['余 inside the span', '发动6200余名服务企业专员。', '>'],
    ['多 inside the span', '建成100多个口袋公园。', '>'],
    ['万余', '新增城镇就业2万余人。', '>'],
    ['不超过', '单位能耗增幅不超过2%。', '<='],
    ['以内', '城镇调查失业率控制在5.5%以内。', '<='],
    ['以下', '重大事故发生率控制在0.5%以下。', '<='],
    ['不低于', '优良天数比例不低于70%。', '>='],
    ['至少 (with 有)', '至少有2个区入选。', '>='],
    ['不少于', '开展招聘活动不少于100场次。', '>='],
    ['低于', '空气质量综合指数低于4.5%。', '<'],
    ['bare 达到 is =', '城市社区养老服务覆盖率达到100%。', '='],
    ['达到…以上 is >=', '数字经济占比达到48%以上。', '>='],
    ['none stated is =', '新建各类公园100处。', '='],
    ['签约 is not 约', '签约100个项目。', '='],
    ['通过 is not 过', '通过3家企业验收。', '='],
  ])('%s', (_, text, comparator) => {
    const got = extractTargets(text);
    expect(got).toHaveLength(1);
    expect(got[0]!.comparator).toBe(comparator);
  });
});

describe('extractTargets: coordinated targets', () => {
  it('two joined by 和, each with its own glued comparator', () => {
    expect(shapes('城乡居民人均可支配收入分别增长5.5%左右和5.5%以上。')).toEqual([
      ['5.5%左右', 5.5, '%', '~'],
      ['5.5%以上', 5.5, '%', '>='],
    ]);
  });

  it('two joined by 、 share the comparator word before the first', () => {
    expect(shapes('力争高新技术企业、科技型中小企业分别突破7300家、8000家。')).toEqual([
      ['7300家', 7300, '家', '>'],
      ['8000家', 8000, '家', '>'],
    ]);
  });

  it('分别 splits the indicators in order', () => {
    expect(extractTargets('力争高新技术企业、科技型中小企业分别突破7300家、8000家。').map((t) => t.indicator)).toEqual([
      '高新技术企业',
      '科技型中小企业',
    ]);
  });

  it('two different units joined by 、 under one 达到', () => {
    expect(shapes('年内客货吞吐量达到1300万人次、14.4万吨。')).toEqual([
      ['1300万人次', 13000000, '人次', '='],
      ['14.4万吨', 144000, '吨', '='],
    ]);
  });

  it('a comparator word is not shared across a clause break', () => {
    expect(shapes('软件业规模突破4500亿元，新增企业20家。').map((s) => s[3])).toEqual(['>', '=']);
  });
});

describe('extractTargets: qualifier numbers are not targets', () => {
  it.each<[string, string, string[]]>([
    ['过…企业 then a count', '新培育营业收入过10亿元企业10家、过百亿元企业1家。', ['10家', '1家']],
    ['N亿级企业', '力争500亿级企业达到3家，100亿级企业达到17家。', ['3家', '17家']],
    ['N万吨级', '新建5000吨级泊位3个。', ['3个']],
    ['以上 before the noun', '新引进一批50亿元以上产业大项目。', []],
    ['以上的 before the noun, then a count', '实施总投资10亿元以上的重点项目120个。', ['120个']],
    ['a measure before a noun, then a count', '建成110千伏变电站5座。', ['5座']],
    ['年产 before the noun', '建设年产10万吨氢能项目。', []],
    ['a duration naming a place', '打造15分钟健身圈。', []],
    ['千亿级 after a count keeps the count', '培育2条千亿级、13条百亿级产业链。', ['2条', '13条']],
    ['a measure with 的 before a noun, then a count', '县域经济总量达到1000亿元的县2个。', ['2个']],
    ['总投资 before the noun', '总投资120亿元的化工项目开工建设。', []],
    ['时速 before the noun', '建设时速350公里高铁。', []],
    ['以上的 before the noun, the share is the target', '集体经济收入10万元以上的村占比达到80%。', ['80%']],
  ])('%s', (_, text, spans) => {
    expect(extractTargets(text).map((t) => t.span)).toEqual(spans);
  });

  it('a count before its noun is a target (the noun is what is counted)', () => {
    expect(extractTargets('新建8个泉城书房。')).toMatchObject([{ span: '8个', value: 8, indicator: '新建泉城书房' }]);
  });

  it('an amount followed by 大关, 水平 or 台阶 is still a target', () => {
    expect(shapes('粮食总产量稳定在295万吨水平，进出口突破1000亿元大关，总量迈上5000亿元台阶。')).toEqual([
      ['295万吨', 2950000, '吨', '='],
      ['1000亿元', 100000000000, '元', '>'],
      ['5000亿元', 500000000000, '元', '='],
    ]);
  });

  it('a duration with 内 is an upper bound', () => {
    expect(shapes('办理时间压缩至3个工作日内。')).toEqual([['3个工作日内', 3, '个工作日', '<=']]);
  });
});

describe('extractTargets: numbers that are not amounts', () => {
  it.each<[string, string]>([
    ['years', '办好2023中国科创金融论坛，推进2024年重点工作。'],
    ['dates', '12月31日前完成，6月底前启动。'],
    ['ordinals', '争创第1批试点，推进4号线建设，开展第3届活动。'],
    ['names in quotes', '加速培育“6+4+2”重点产业，聚焦“3510”发展目标，深化“5个1”机制。'],
    ['title marks', '落实《2023年10项重点任务》要求。'],
    ['plan lengths', '实施加快建设工业强市三年行动，制定3年行动计划。'],
    ['Chinese numerals', '坚决做到“两个维护”，建立三项机制，培育四大主导产业。'],
    ['Latin-bound numbers', '建设5G基站，PM2.5浓度下降，举办G20峰会。'],
    ['codes and versions', '开通12345热线，建设工业4.0示范区，推广1+N模式。'],
    ['ranks', '进入全国前10名。'],
    ['N大 names', '发起提质增效12大行动。'],
  ])('%s', (_, text) => {
    expect(extractTargets(text)).toEqual([]);
  });
});

describe('extractTargets: indicators', () => {
  it.each<[string, string[]]>([
    ['全市技术合同成交额力争突破700亿元。', ['全市技术合同成交额']],
    ['粮食总产量稳定在295万吨水平。', ['粮食总产量']],
    ['年内改造老旧小区9.9万户。', ['改造老旧小区']],
    ['2023年底前完成100个村庄规划编制。', ['完成村庄规划编制']],
    ['到2025年全市新增市场主体8万户以上。', ['全市新增市场主体']],
    ['办理时间压缩至3个工作日内。', ['办理时间']],
    ['全力推进黄河流域、济南黄河大桥复线桥等6条跨河通道建设。', ['跨河通道建设']],
    ['加快405个省、市级重点项目建设。', ['省、市级重点项目建设']],
    ['创建绿色工厂30家以上、无废工业园区1个。', ['创建绿色工厂', '无废工业园区']],
    ['新增光伏装机50万千瓦、风电装机30万千瓦。', ['新增光伏装机', '风电装机']],
    ['年内客货吞吐量达到1300万人次、14.4万吨。', ['客货吞吐量', '客货吞吐量']],
  ])('%s', (text, indicators) => {
    expect(extractTargets(text).map((t) => t.indicator)).toEqual(indicators);
  });
});

describe('extractTargets: characters and offsets', () => {
  it('reads full-width digits, point and percent; the span stays as written', () => {
    expect(shapes('新增１０００家企业，增长５．５％以上。')).toEqual([
      ['１０００家', 1000, '家', '='],
      ['５．５％以上', 5.5, '%', '>='],
    ]);
  });

  it('counts offsets in code points, past an astral character', () => {
    const text = '𠀀村新增𠀁企业30家，增长5%。';
    const got = extractTargets(text);
    expect(got.map((t) => [t.span, t.start, t.end])).toEqual([
      ['30家', 7, 10],
      ['5%', 13, 15],
    ]);
    expectWellPlaced(text, got);
  });

  it('gives the right occurrence when a span occurs twice', () => {
    const text = '引进培育总部企业10家，新增上市企业10家。';
    const got = extractTargets(text);
    expect(got.map((t) => t.start)).toEqual([8, 18]);
    expectWellPlaced(text, got);
  });

  it('does not read a unit out of a word that starts with it (人口 is not 人, 家庭 not 家)', () => {
    expect(shapes('服务100万人口。')).toEqual([['100万', 1000000, '', '=']]);
    expect(shapes('走访3家庭。')).toEqual([]);
  });

  it('finds nothing in a text without digits', () => {
    expect(extractTargets('持续打造一流营商环境，纵深推进改革。')).toEqual([]);
  });

  it('a quote left open does not hide the next sentence', () => {
    expect(extractTargets('实施“强省会行动。新增企业10家。').map((t) => t.span)).toEqual(['10家']);
  });
});

describe('extractTargets: invariants on generated texts', () => {
  const piece = fc.oneof(
    fc.constantFrom('新增', '建成', '企业', '项目', '增长', '达到', '突破', '力争', '、', '和', '，', '。', '“', '”', '第', '年', '月', '级', '𠀀', 'G', '的'),
    fc.constantFrom('以上', '左右', '以内', '余', '万', '亿', '千', '家', '个', '%', '亩', '万平方米', '人次', '公里', '．', '.', ','),
    fc.integer({ min: 0, max: 99999 }).map(String),
    fc.tuple(fc.integer({ min: 0, max: 999 }), fc.integer({ min: 0, max: 99 })).map(([a, b]) => `${a}.${b}`),
    fc.integer({ min: 0, max: 999 }).map((n) => String(n).replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)))),
  );
  const textArb = fc.array(piece, { maxLength: 40 }).map((parts) => parts.join(''));

  it('every target is located by code points, in order, without overlap, and its value is what its span says', () => {
    fc.assert(
      fc.property(textArb, (text) => {
        const got = extractTargets(text);
        expectWellPlaced(text, got);
        for (const t of got) {
          expect(readSpanValue(t.span)).toBe(t.value);
          expect(Number.isFinite(t.value)).toBe(true);
        }
        expect(extractTargets(text)).toEqual(got);
      }),
      { seed: 20230615, numRuns: 2000 },
    );
  });
});
