/**
 * Synthetic commitment text (承诺事项) for the benchmark: a character and phrase mix like the
 * real seeds — policy verbs, topics, place names, numeric targets with units and percentages,
 * Chinese quotes and enumeration commas — in sentences of about 60–220 characters (the 2023
 * seeds run 67–219, median ~115). Half of the clauses are real clauses cut from the seed
 * article with their numbers redrawn, half come from templates with random place names,
 * so distinct commitments score like distinct real ones against each other.
 */

/** A small, fast, seeded PRNG (mulberry32): the same seed gives the same dataset. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

const VERBS = [
  '深入推进', '加快建设', '持续提升', '全面实施', '大力发展', '积极推动', '高标准推进', '着力打造', '扎实开展', '统筹推进',
  '加快推进', '持续深化', '全力打造', '有序实施', '稳步推进', '纵深推进', '大力实施', '积极开展', '加快培育', '全面加强',
];
const TOPICS = [
  '数字经济', '乡村振兴', '城市更新', '生态保护', '营商环境', '科技创新', '先进制造业', '现代服务业', '文化旅游', '医疗卫生',
  '基础教育', '养老服务', '交通基础设施', '黄河流域', '海洋经济', '新能源', '绿色低碳', '安全生产', '基层治理', '对外开放',
  '现代农业', '港口物流', '跨境电商', '智能制造', '工业互联网', '新型储能', '氢能产业', '文物保护', '全民健身', '住房保障',
];
const NOUNS = [
  '示范区', '产业园', '重点项目', '行动计划', '服务体系', '创新平台', '综合体', '试点工程', '产业集群', '标准体系',
  '服务中心', '孵化基地', '产业链', '实验室', '公共服务平台', '改革试点', '样板工程', '保障机制', '监测网络', '专项行动',
];
const UNITS = ['家', '个', '处', '所', '项', '万户', '万平方米', '公里', '万亩', '亿元', '万人', '套', '座', '条'];
const PLACE_CHARS =
  '东西南北中青黄泰沂蒙汶泗胶莱潍淄博鲁齐华龙凤金银玉明阳光兴安康宁平和新城港湾湖山河海岛泉石桥林园春秋'.split('');
const PLACE_SUFFIX = ['湖', '山', '河', '湾', '港', '新区', '片区', '街道', '镇', '路', '大道', '岛'];
const FACILITIES = ['大桥', '水厂', '体育中心', '医院新院', '物流园', '科学城', '会展中心', '污水处理厂', '高铁站', '文化中心'];
const SLOGAN_CHARS = '强新优美实融通创惠稳安绿智数链群'.split('');
const ENDINGS = ['。', '。', '。', '，确保按期完成。', '，取得阶段性成效。'];

function number(rng: Rng): string {
  const r = rng.next();
  if (r < 0.55) return String(rng.int(2, 99));
  if (r < 0.85) return String(rng.int(100, 9999));
  return `${rng.int(1, 99)}.${rng.int(1, 9)}`;
}

function place(rng: Rng): string {
  return `${rng.pick(PLACE_CHARS)}${rng.pick(PLACE_CHARS)}${rng.pick(PLACE_SUFFIX)}`;
}

function templateClause(rng: Rng): string {
  switch (rng.int(0, 9)) {
    case 0:
      return `${rng.pick(VERBS)}${rng.pick(TOPICS)}${rng.pick(NOUNS)}建设`;
    case 1:
      return `新增${rng.pick(TOPICS)}${rng.pick(NOUNS)}${number(rng)}${rng.pick(UNITS)}`;
    case 2:
      return `${rng.pick(TOPICS)}增加值增长${rng.int(3, 15)}.${rng.int(0, 9)}%以上`;
    case 3:
      return `建成${place(rng)}${rng.pick(FACILITIES)}等${rng.int(2, 30)}个项目`;
    case 4:
      return `开工建设${place(rng)}至${place(rng)}高速公路`;
    case 5:
      return `实施“${rng.pick(SLOGAN_CHARS)}${rng.pick(SLOGAN_CHARS)}${rng.pick(TOPICS)}”${rng.pick(NOUNS)}`;
    case 6:
      return `年内完成${rng.pick(TOPICS)}改造${number(rng)}${rng.pick(UNITS)}`;
    case 7:
      return `${rng.pick(TOPICS)}占比达到${rng.int(10, 95)}%`;
    case 8:
      return `推动${place(rng)}、${place(rng)}、${place(rng)}等${rng.pick(NOUNS)}提质增效`;
    default:
      return `${rng.pick(VERBS)}${place(rng)}${rng.pick(FACILITIES)}(${rng.pick(['一', '二', '三'])}期)项目`;
  }
}

/** Clauses of the real seed texts (split at ，。；), the raw material for half of every text. */
export function clausesOf(texts: readonly string[]): string[] {
  const out = new Set<string>();
  for (const t of texts) for (const c of t.split(/[，。；]/)) if (c.trim().length >= 4) out.add(c.trim());
  return [...out];
}

/** A real clause with each number redrawn, so repeats of one clause still differ. */
function realClause(rng: Rng, clauses: readonly string[]): string {
  return rng.pick(clauses).replace(/\d+(?:\.\d+)?/g, () => number(rng));
}

/** A target length with the seeds' shape: 60–220, median about 120. */
function targetLength(rng: Rng): number {
  const u = (rng.next() + rng.next()) / 2;
  return 60 + Math.floor(160 * u ** 1.3);
}

/** One commitment text. */
export function makeText(rng: Rng, clauses: readonly string[]): string {
  const target = targetLength(rng);
  let text = '';
  while (text.length < target - 8) {
    const clause = clauses.length > 0 && rng.chance(0.5) ? realClause(rng, clauses) : templateClause(rng);
    if (text.length > 0 && text.length + clause.length > 225) break;
    text += (text.length === 0 ? '' : rng.chance(0.12) ? '；' : '，') + clause;
  }
  return text + rng.pick(ENDINGS);
}

/** Short phrases an editor inserts into an existing text ("a phrase inserted"). */
export const INSERTS = ['，确保按期完成', '高标准', '，持续巩固提升', '和数字化转型', '（含续建项目）', '，力争提前完成', '全面', '，形成可复制经验'];

/** A responsible official's or contact's name: 2–3 Han characters (matches the validator's NAME). */
export function personName(rng: Rng): string {
  const surnames = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎'.split('');
  const given = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏斌宏志海田峰阳光忠龙成保岭茂祯庆虎'.split('');
  return `${rng.pick(surnames)}${rng.pick(given)}${rng.chance(0.6) ? rng.pick(given) : ''}`;
}

/** Deadline phrases with the real seeds' frequencies (all understood by parseDeadline). */
export function deadlinePhrase(rng: Rng): string {
  const r = rng.next();
  if (r < 0.6) return '长期坚持，12月底前取得阶段性成效';
  if (r < 0.72) return '12月底前';
  if (r < 0.8) return '长期坚持';
  if (r < 0.87) return '12月底前完成年度目标任务并持续推进';
  if (r < 0.91) return '长期坚持，12月底前取得阶段性成效并持续推进';
  if (r < 0.95) return '6月底前';
  if (r < 0.98) return '9月30日前';
  return '年底前';
}
