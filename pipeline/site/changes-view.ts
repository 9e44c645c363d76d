/**
 * Lists of changes as the site shows them: on release pages, city and commitment
 * histories, and the compare page (pre-rendered here, and in the browser for any other
 * pair of versions, from the same views).
 */
import { cityKey } from '../domain/dataset.ts';
import type { Change, CityRecord, CommitmentRecord, FieldChange } from '../schemas/release.ts';
import { fieldChangeView } from './diff-html.ts';
import type { SafeHtml } from './escape.ts';
import { changeWords, isShownField, labelBoth, labelZh } from '../schemas/fields.ts';
import { truncate } from './labels.ts';
import { cityCodeOfChange } from './model.ts';
import { PAGE } from './paths.ts';
import { recordTableView } from './record-table.ts';
import { el, renderViewHtml, type ViewNode } from './view-tree.ts';

type ModifiedCommitment = Extract<Change, { type: 'modified'; scope: 'commitment' }>;
type CityChange = Extract<Change, { scope: 'city' }>;

/** The two sides a list of changes was computed between. */
export interface ChangeSides {
  readonly before: { readonly records: readonly CommitmentRecord[]; readonly cities: readonly CityRecord[] } | null;
  readonly after: { readonly records: readonly CommitmentRecord[]; readonly cities: readonly CityRecord[] };
}

/** What a modification is, in words: 改写, 重新编号, 责任人调整, 完成时间调整. */
export function modificationKinds(fields: Readonly<Record<string, FieldChange>>): string[] {
  return changeWords(Object.keys(fields)).map((w) => `${w.zh} ${w.en}`);
}

/** 第<del>3</del>项 → 第<ins>4</ins>项 */
function renumberingView(seq: FieldChange): ViewNode {
  return ['第', el('del', {}, String(seq.before)), '项 → 第', el('ins', {}, String(seq.after)), '项'];
}

/** The fields of a modification as a definition list, each with its character diff. */
export function fieldListView(fields: Readonly<Record<string, FieldChange>>): ViewNode {
  const shown = Object.entries(fields).filter(([name]) => isShownField(name));
  return el(
    'dl',
    { class: 'fields' },
    '\n',
    shown.map(([name, f]) => [el('div', {}, el('dt', {}, labelBoth(name)), el('dd', {}, name === 'seq' ? renumberingView(f) : fieldChangeView(name, f))), '\n']),
  );
}

/** fieldListView as HTML. */
export function renderFieldList(fields: Readonly<Record<string, FieldChange>>): SafeHtml {
  return renderViewHtml(fieldListView(fields));
}

function modifiedView(change: ModifiedCommitment, now: CommitmentRecord | undefined, root: string): ViewNode {
  return el(
    'article',
    { class: 'change modified', 'data-id': change.id },
    '\n',
    el(
      'p',
      { class: 'change-head' },
      el('a', { href: `${root}${PAGE.commitment(change.id)}` }, change.id),
      now && ` 第${now.seq}项`,
      change.fields.seq && `（原第${String(change.fields.seq.before)}项）`,
      ' ',
      modificationKinds(change.fields).map((k) => el('span', { class: 'tag' }, k)),
    ),
    '\n',
    fieldListView(change.fields),
    '\n',
  );
}

/** A modification that only moved the commitment to another number. */
export function isRenumberingOnly(fields: Readonly<Record<string, FieldChange>>): boolean {
  const shown = Object.keys(fields).filter((name) => isShownField(name));
  return shown.length === 1 && shown[0] === 'seq';
}

/** Pure renumberings (an insertion or withdrawal shifts the rest) as one compact table. */
function renumberedView(changes: readonly ModifiedCommitment[], after: ReadonlyMap<string, CommitmentRecord>, root: string, city: string): ViewNode {
  const rows = changes.map((c) => [
    el(
      'tr',
      { 'data-id': c.id },
      el('td', { 'data-label': labelZh('id'), class: 'id' }, el('a', { href: `${root}${PAGE.commitment(c.id)}` }, c.id)),
      el('td', { 'data-label': labelZh('seq'), class: 'renumber' }, c.fields.seq && renumberingView(c.fields.seq)),
      el('td', { class: 'excerpt' }, truncate(after.get(c.id)?.text ?? '', 40)),
    ),
    '\n',
  ]);
  return el(
    'div',
    { class: 'table-wrap' },
    el(
      'table',
      { class: 'renumbered' },
      '\n',
      el('caption', { class: 'sr-only' }, `${city}重新编号的承诺事项`),
      '\n',
      el('thead', {}, el('tr', {}, ['id', 'seq', 'text'].map((key) => el('th', { scope: 'col' }, labelBoth(key))))),
      '\n',
      el('tbody', {}, '\n', rows),
      '\n',
    ),
  );
}

