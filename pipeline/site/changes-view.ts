import { cityKey } from '../domain/dataset.ts';
import type { Change, CityRecord, CommitmentRecord, FieldChange } from '../schemas/release.ts';
import { renderFieldChange } from './diff-html.ts';
import { html, type SafeHtml } from './escape.ts';
import { changeWords, isShownField, labelBoth } from '../schemas/fields.ts';
import { truncate } from './labels.ts';
import { cityCodeOfChange } from './model.ts';
import { PAGE } from './paths.ts';
import { renderRecordTable } from './record-table.ts';

/** The two sides a list of changes was computed between. */
export interface ChangeSides {
  readonly before: { readonly records: readonly CommitmentRecord[]; readonly cities: readonly CityRecord[] } | null;
  readonly after: { readonly records: readonly CommitmentRecord[]; readonly cities: readonly CityRecord[] };
}

/** What a modification is, in words: 改写, 重新编号, 责任人调整, 完成时间调整. */
export function modificationKinds(fields: Readonly<Record<string, FieldChange>>): string[] {
  return changeWords(Object.keys(fields)).map((w) => `${w.zh} ${w.en}`);
}

/** The fields of a modification as a definition list, each with its character diff. */
export function renderFieldList(fields: Readonly<Record<string, FieldChange>>): SafeHtml {
  const shown = Object.entries(fields).filter(([name]) => isShownField(name));
  return html`<dl class="fields">
${shown.map(
  ([name, f]) =>
    html`<div><dt>${labelBoth(name)}</dt><dd>${
      name === 'seq' ? html`第<del>${String(f.before)}</del>项 → 第<ins>${String(f.after)}</ins>项` : renderFieldChange(name, f)
    }</dd></div>\n`,
)}</dl>`;
}

function renderModified(change: Extract<Change, { type: 'modified'; scope: 'commitment' }>, now: CommitmentRecord | undefined, root: string): SafeHtml {
  const kinds = modificationKinds(change.fields);
  return html`<article class="change modified" data-id="${change.id}">
<p class="change-head"><a href="${root}${PAGE.commitment(change.id)}">${change.id}</a>${now ? html` 第${now.seq}项` : ''}${
    change.fields.seq ? html`（原第${String(change.fields.seq.before)}项）` : ''
  } ${kinds.map((k) => html`<span class="tag">${k}</span>`)}</p>
${renderFieldList(change.fields)}
</article>`;
}

/** A modification that only moved the commitment to another number. */
export function isRenumberingOnly(fields: Readonly<Record<string, FieldChange>>): boolean {
  const shown = Object.keys(fields).filter((name) => isShownField(name));
  return shown.length === 1 && shown[0] === 'seq';
}

/** Pure renumberings (an insertion or withdrawal shifts the rest) as one compact table. */
function renderRenumbered(changes: ReadonlyArray<Extract<Change, { type: 'modified'; scope: 'commitment' }>>, after: ReadonlyMap<string, CommitmentRecord>, root: string, city: string): SafeHtml {
  return html`<div class="table-wrap"><table class="renumbered">
<caption class="sr-only">${city}重新编号的承诺事项</caption>
<thead><tr><th scope="col">编号 id</th><th scope="col">序号 seq</th><th scope="col">承诺事项 text</th></tr></thead>
<tbody>
${changes.map((c) => {
  const seq = c.fields.seq!;
  return html`<tr data-id="${c.id}"><td data-label="编号" class="id"><a href="${root}${PAGE.commitment(c.id)}">${c.id}</a></td><td data-label="序号" class="renumber">第<del>${String(seq.before)}</del>项 → 第<ins>${String(seq.after)}</ins>项</td><td class="excerpt">${truncate(after.get(c.id)?.text ?? '', 40)}</td></tr>\n`;
})}</tbody>
</table></div>`;
}

function renderCityChange(change: Extract<Change, { scope: 'city' }>): SafeHtml {
  if (change.type === 'added') return html`<li>新增城市 ${change.after.name}：${change.after.commitments} 项${change.after.complete ? '' : '（来源不完整）'}</li>`;
  if (change.type === 'removed') return html`<li>移除城市 ${change.before.name}</li>`;
  return html`${Object.entries(change.fields).map(([name, f]) => html`<li>${labelBoth(name)}：${renderFieldChange(name, f)}</li>`)}`;
}

/**
 * Changes grouped by year and city (an h3 each, under the page's h2): city-level changes,
 * withdrawn (撤回), added (新增) and modified (修改) commitments, each modification with
 * its characters highlighted, and pure renumberings in one compact table.
 */
export function renderChangeGroups(changes: readonly Change[], sides: ChangeSides, root: string): SafeHtml {
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
  if (groups.size === 0) return html`<p class="empty">没有变更。No changes.</p>`;

  return html`${[...groups.values()].map((g) => {
    const name = names.get(cityKey(g.year, g.code)) ?? g.code;
    const cityChanges = g.changes.filter((c): c is Extract<Change, { scope: 'city' }> => c.scope === 'city');
    const removed = g.changes.flatMap((c) => (c.scope === 'commitment' && c.type === 'removed' ? [c.before] : []));
    const added = g.changes.flatMap((c) => (c.scope === 'commitment' && c.type === 'added' ? [c.after] : []));
    const allModified = g.changes.filter((c): c is Extract<Change, { type: 'modified'; scope: 'commitment' }> => c.scope === 'commitment' && c.type === 'modified');
    const modified = allModified.filter((c) => !isRenumberingOnly(c.fields));
    const renumbered = allModified.filter((c) => isRenumberingOnly(c.fields));
    return html`<section class="city-changes">
<h3>${g.code ? html`<a href="${root}${PAGE.city(g.code)}">${name}</a>` : name} · ${g.year}年</h3>
${cityChanges.length > 0 ? html`<h4>城市信息 city</h4><ul class="city-fields">${cityChanges.map(renderCityChange)}</ul>\n` : ''}${
      removed.length > 0
        ? html`<h4>撤回 withdrawn（${removed.length}）</h4>${renderRecordTable(removed, { root, caption: `${name}撤回的承诺事项`, hideCaption: true, withdrawn: true })}\n`
        : ''
    }${added.length > 0 ? html`<h4>新增 added（${added.length}）</h4>${renderRecordTable(added, { root, caption: `${name}新增的承诺事项`, hideCaption: true })}\n` : ''}${
      modified.length > 0 ? html`<h4>修改 modified（${modified.length}）</h4>${modified.map((c) => renderModified(c, after.get(c.id), root))}\n` : ''
    }${renumbered.length > 0 ? html`<h4>仅重新编号 renumbered（${renumbered.length}）</h4>${renderRenumbered(renumbered, after, root, name)}\n` : ''}</section>
`;
  })}`;
}
