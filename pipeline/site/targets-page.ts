/**
 * targets.html (指标): every quantitative target of the latest release in one table,
 * pre-rendered (readable without JavaScript); targets.js filters it by city, year, unit and
 * comparator, searches the indicators and sorts by value (target-filter.ts holds the rules).
 */
import { COMPARATORS } from '../promises/target.ts';
import { html } from './escape.ts';
import { COMPARATOR_LABEL } from './labels.ts';
import { renderPage, type SiteChrome } from './layout.ts';
import type { SiteIndex } from './model.ts';
import { PAGE } from './paths.ts';
import { NO_UNIT } from './target-filter.ts';

const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function renderTargetsPage(index: SiteIndex, chrome: SiteChrome): string {
  const { version } = index.latest;
  const rows = index.latest.dataset.records.flatMap((r) => (r.targets ?? []).map((t) => ({ r, t })));
  const cities = [...new Map(rows.map(({ r }) => [r.cityCode, r.city])).entries()].sort(([a], [b]) => byCodeUnits(a, b));
  const years = [...new Set(rows.map(({ r }) => r.year))].sort((a, b) => b - a);
  const units = [...new Set(rows.map(({ t }) => t.unit))].sort(byCodeUnits);
  const comparators = COMPARATORS.filter((c) => rows.some(({ t }) => t.comparator === c));
  const count = (pred: (row: (typeof rows)[number]) => boolean): number => rows.filter(pred).length;
  const body = html`<h1>指标 targets</h1>
<p>v${version} 的承诺事项文本中读出的全部 ${rows.length} 项量化指标（由规则读出，或由维护者在种子文件中标注）。可按城市、年份、单位、比较方式筛选，按指标名称查找，按数值排序；数值已换算为基本单位（23.4万亩 → 234000 亩）。</p>
<form id="targets-form" class="search-form" action="${PAGE.targets}" method="get" role="search" aria-controls="target-table">
<div class="field wide"><label for="t-q">指标名称 indicator</label><input id="t-q" name="q" type="search" placeholder="例如：地区生产总值"></div>
<div class="field"><label for="t-city">城市 city</label><select id="t-city" name="city"><option value="">全部城市</option>${cities.map(
    ([code, name]) => html`<option value="${code}">${name}（${count(({ r }) => r.cityCode === code)}）</option>`,
  )}</select></div>
<div class="field"><label for="t-year">年份 year</label><select id="t-year" name="year"><option value="">全部</option>${years.map((y) => html`<option value="${y}">${y}</option>`)}</select></div>
<div class="field"><label for="t-unit">单位 unit</label><select id="t-unit" name="unit"><option value="">全部</option>${units.map(
    (u) => html`<option value="${u || NO_UNIT}">${u || '（无单位）'}（${count(({ t }) => t.unit === u)}）</option>`,
  )}</select></div>
<div class="field"><label for="t-cmp">比较 comparator</label><select id="t-cmp" name="cmp"><option value="">全部</option>${comparators.map(
    (c) => html`<option value="${c}">${COMPARATOR_LABEL[c]}（${count(({ t }) => t.comparator === c)}）</option>`,
  )}</select></div>
<div class="field"><label for="t-sort">排序 sort</label><select id="t-sort" name="sort"><option value="">按城市与序号</option><option value="value-asc">数值从小到大</option><option value="value-desc">数值从大到小</option></select></div>
<div class="field buttons"><button type="submit">筛选</button> <button type="reset">清除</button></div>
</form>
<noscript><p class="notice">筛选与排序需要 JavaScript；未启用时下表按城市与序号列出全部指标。</p></noscript>
<p id="targets-status" class="search-status" role="status">共 ${rows.length} 项指标</p>
<div class="table-wrap"><table class="target-table" id="target-table">
<caption class="sr-only">v${version} 的全部量化指标</caption>
<thead><tr><th scope="col">城市 city</th><th scope="col">指标 indicator</th><th scope="col">原文 span</th><th scope="col">比较 comparator</th><th scope="col" class="num">数值 value</th><th scope="col">单位 unit</th><th scope="col">截止日期 due</th><th scope="col">承诺事项 commitment</th></tr></thead>
<tbody>
${rows.map(
  ({ r, t }) =>
    html`<tr data-city="${r.cityCode}" data-year="${r.year}" data-unit="${t.unit}" data-cmp="${t.comparator}" data-value="${String(t.value)}"><td><a href="${PAGE.city(r.cityCode)}">${r.city}</a> ${r.year}</td><td class="indicator">${t.indicator}</td><td class="span">${t.span}</td><td>${COMPARATOR_LABEL[t.comparator]}</td><td class="num">${String(t.value)}</td><td>${t.unit}</td><td>${r.due ?? (r.ongoing ? '长期' : '—')}</td><td><a href="${PAGE.commitment(r.id)}">${r.id}</a>${t.source === 'seed' ? '（人工标注）' : ''}</td></tr>\n`,
)}</tbody>
</table></div>
<p id="no-targets" class="empty" hidden>没有符合条件的指标。</p>`;
  return renderPage({
    path: PAGE.targets,
    title: '指标',
    description: `v${version} 承诺事项中的全部量化指标：按城市、年份、单位、比较方式筛选，按数值排序。`,
    section: 'targets',
    body,
    scripts: ['targets.js'],
    chrome,
  });
}
