/**
 * Lists of changes as the site shows them: on release pages, city and commitment
 * histories, and the compare page (pre-rendered here, and in the browser for any other
 * pair of versions, from the same views).
 */
import { cityKey } from '../domain/dataset.ts';
import { isRenumbering } from '../diff/diff-datasets.ts';
import type { Effect } from '../promises/effects.ts';
import type { Target } from '../promises/target.ts';
import { showEffect, showTarget } from '../render/show-value.ts';
import type { Change, CityRecord, CommitmentRecord, FieldChange } from '../schemas/release.ts';
import { fieldChangeView, type FieldViewOptions } from './diff-html.ts';
import type { SafeHtml } from './escape.ts';
import { changeWords, isShownField, labelBoth, labelZh } from '../schemas/fields.ts';
import { truncate } from './labels.ts';
import { cityCodeOfChange } from './model.ts';
import { PAGE } from './paths.ts';
import { commitsOf, commitsView } from './provenance-view.ts';
import { recordTableView } from './record-table.ts';
import { el, renderViewHtml, type ViewNode } from './view-tree.ts';

type ModifiedCommitment = Extract<Change, { type: 'modified'; scope: 'commitment' }>;
type CityChange = Extract<Change, { scope: 'city' }>;

/** The two sides a list of changes was computed between. */
export interface ChangeSides {
  readonly before: { readonly records: readonly CommitmentRecord[]; readonly cities: readonly CityRecord[] } | null;
  readonly after: { readonly records: readonly CommitmentRecord[]; readonly cities: readonly CityRecord[] };
}

/** Where a list of changes is shown. */
export interface ChangeViewOptions {
  /** Prefix back to the site root from the page. */
  readonly root: string;
  /** The repository's address, to link commits and pull requests; null names them as text. */
  readonly repoUrl?: string | null;
}

/** The anchor (id attribute) of a change to a commitment, on release and compare pages. */
export function changeAnchor(id: string): string {
  return `change-${id}`;
}

/** The anchor of a city's changes in a year. */
export function cityAnchor(year: number, code: string): string {
  return `city-${year}-${code}`;
}

