import { findCityByName, type City } from '../domain/cities.ts';
import type { Contact } from '../schemas/seed.ts';

/** One table row of the article. */
export interface ArticleCommitment {
  readonly seq: number;
  readonly text: string;
  readonly deadline: string;
  readonly responsible: string[];
  /** 1-based line in the article. */
  readonly line: number;
}

/** One city's block of rows, closed (complete) by its 联系人 / 办公电话 line. */
export interface ArticleCity {
  readonly city: City;
  readonly complete: boolean;
  readonly contact: Contact | null;
  readonly commitments: ArticleCommitment[];
  readonly line: number;
}

export interface ArticleProblem {
  readonly line: number;
  readonly message: string;
}

export interface ParsedArticle {
  readonly title: string | null;
  /** The year from the title (2023年…), if any. */
  readonly year: number | null;
  readonly intro: string | null;
  /** Publisher recognised from the page furniture (大众日报…), if any. */
  readonly publisher: string | null;
  readonly cities: ArticleCity[];
  /** Lines that could not be read; an article with problems must not be imported. */
  readonly problems: ArticleProblem[];
}

// Spaces of every width, including the ideographic space and no-break space.
const SPACE = '[\\s\\u3000\\u00a0]';
const trimAll = (s: string): string => s.replace(new RegExp(`^${SPACE}+|${SPACE}+$`, 'g'), '');
const CONTACT = new RegExp(
  `^联系人${SPACE}*[:：]${SPACE}*(.+?)${SPACE}*(?:办公电话|联系电话|电话)${SPACE}*[:：]${SPACE}*(.+?)${SPACE}*$`,
);
const TITLE = /^(\d{4})年.{0,40}(?:承诺事项|承诺)$/;
const PUBLISHER = /^(?:客户端)?(\S{2,8}(?:日报|晚报|新闻|报))$/;
const BULLET = /^[■□●▲◆★]\s*/;
const NAME_SEPARATORS = new RegExp(`(?:${SPACE}|[、，,;；])+`);

const HEADER_ALIASES: Record<'unit' | 'seq' | 'text' | 'deadline' | 'responsible', string[]> = {
  unit: ['单位', '城市', '地市', '市'],
  seq: ['序号'],
  text: ['承诺事项', '事项', '重点工作任务'],
  deadline: ['完成时间', '完成时限', '时限'],
  responsible: ['责任人', '责任领导'],
};
type Columns = Record<keyof typeof HEADER_ALIASES, number>;

function readHeader(cells: string[]): Columns | null {
  const find = (names: string[]): number => cells.findIndex((c) => names.includes(c));
  const cols = {
    unit: find(HEADER_ALIASES.unit),
    seq: find(HEADER_ALIASES.seq),
    text: find(HEADER_ALIASES.text),
    deadline: find(HEADER_ALIASES.deadline),
    responsible: find(HEADER_ALIASES.responsible),
  };
  return Object.values(cols).every((i) => i >= 0) ? cols : null;
}

/** Reads a sequence number written with ASCII or full-width digits. */
function readSeq(cell: string): number | null {
  const ascii = cell.normalize('NFKC');
  return /^\d{1,5}$/.test(ascii) ? Number(ascii) : null;
}

/**
 * Parses the published article: page furniture, intro and title, then a tab-separated
 * table where the city name appears only on a city's first row and a
 * `联系人: … 办公电话: …` line closes each city. Tolerates BOM, CRLF, blank lines,
 * full-width colons and spaces and trailing tabs; every line it cannot read is reported.
 */
