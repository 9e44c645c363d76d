import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parseArticle } from '../../pipeline/import/parse-article.ts';
import { ARTICLE } from '../support/paths.ts';

const HEADER = '单位\t序号\t承诺事项\t完成时间\t责任人';
const rows = [
  '济南市\t1\t第一项承诺。\t12月底前\t刘强 于海田',
  '\t2\t第二项承诺。\t长期坚持\t王宏志',
  '联系人: 权娜 办公电话: 0531-5170706\t\t\t\t',
];
const table = (...lines: string[]): string => ['大众日报', '', '2024年16市重点工作任务公开承诺事项', '', HEADER, ...lines].join('\n');

describe('parseArticle on the real 2023 article', () => {
  it('reads 济南市 20, 青岛市 18 and the cut-off 淄博市 7, with contacts, title, intro and publisher', async () => {
    const parsed = parseArticle(await readFile(ARTICLE, 'utf8'));
    expect(parsed.problems).toEqual([]);
    expect(parsed.title).toBe('2023年16市重点工作任务公开承诺事项');
    expect(parsed.year).toBe(2023);
    expect(parsed.publisher).toBe('大众日报');
    expect(parsed.intro).toMatch(/^2023年是全面贯彻落实党的二十大精神开局之年。/);
    expect(parsed.intro).toMatch(/欢迎社会各界监督。$/);
    expect(parsed.cities.map((c) => [c.city.name, c.commitments.length, c.complete, c.contact])).toEqual([
      ['济南市', 20, true, { name: '权娜', phone: '0531-5170706' }],
      ['青岛市', 18, true, { name: '刘丽琴', phone: '0532-85911852' }],
      ['淄博市', 7, false, null],
    ]);
    for (const city of parsed.cities) expect(city.commitments.map((c) => c.seq)).toEqual(city.commitments.map((_, i) => i + 1));
    const first = parsed.cities[0]!.commitments[0]!;
    expect(first.line).toBe(12);
    expect(first.deadline).toBe('长期坚持');
    expect(first.responsible).toEqual(['刘强', '于海田', '杨峰', '陈阳', '杨光忠']);
    expect(first.text.startsWith('坚持不懈用习近平新时代中国特色社会主义思想凝心铸魂')).toBe(true);
  });

  it('keeps every character of the table cells: no text is invented or dropped', async () => {
    const raw = await readFile(ARTICLE, 'utf8');
    const parsed = parseArticle(raw);
    for (const city of parsed.cities) {
      for (const c of city.commitments) {
        const line = raw.split('\n')[c.line - 1]!;
        expect(line.split('\t')).toContain(c.text);
        expect(line.split('\t')).toContain(c.deadline);
      }
    }
  });
});

describe('parseArticle tolerates real copies of the table', () => {
  it('CRLF line ends, a BOM, blank lines and trailing tabs', () => {
    const parsed = parseArticle(`\ufeff${table(rows[0]!, '', `${rows[1]!}\t\t`, rows[2]!).replace(/\n/g, '\r\n')}\r\n\r\n`);
    expect(parsed.problems).toEqual([]);
    expect(parsed.cities).toHaveLength(1);
    expect(parsed.cities[0]!.commitments.map((c) => [c.seq, c.text, c.responsible])).toEqual([
      [1, '第一项承诺。', ['刘强', '于海田']],
      [2, '第二项承诺。', ['王宏志']],
    ]);
    expect(parsed.year).toBe(2024);
  });

  it('full-width colons and ideographic spaces in the contact line and between names', () => {
    const parsed = parseArticle(table('济南市\t1\t承诺。\t12月底前\t刘强\u3000于海田、王宏志', '联系人：权娜\u3000办公电话：0531-5170706'));
    expect(parsed.problems).toEqual([]);
    expect(parsed.cities[0]!.contact).toEqual({ name: '权娜', phone: '0531-5170706' });
    expect(parsed.cities[0]!.complete).toBe(true);
    expect(parsed.cities[0]!.commitments[0]!.responsible).toEqual(['刘强', '于海田', '王宏志']);
  });

  it('page furniture before the table (大众日报 / 客户端 / 微信) is not taken for the intro', () => {
    const parsed = parseArticle(['大众日报', '客户端大众日报', '微信', '', '■ 导语第一句。第二句，', '', '2024年16市重点工作任务公开承诺事项', HEADER, ...rows].join('\n'));
    expect(parsed.publisher).toBe('大众日报');
    expect(parsed.intro).toBe('导语第一句。第二句，');
    expect(parsed.cities[0]!.complete).toBe(true);
  });

  it('a header repeated after a page break and the city name repeated on a continuation row', () => {
    const parsed = parseArticle(table(rows[0]!, HEADER, `济南市\t2\t第二项承诺。\t长期坚持\t王宏志`, rows[2]!));
    expect(parsed.problems).toEqual([]);
    expect(parsed.cities[0]!.commitments).toHaveLength(2);
  });
});

describe('parseArticle reports what it cannot read, by line number, and never drops a row silently', () => {
  it.each([
    ['a line of prose inside the table', '（本报记者 张三 整理）', 8, /expected 5 tab-separated columns/],
    ['a sequence number that is not a number', '\t三\t承诺。\t12月底前\t刘强', 8, /序号/],
    ['a row without responsible officials', '\t3\t承诺。\t12月底前\t', 8, /row of 济南市 lacks 责任人/],
    ['a row without deadline and responsible', '\t3\t承诺。', 8, /lacks 完成时间, 责任人/],
    ['an unknown city', '北京市\t1\t承诺。\t12月底前\t刘强', 8, /"北京市" is not one of the 16 cities/],
    ['a contact line that is not understood', '联系人 权娜', 8, /contact line not understood/],
  ])('%s', (_name, bad, line, message) => {
    const parsed = parseArticle(table(rows[0]!, rows[1]!, bad, rows[2]!));
    expect(parsed.problems).toHaveLength(1);
    expect(parsed.problems[0]!.line).toBe(line);
    expect(parsed.problems[0]!.message).toMatch(message);
  });

  it('a continuation row before any city', () => {
    const parsed = parseArticle(table('\t1\t承诺。\t12月底前\t刘强'));
    expect(parsed.problems).toEqual([{ line: 6, message: expect.stringMatching(/row without a city/) }]);
  });

  it('an article without a table header', () => {
    const parsed = parseArticle('大众日报\n2023年16市重点工作任务公开承诺事项\n济南市 1 承诺 12月底前 刘强\n');
    expect(parsed.problems.map((p) => p.message)).toEqual([expect.stringMatching(/no table header/)]);
  });

  it('a city without its contact line is incomplete, and the next city still parses', () => {
    const parsed = parseArticle(table(rows[0]!, '青岛市\t1\t青岛承诺。\t12月底前\t陆治原', '联系人: 刘丽琴 办公电话: 0532-85911852'));
    expect(parsed.cities.map((c) => [c.city.name, c.complete])).toEqual([
      ['济南市', false],
      ['青岛市', true],
    ]);
  });
});
