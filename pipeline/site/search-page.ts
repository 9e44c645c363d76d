import type { CommitmentRecord } from '../schemas/release.ts';
import { html, type SafeHtml } from './escape.ts';
import { DEADLINE_KIND_LABEL } from './labels.ts';
import { renderPage, type SiteChrome } from './layout.ts';
import type { SiteIndex, SiteRelease } from './model.ts';
import { PAGE, rootOf } from './paths.ts';
import { renderRecordTable, type RecordPast } from './record-table.ts';
import { buildSearchFacets, searchStatusLine } from './search-index.ts';

interface SearchTable {
  /** The page's path (search.html, table/v<version>.html). */
  readonly path: string;
  /** The release whose table it is; null for every version at once. */
  readonly release: SiteRelease | null;
  readonly records: readonly CommitmentRecord[];
  readonly past?: ReadonlyMap<string, RecordPast>;
}

/** Links to the other tables (every version, each release), which the script keeps carrying the query. */
function renderVersionLinks(index: SiteIndex, table: SearchTable, root: string): SafeHtml {
  const link = (path: string, label: string, current: boolean): SafeHtml =>
    html`<a href="${root}${path}" data-keep-query${current ? html` aria-current="page"` : ''}>${label}</a>`;
  return html`<nav class="versions" aria-label="版本 versions">表格版本：${link(PAGE.search, '全部版本（含已撤回）', table.release === null)}${[...index.releases]
    .reverse()
    .map((r) => html` · ${link(PAGE.table(r.version), `v${r.version}`, table.release === r)}`)}</nav>`;
}

function renderSearchTable(index: SiteIndex, table: SearchTable, chrome: SiteChrome): string {
  const { records, release } = table;
  const root = rootOf(table.path);
  const formerNames = [...(table.past?.values() ?? [])].flatMap((p) => p.formerNames.map((f) => f.name));
  const facets = buildSearchFacets(records, formerNames);
  const withdrawn = [...(table.past?.values() ?? [])].filter((p) => p.withdrawnIn !== null).length;
  const scope = release
    ? html`<p>v${release.version} 发布时的全部 ${records.length} 项承诺事项（此后的变化见<a href="${root}${PAGE.search}">全部版本</a>）。文本可输入任意片段，多个词用空格分隔。</p>`
    : html`<p>在发布过的每一个版本中查找：现行的 ${records.length - withdrawn} 项承诺事项，以及已撤回的 ${withdrawn} 项（标明撤回的版本）；已不再列出的责任人和早先版本的文本也能找到。文本可输入任意片段（如“高新技术企业”），多个词用空格分隔。</p>`;
  const body = html`<h1>${release ? html`v${release.version} 全表 table` : html`搜索 search`}</h1>
${scope}
${renderVersionLinks(index, table, root)}
<form id="search-form" class="search-form" action="${root}${table.path}" method="get" role="search" aria-controls="results">
<div class="field wide"><label for="q">文本 text</label><input id="q" name="q" type="search" placeholder="例如：高新技术企业"></div>
<div class="field"><label for="city">城市 city</label><select id="city" name="city"><option value="">全部城市</option>${facets.cities.map(
    (c) => html`<option value="${c.code}">${c.name}（${c.count}）</option>`,
  )}</select></div>
<div class="field"><label for="who">责任人 responsible</label><input id="who" name="who" type="search" list="names" autocomplete="off"><datalist id="names">${facets.names.map(
    (n) => html`<option value="${n}"></option>`,
  )}</datalist></div>
<div class="field"><label for="kind">完成时间类型 deadline</label><select id="kind" name="kind"><option value="">全部</option>${facets.kinds.map(
    (k) => html`<option value="${k.kind}">${DEADLINE_KIND_LABEL[k.kind]}（${k.count}）</option>`,
  )}</select></div>
${facets.years.length > 1 ? html`<div class="field"><label for="year">年份 year</label><select id="year" name="year"><option value="">全部</option>${facets.years.map((y) => html`<option value="${y}">${y}</option>`)}</select></div>` : ''}
${
  release
    ? ''
    : html`<div class="field"><label for="status">状态 status</label><select id="status" name="status"><option value="">全部</option><option value="current">现行</option><option value="withdrawn">已撤回</option></select></div>`
}
<div class="field buttons"><button type="submit">搜索</button> <button type="reset">清除</button></div>
</form>
<noscript><p class="notice">筛选需要 JavaScript；未启用时下表列出全部承诺事项，可用浏览器的页内查找。</p></noscript>
<p id="search-status" class="search-status" role="status">${searchStatusLine(records.length, records.length, withdrawn, false)}</p>
${renderRecordTable(records, {
  root,
  caption: release ? `v${release.version} 的全部承诺事项` : '各版本发布过的全部承诺事项',
  hideCaption: true,
  showCity: true,
  searchable: true,
  id: 'results',
  past: table.past,
})}
<p id="no-results" class="empty" hidden>没有符合条件的承诺事项。</p>`;
  return renderPage({
    path: table.path,
    title: release ? `v${release.version} 全表` : '搜索',
    description: release ? `v${release.version} 发布时的全部承诺事项，可按城市、责任人、完成时间类型与文本筛选。` : '在每一个版本中按城市、责任人、完成时间类型、状态与文本搜索承诺事项。',
    section: 'search',
    body,
    scripts: ['search.js'],
    chrome,
  });
}

/**
 * search.html: every commitment ever published, in one table (readable without
 * JavaScript): the current ones, and the withdrawn ones marked with the release that
 * withdrew them; officials no longer listed and earlier texts are found too. search.js
 * filters the rows by text, city, responsible official, deadline kind, year and status.
 */
export function renderSearchPage(index: SiteIndex, chrome: SiteChrome): string {
  return renderSearchTable(index, { path: PAGE.search, release: null, records: index.everRecords, past: index.pastById }, chrome);
}

/** table/v<version>.html: the commitments as one release published them, with the same filters. */
export function renderTablePage(index: SiteIndex, release: SiteRelease, chrome: SiteChrome): string {
  return renderSearchTable(index, { path: PAGE.table(release.version), release, records: release.dataset.records }, chrome);
}