export function parseArticle(raw: string): ParsedArticle {
  const lines = raw.replace(/^\ufeff/, '').split(/\r\n|\r|\n/).map((l) => l.normalize('NFC'));
  const problems: ArticleProblem[] = [];
  const cities: ArticleCity[] = [];
  let title: string | null = null;
  let publisher: string | null = null;
  const introLines: string[] = [];
  let columns: Columns | null = null;

  type Open = { city: City; line: number; commitments: ArticleCommitment[] };
  let open: Open | null = null;
  const closed = new Set<string>();
  const close = (contact: Contact | null): void => {
    if (!open) return;
    cities.push({ city: open.city, complete: contact !== null, contact, commitments: open.commitments, line: open.line });
    closed.add(open.city.name);
    open = null;
  };

  lines.forEach((rawLine, index) => {
    const lineNo = index + 1;
    const line = trimAll(rawLine.replace(/\t+$/, ''));
    if (line === '') return;
    const cells = rawLine.split('\t').map(trimAll);
    while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();

    if (!columns) {
      const header = readHeader(cells);
      if (header) {
        columns = header;
        return;
      }
      if (title === null && TITLE.test(line)) {
        title = line;
        return;
      }
      const furniture = PUBLISHER.exec(line);
      if (furniture) {
        publisher ??= furniture[1]!;
        return;
      }
      if (line.length <= 12 && !/[。，；]/.test(line)) return; // page furniture: 客户端, 微信…
      introLines.push(line.replace(BULLET, ''));
      return;
    }

    if (readHeader(cells)) return; // header repeated after a page break
    const contact = CONTACT.exec(cells.join(' ').trim());
    if (contact) {
      if (!open) problems.push({ line: lineNo, message: 'contact line (联系人) without a city above it' });
      close({ name: trimAll(contact[1]!), phone: trimAll(contact[2]!) });
      return;
    }
    if (/^联系人/.test(line)) {
      problems.push({ line: lineNo, message: 'contact line not understood: expected "联系人: <name> 办公电话: <phone>"' });
      return;
    }
    const cols: Columns = columns;
    const needed = Math.max(cols.seq, cols.text, cols.deadline, cols.responsible) + 1;
    // Trailing empty cells were trimmed: a row that reaches the text column is padded, so
    // a missing deadline or responsible is reported by name below.
    if (cells.length > cols.text) while (cells.length < needed) cells.push('');
    if (cells.length < needed) {
      problems.push({
        line: lineNo,
        message: `expected ${needed} tab-separated columns (单位, 序号, 承诺事项, 完成时间, 责任人), found ${cells.length}: "${line.slice(0, 30)}${line.length > 30 ? '…' : ''}"`,
      });
      return;
    }
    if (cells.length > Math.max(needed, Object.keys(cols).length)) {
      problems.push({ line: lineNo, message: `expected ${needed} columns, found ${cells.length} (is there a tab inside the text?)` });
      return;
    }
    const unit = cells[cols.unit] ?? '';
    if (unit !== '') {
      const city = findCityByName(unit);
      if (!city) {
        problems.push({ line: lineNo, message: `"${unit}" is not one of the 16 cities of Shandong` });
        return;
      }
      const current = open as Open | null;
      if (!current || current.city.name !== city.name) {
        if (closed.has(city.name)) {
          problems.push({ line: lineNo, message: `${city.name} appears again after its contact line` });
          return;
        }
        close(null);
        open = { city, line: lineNo, commitments: [] };
      }
    }
    const current = open as Open | null;
    if (!current) {
      problems.push({ line: lineNo, message: 'row without a city: the first row of a city must name it (单位)' });
      return;
    }
    const seq = readSeq(cells[cols.seq] ?? '');
    const text = cells[cols.text] ?? '';
    const deadline = cells[cols.deadline] ?? '';
    const responsible = (cells[cols.responsible] ?? '').split(NAME_SEPARATORS).filter((n) => n !== '');
    const missing = [
      seq === null ? `序号 (found "${cells[cols.seq] ?? ''}")` : '',
      text === '' ? '承诺事项' : '',
      deadline === '' ? '完成时间' : '',
      responsible.length === 0 ? '责任人' : '',
    ].filter(Boolean);
    if (missing.length > 0) {
      problems.push({ line: lineNo, message: `row of ${current.city.name} lacks ${missing.join(', ')}` });
      return;
    }
    current.commitments.push({ seq: seq!, text, deadline, responsible, line: lineNo });
  });
  close(null);
  if (!columns) {
    problems.push({ line: lines.length, message: 'no table header found (a tab-separated line with 单位, 序号, 承诺事项, 完成时间, 责任人)' });
  }
  const year = title ? Number(TITLE.exec(title)![1]) : null;
  const intro = introLines.length > 0 ? introLines.join('\n') : null;
  return { title, year, intro, publisher, cities, problems };
}