function cityChangeView(change: CityChange): ViewNode {
  if (change.type === 'added') return el('li', {}, `新增城市 ${change.after.name}：${change.after.commitments} 项${change.after.complete ? '' : '（来源不完整）'}`);
  if (change.type === 'removed') return el('li', {}, `移除城市 ${change.before.name}`);
  return Object.entries(change.fields).map(([name, f]) => el('li', {}, `${labelBoth(name)}：`, fieldChangeView(name, f)));
}

/**
 * Changes grouped by year and city (an h3 each, under the page's h2): city-level changes,
 * withdrawn (撤回), added (新增) and modified (修改) commitments, each modification with
 * its characters highlighted, and pure renumberings in one compact table.
 */
export function changeGroupsView(changes: readonly Change[], sides: ChangeSides, root: string): ViewNode {
  const after = new Map(sides.after.records.map((r) => [r.id, r]));
  const names = new Map<string, string>();
  for (const c of [...(sides.before?.cities ?? []), ...sides.after.cities]) names.set(cityKey(c.year, c.code), c.name);
  const allCities = [...sides.after.cities, ...(sides.before?.cities ?? [])];

  const groups = new Map<string, { year: number; code: string; changes: Change[] }>();
  for (const change of changes) {
    const code = cityCodeOfChange(change, after, allCities) ?? '';
    const year = change.scope === 'city' ? change.year : change.type === 'added' ? change.after.year : change.type === 'removed' ? change.before.year : after.get(change.id)?.year ?? 0;
    const key = cityKey(year, code);
    const group = groups.get(key) ?? { year, code, changes: [] };
    group.changes.push(change);
    groups.set(key, group);
  }
  if (groups.size === 0) return el('p', { class: 'empty' }, '没有变更。No changes.');

  return [...groups.values()].map((g) => {
    const name = names.get(cityKey(g.year, g.code)) ?? g.code;
    const cityChanges = g.changes.filter((c): c is CityChange => c.scope === 'city');
    const removed = g.changes.flatMap((c) => (c.scope === 'commitment' && c.type === 'removed' ? [c.before] : []));
    const added = g.changes.flatMap((c) => (c.scope === 'commitment' && c.type === 'added' ? [c.after] : []));
    const allModified = g.changes.filter((c): c is ModifiedCommitment => c.scope === 'commitment' && c.type === 'modified');
    const modified = allModified.filter((c) => !isRenumberingOnly(c.fields));
    const renumbered = allModified.filter((c) => isRenumberingOnly(c.fields));
    return [
      el(
        'section',
        { class: 'city-changes' },
        '\n',
        el('h3', {}, g.code ? el('a', { href: `${root}${PAGE.city(g.code)}` }, name) : name, ` · ${g.year}年`),
        '\n',
        cityChanges.length > 0 && [el('h4', {}, '城市信息 city'), el('ul', { class: 'city-fields' }, cityChanges.map(cityChangeView)), '\n'],
        removed.length > 0 && [
          el('h4', {}, `撤回 withdrawn（${removed.length}）`),
          recordTableView(removed, { root, caption: `${name}撤回的承诺事项`, hideCaption: true, withdrawn: true }),
          '\n',
        ],
        added.length > 0 && [el('h4', {}, `新增 added（${added.length}）`), recordTableView(added, { root, caption: `${name}新增的承诺事项`, hideCaption: true }), '\n'],
        modified.length > 0 && [el('h4', {}, `修改 modified（${modified.length}）`), modified.map((c) => modifiedView(c, after.get(c.id), root)), '\n'],
        renumbered.length > 0 && [el('h4', {}, `仅重新编号 renumbered（${renumbered.length}）`), renumberedView(renumbered, after, root, name), '\n'],
      ),
      '\n',
    ];
  });
}

/** changeGroupsView as HTML. */
export function renderChangeGroups(changes: readonly Change[], sides: ChangeSides, root: string): SafeHtml {
  return renderViewHtml(changeGroupsView(changes, sides, root));
}
