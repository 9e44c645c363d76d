import { html } from './escape.ts';
import { DEADLINE_KIND_LABEL } from './labels.ts';
import { renderPage, type SiteChrome } from './layout.ts';
import type { SiteIndex } from './model.ts';
import { PAGE } from './paths.ts';
import { renderRecordTable } from './record-table.ts';
import { buildSearchFacets } from './search-index.ts';

/**
 * search.html: every current commitment in one table (readable without JavaScript);
 * search.js filters the rows by text, city, responsible official, deadline kind and year.
 */
export function renderSearchPage(index: SiteIndex, chrome: SiteChrome): string {
  const { records } = index.latest.dataset;
  const facets = buildSearchFacets(records);
  const body = html`<h1>搜索 search</h1>
<p>在 v${index.latest.version} 的 ${records.length} 项承诺事项中查找。文本可输入任意片段（如“高新技术企业”），多个词用空格分隔。</p>
<form id="search-form" class="search-form" action="${PAGE.search}" method="get" role="search" aria-controls="results">
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
<div class="field buttons"><button type="submit">搜索</button> <button type="reset">清除</button></div>
</form>
<noscript><p class="notice">筛选需要 JavaScript；未启用时下表列出全部承诺事项，可用浏览器的页内查找。</p></noscript>
<p id="search-status" class="search-status" role="status">共 ${records.length} 项</p>
${renderRecordTable(records, { root: '', caption: `v${index.latest.version} 的全部承诺事项`, hideCaption: true, showCity: true, searchable: true, id: 'results' })}
<p id="no-results" class="empty" hidden>没有符合条件的承诺事项。</p>`;
  return renderPage({
    path: PAGE.search,
    title: '搜索',
    description: '按城市、责任人、完成时间类型与文本搜索承诺事项。',
    section: 'search',
    body,
    scripts: ['search.js'],
    chrome,
  });
}