/** A link to an anchor of the page, for readers who want to link one change. */
function anchorLink(anchor: string): ViewNode {
  return el('a', { class: 'anchor', href: `#${anchor}`, title: '链接到此处 link here' }, '#');
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
export function fieldListView(fields: Readonly<Record<string, FieldChange>>, options: FieldViewOptions = {}): ViewNode {
  const shown = Object.entries(fields).filter(([name]) => isShownField(name));
  return el(
    'dl',
    { class: 'fields' },
    '\n',
    shown.map(([name, f]) => [el('div', {}, el('dt', {}, labelBoth(name)), el('dd', {}, name === 'seq' ? renumberingView(f) : fieldChangeView(name, f, options))), '\n']),
  );
}

/** fieldListView as HTML. */
export function renderFieldList(fields: Readonly<Record<string, FieldChange>>): SafeHtml {
  return renderViewHtml(fieldListView(fields));
}

/** What a change did to the promise (changes.json effects), one per line; those that weaken it marked. */
export function effectsView(effects: readonly Effect[] | undefined): ViewNode {
  if (!effects || effects.length === 0) return null;
  return el('ul', { class: 'effects' }, effects.map((e) => el('li', { class: e.weakens ? 'weakens' : 'strengthens' }, showEffect(e))));
}

/** Targets given anew by a seed (the text unchanged): the readings before and after. */
function targetsChangeView(change: FieldChange): ViewNode {
  const list = (value: unknown): string => (Array.isArray(value) && value.length > 0 ? (value as Target[]).map(showTarget).join('；') : '（无）');
  return el('p', { class: 'targets-change' }, `${labelBoth('targets')}：`, el('del', {}, list(change.before)), ' → ', el('ins', {}, list(change.after)));
}

function modifiedView(change: ModifiedCommitment, now: CommitmentRecord | undefined, root: string): ViewNode {
  const anchor = changeAnchor(change.id);
  return el(
    'article',
    { class: change.weakened ? 'change modified weakened' : 'change modified', id: anchor, 'data-id': change.id },
    '\n',
    el(
      'p',
      { class: 'change-head' },
      el('a', { href: `${root}${PAGE.commitment(change.id)}` }, change.id),
      now && ` 第${now.seq}项`,
      change.fields.seq && `（原第${String(change.fields.seq.before)}项）`,
      ' ',
      modificationKinds(change.fields).map((k) => el('span', { class: 'tag' }, k)),
      change.weakened && el('span', { class: 'tag weakened' }, '承诺弱化 weakened'),
      ' ',
      anchorLink(anchor),
    ),
    '\n',
    fieldListView(change.fields, { split: true }),
    '\n',
    effectsView(change.effects),
    change.fields.targets && !change.fields.text && targetsChangeView(change.fields.targets),
    // The document the change rests on (unless the change is the basis itself, listed above).
    now?.basis && !change.fields.basis && el('p', { class: 'basis' }, `${labelBoth('basis')}：`, now.basis),
  );
}

/** Pure renumberings (an insertion or withdrawal shifts the rest) as one compact table. */
function renumberedView(changes: readonly ModifiedCommitment[], after: ReadonlyMap<string, CommitmentRecord>, root: string, city: string): ViewNode {
  const rows = changes.map((c) => [
    el(
      'tr',
      { id: changeAnchor(c.id), 'data-id': c.id },
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
 * The weakened commitments of a list of changes, as the changelog lists them first: each
 * linked to its change (on the same page, or on the page `page` leads to).
 */
export function weakenedListView(changes: readonly Change[], after: ReadonlyMap<string, CommitmentRecord>, page = ''): ViewNode {
  const weakened = changes.filter((c): c is ModifiedCommitment => c.scope === 'commitment' && c.type === 'modified' && c.weakened === true);
  if (weakened.length === 0) return null;
  return [
    el(
      'section',
      { class: 'weakened-list' },
      '\n',
      el('h3', {}, `承诺弱化 weakened（${weakened.length}）`),
      '\n',
      el(
        'ul',
        {},
        weakened.map((c) => {
          const now = after.get(c.id);
          return [
            el(
              'li',
              {},
              el('a', { href: `${page}#${changeAnchor(c.id)}` }, c.id),
              now && ` ${now.city} 第${now.seq}项：`,
              (c.effects ?? []).filter((e) => e.weakens).map((e, i) => [i > 0 && '；', showEffect(e)]),
            ),
            '\n',
          ];
        }),
      ),
      '\n',
    ),
    '\n',
  ];
}

/**
 * Changes grouped by year and city (an h3 each, under the page's h2, each with its anchor):
 * the weakened commitments first, then per city: city-level changes, withdrawn (撤回), added
 * (新增) and modified (修改) commitments, each modification with its characters highlighted
 * and what it did to the promise, pure renumberings in one compact table, and the commits
 * behind the city's changes.
 */
export function changeGroupsView(changes: readonly Change[], sides: ChangeSides, options: ChangeViewOptions): ViewNode {
  const { root } = options;
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

  return [
    weakenedListView(changes, after),
    [...groups.values()].map((g) => {
      const name = names.get(cityKey(g.year, g.code)) ?? g.code;
      const cityChanges = g.changes.filter((c): c is CityChange => c.scope === 'city');
      const removed = g.changes.flatMap((c) => (c.scope === 'commitment' && c.type === 'removed' ? [c.before] : []));
      const added = g.changes.flatMap((c) => (c.scope === 'commitment' && c.type === 'added' ? [c.after] : []));
      const allModified = g.changes.filter((c): c is ModifiedCommitment => c.scope === 'commitment' && c.type === 'modified');
      const modified = allModified.filter((c) => !isRenumbering(c.fields));
      const renumbered = allModified.filter((c) => isRenumbering(c.fields));
      const commits = commitsOf(g.changes);
      const anchor = cityAnchor(g.year, g.code);
      return [
        el(
          'section',
          { class: 'city-changes', id: anchor },
          '\n',
          el('h3', {}, g.code ? el('a', { href: `${root}${PAGE.city(g.code)}` }, name) : name, ` · ${g.year}年 `, anchorLink(anchor)),
          '\n',
          cityChanges.length > 0 && [el('h4', {}, '城市信息 city'), el('ul', { class: 'city-fields' }, cityChanges.map(cityChangeView)), '\n'],
          removed.length > 0 && [
            el('h4', {}, `撤回 withdrawn（${removed.length}）`),
            recordTableView(removed, { root, caption: `${name}撤回的承诺事项`, hideCaption: true, withdrawn: true, rowAnchors: true, showBasis: true }),
            '\n',
          ],
          added.length > 0 && [
            el('h4', {}, `新增 added（${added.length}）`),
            recordTableView(added, { root, caption: `${name}新增的承诺事项`, hideCaption: true, rowAnchors: true, showBasis: true }),
            '\n',
          ],
          modified.length > 0 && [el('h4', {}, `修改 modified（${modified.length}）`), modified.map((c) => [modifiedView(c, after.get(c.id), root), '\n'])],
          renumbered.length > 0 && [el('h4', {}, `仅重新编号 renumbered（${renumbered.length}）`), renumberedView(renumbered, after, root, name), '\n'],
          commits.length > 0 && [el('h4', {}, `提交 commits（${commits.length}）`), commitsView(commits, options.repoUrl ?? null), '\n'],
        ),
        '\n',
      ];
    }),
  ];
}

/** changeGroupsView as HTML. */
export function renderChangeGroups(changes: readonly Change[], sides: ChangeSides, options: ChangeViewOptions): SafeHtml {
  return renderViewHtml(changeGroupsView(changes, sides, options));
}
