import type { CommitmentRecord } from '../schemas/release.ts';
import type { SafeHtml } from './escape.ts';
import { labelBoth, labelZh, type CommitmentFieldKey } from '../schemas/fields.ts';
import { deadlineKindOf } from './labels.ts';
import { PAGE } from './paths.ts';
import { el, renderViewHtml, type ViewNode } from './view-tree.ts';

export interface RecordTableOptions {
  /** Prefix back to the site root from the page the table is on. */
  readonly root: string;
  /** Accessible caption (visible unless `hideCaption`). */
  readonly caption: string;
  readonly hideCaption?: boolean;
  /** Adds a 城市 column (tables that mix cities). */
  readonly showCity?: boolean;
  /** Adds data-* attributes the search script filters on. */
  readonly searchable?: boolean;
  readonly id?: string;
  /** Strikes the text through (withdrawn commitments). */
  readonly withdrawn?: boolean;
}

/** Names joined with 、, each kept on one line (a name never breaks in the middle). */
export function namesView(names: readonly string[]): ViewNode {
  return names.map((n, i) => [i > 0 && '、', el('span', { class: 'name' }, n)]);
}

/** namesView as HTML. */
export function renderNames(names: readonly string[]): SafeHtml {
  return renderViewHtml(namesView(names));
}

function recordRow(r: CommitmentRecord, o: RecordTableOptions): ViewNode {
  const search = o.searchable ? { 'data-year': r.year, 'data-city': r.cityCode, 'data-kind': deadlineKindOf(r), 'data-names': r.responsible.join('\n') } : {};
  return el(
    'tr',
    search,
    o.showCity && el('td', { 'data-label': labelZh('city'), class: 'city' }, el('a', { href: `${o.root}${PAGE.city(r.cityCode)}` }, r.city), ' ', r.year),
    el('td', { 'data-label': labelZh('seq'), class: 'seq' }, r.seq),
    el('td', { class: 'text' }, o.withdrawn ? el('s', {}, r.text) : r.text),
    el('td', { 'data-label': labelZh('deadline'), class: 'deadline' }, r.deadline),
    el('td', { 'data-label': labelZh('responsible'), class: 'responsible' }, namesView(r.responsible)),
    el('td', { 'data-label': labelZh('id'), class: 'id' }, el('a', { href: `${o.root}${PAGE.commitment(r.id)}` }, r.id)),
  );
}

/** The columns, labelled as the field registry names them. */
const COLUMNS: readonly CommitmentFieldKey[] = ['seq', 'text', 'deadline', 'responsible', 'id'];

/**
 * Commitments as a table (序号, 承诺事项, 完成时间, 责任人, 编号) with column headers; on a
 * phone each row becomes a card whose cells are labelled from data-label.
 */
export function recordTableView(records: readonly CommitmentRecord[], o: RecordTableOptions): ViewNode {
  const columns: readonly CommitmentFieldKey[] = o.showCity ? ['city', ...COLUMNS] : COLUMNS;
  return el(
    'div',
    { class: 'table-wrap' },
    el(
      'table',
      { class: 'records', id: o.id },
      '\n',
      el('caption', o.hideCaption ? { class: 'sr-only' } : {}, o.caption),
      '\n',
      el('thead', {}, el('tr', {}, columns.map((c) => el('th', { scope: 'col' }, labelBoth(c))))),
      '\n',
      el('tbody', {}, '\n', records.map((r) => [recordRow(r, o), '\n'])),
      '\n',
    ),
  );
}

/** recordTableView as HTML. */
export function renderRecordTable(records: readonly CommitmentRecord[], o: RecordTableOptions): SafeHtml {
  return renderViewHtml(recordTableView(records, o));
}
