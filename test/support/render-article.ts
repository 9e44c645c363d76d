/**
 * Renders seeds back into the source article format the importer reads
 * (seeds/sources/2023-dazhong-ribao.txt, pipeline/import/parse-article.ts):
 *
 *   (blank lines)
 *   大众日报                       ← page furniture: the publisher
 *   客户端大众日报
 *   微信
 *   ■ <intro paragraph>
 *   <year>年16市重点工作任务公开承诺事项   ← the title
 *   单位⇥序号⇥承诺事项⇥完成时间⇥责任人     ← the table header
 *   济南市⇥1⇥<text>⇥<deadline>⇥刘强 于海田   ← the city name on its first row only
 *   ⇥2⇥<text>⇥<deadline>⇥刘强
 *   联系人: 权娜 办公电话: 0531-5170706⇥⇥⇥⇥   ← closes the city
 *   青岛市⇥1⇥…
 *
 * A seed with `complete: false` is rendered as the article's cut-off end: its rows and no
 * contact line (so it must be the last city).
 */
import type { Seed } from '../../pipeline/schemas/seed.ts';

export interface ArticleStyle {
  /** Line ending: the real article uses \n; \r\n must read the same. */
  readonly eol?: '\n' | '\r\n';
  /** The contact line's colons: "联系人: 权娜 办公电话: …" (real) or full-width "联系人：权娜　办公电话：…". */
  readonly fullWidthContact?: boolean;
  /** Tabs after the contact line, as the real article has (four). */
  readonly contactTrailingTabs?: number;
  /** A UTF-8 BOM at the start. */
  readonly bom?: boolean;
  /** Cities named without 市 (济南 for 济南市), as some tables do. */
  readonly shortCityNames?: boolean;
  /** Between the names of the responsible officials: a space (real), 、 or ，. */
  readonly nameSeparator?: ' ' | '、' | '，';
  /** 序号 in full-width digits (１２). */
  readonly fullWidthSeq?: boolean;
  /** The header's words: the real ones, or the aliases the importer also knows. */
  readonly header?: 'real' | 'aliases';
  /** Repeat the header (a page break) before every n-th row; 0 never. */
  readonly repeatHeaderEvery?: number;
  /** A blank line after every row. */
  readonly blankLines?: boolean;
  /** A line ending after the last line (the real, cut-off article has none). */
  readonly finalEol?: boolean;
}

export interface Article {
  readonly title: string;
  readonly publisher: string;
  /** The intro, or null for none; each line of it is rendered as a paragraph of its own ("■ …"). */
  readonly intro: string | null;
  readonly cities: readonly Seed[];
}

/** The text of an article holding these cities, in this order. */
export function renderArticle(article: Article, style: ArticleStyle = {}): string {
  const {
    eol = '\n',
    fullWidthContact = false,
    contactTrailingTabs = 4,
    bom = false,
    shortCityNames = false,
    nameSeparator = ' ',
    fullWidthSeq = false,
    header = 'real',
    repeatHeaderEvery = 0,
    blankLines = false,
    finalEol = true,
  } = style;
  const headerLine = (header === 'real' ? ['单位', '序号', '承诺事项', '完成时间', '责任人'] : ['城市', '序号', '重点工作任务', '完成时限', '责任领导']).join('\t');
  const lines: string[] = ['', '', article.publisher, `客户端${article.publisher}`, '微信', ''];
  for (const paragraph of article.intro?.split('\n') ?? []) lines.push(`■ ${paragraph}`, '');
  lines.push(article.title, '', headerLine);
  let rows = 0;
  article.cities.forEach((seed, index) => {
    if (!seed.complete && index !== article.cities.length - 1) {
      throw new Error(`${seed.city} is cut off (complete: false) but is not the last city of the article`);
    }
    if (seed.commitments.length === 0) throw new Error(`${seed.city} has no commitments: a city appears in the article through its rows`);
    [...seed.commitments]
      .sort((a, b) => a.seq - b.seq)
      .forEach((c, row) => {
        for (const cell of [c.text, c.deadline, ...c.responsible]) {
          if (/[\t\r\n]/.test(cell)) throw new Error(`a cell holds a tab or line break: ${JSON.stringify(cell)}`);
        }
        const name = shortCityNames ? seed.city.replace(/市$/, '') : seed.city;
        const seq = fullWidthSeq ? String(c.seq).replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0)) : String(c.seq);
        if (repeatHeaderEvery > 0 && rows > 0 && rows % repeatHeaderEvery === 0) lines.push(headerLine);
        lines.push([row === 0 ? name : '', seq, c.text, c.deadline, c.responsible.join(nameSeparator)].join('\t'));
        if (blankLines) lines.push('');
        rows++;
      });
    if (seed.complete) {
      if (!seed.contact) throw new Error(`${seed.city} is complete but has no contact`);
      const contact = fullWidthContact
        ? `联系人：${seed.contact.name}\u3000办公电话：${seed.contact.phone}`
        : `联系人: ${seed.contact.name} 办公电话: ${seed.contact.phone}`;
      lines.push(contact + '\t'.repeat(contactTrailingTabs));
    }
  });
  return (bom ? '\ufeff' : '') + lines.join(eol) + (finalEol ? eol : '');
}
