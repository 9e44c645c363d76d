import type { CommitmentRecord } from '../schemas/release.ts';
import type { SafeHtml } from './escape.ts';
import { labelBoth, labelZh, type CommitmentFieldKey } from '../schemas/fields.ts';
import { deadlineKindOf } from './labels.ts';
import { PAGE } from './paths.ts';
import { targetMarkedView } from './targets-view.ts';
import { el, renderViewHtml, type ViewNode } from './view-tree.ts';

/** What the search table knows of a commitment's past (search covers every version). */
export interface RecordPast {
  /** The release that withdrew it, or null while it is current. */
  readonly withdrawnIn: string | null;
  /** Officials once responsible and no longer listed, with the release that dropped each. */
  readonly formerNames: ReadonlyArray<{ readonly name: string; readonly since: string }>;
  /** Its earlier texts, each once (the current text apart). */
  readonly formerTexts: readonly string[];
}

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
  /** Gives each row the anchor of its change (change-<id>), on pages that list changes. */
  readonly rowAnchors?: boolean;
  /** Shows each record's basis (依据) under its text. */
  readonly showBasis?: boolean;
  /** Links each responsible official to their page. */
  readonly linkNames?: boolean;
  /** The past of each record by id, for the search table: withdrawal, former officials, earlier texts. */
  readonly past?: ReadonlyMap<string, RecordPast>;
}

/** Names joined with 、, each kept on one line (a name never breaks in the middle); linked to their pages when a city and root are given. */
export function namesView(names: readonly string[], link?: { readonly root: string; readonly cityCode: string }): ViewNode {
  return names.map((n, i) => [i > 0 && '、', link ? el('a', { class: 'name', href: `${link.root}${PAGE.official(link.cityCode, n)}` }, n) : el('span', { class: 'name' }, n)]);
}

/** namesView as HTML. */
export function renderNames(names: readonly string[], link?: { readonly root: string; readonly cityCode: string }): SafeHtml {
  return renderViewHtml(namesView(names, link));
}

function recordRow(r: CommitmentRecord, o: RecordTableOptions): ViewNode {
  const past = o.past?.get(r.id);
  const names = [...r.responsible, ...(past?.formerNames.map((f) => f.name) ?? [])];
  const search = o.searchable
    ? {
        'data-year': r.year,
        'data-city': r.cityCode,
        'data-kind': deadlineKindOf(r),
        'data-names': names.join('\n'),
        // Current is what the script assumes; only a withdrawn row says so.
        'data-status': past?.withdrawnIn ? 'withdrawn' : undefined,
        'data-former': past && past.formerTexts.length > 0 ? past.formerTexts.join('\n') : undefined,
      }
    : {};
  const text = targetMarkedView(r.text, r.targets);
  return el(
    'tr',
    { id: o.rowAnchors ? `change-${r.id}` : undefined, ...search },
    o.showCity && el('td', { 'data-label': labelZh('city'), class: 'city' }, el('a', { href: `${o.root}${PAGE.city(r.cityCode)}` }, r.city), ' ', r.year),
    el('td', { 'data-label': labelZh('seq'), class: 'seq' }, r.seq),
    el('td', { class: 'text' }, o.withdrawn || past?.withdrawnIn ? el('s', {}, text) : text),
    el('td', { 'data-label': labelZh('deadline'), class: 'deadline' }, r.deadline),
    el(
      'td',
      { 'data-label': labelZh('responsible'), class: 'responsible' },
      namesView(r.responsible, o.linkNames ? { root: o.root, cityCode: r.cityCode } : undefined),
      past &&
        past.formerNames.length > 0 &&
        el('span', { class: 'former' }, '原责任人：', past.formerNames.map((f, i) => [i > 0 && '、', f.name, `（v${f.since} 起不再列出）`])),
    ),
    el(
      'td',
      { 'data-label': labelZh('id'), class: 'id' },
      el('a', { href: `${o.root}${PAGE.commitment(r.id)}` }, r.id),
      past?.withdrawnIn && [' ', el('span', { class: 'tag removed status-tag' }, `已撤回 v${past.withdrawnIn}`)],
      past && past.formerTexts.length > 0 && [' ', el('span', { class: 'tag former-hit', hidden: 'hidden' }, '匹配早先版本的文本')],
    ),
    o.showBasis && r.basis ? el('td', { 'data-label': labelZh('basis'), class: 'basis' }, r.basis) : o.showBasis ? el('td', { class: 'basis' }) : null,
  );
}

/** The columns, labelled as the field registry names them. */
const COLUMNS: readonly CommitmentFieldKey[] = ['seq', 'text', 'deadline', 'responsible', 'id'];

/**
 * Commitments as a table (序号, 承诺事项, 完成时间, 责任人, 编号) with column headers; on a
 * phone each row becomes a card whose cells are labelled from data-label. The targets of
 * each text are marked.
 */
export function recordTableView(records: readonly CommitmentRecord[], o: RecordTableOptions): ViewNode {
  const showBasis = o.showBasis === true && records.some((r) => r.basis);
  const columns: readonly CommitmentFieldKey[] = [...(o.showCity ? (['city'] as const) : []), ...COLUMNS, ...(showBasis ? (['basis'] as const) : [])];
  const options = { ...o, showBasis };
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
      el('tbody', {}, '\n', records.map((r) => [recordRow(r, options), '\n'])),
      '\n',
    ),
  );
}

/** recordTableView as HTML. */
export function renderRecordTable(records: readonly CommitmentRecord[], o: RecordTableOptions): SafeHtml {
  return renderViewHtml(recordTableView(records, o));
}
