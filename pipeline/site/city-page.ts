import { findCityByCode } from '../domain/cities.ts';
import type { Change, CityRecord } from '../schemas/release.ts';
import { modificationKinds, renderFieldList } from './changes-view.ts';
import { renderFieldChange } from './diff-html.ts';
import { html, safeExternalUrl, type SafeHtml } from './escape.ts';
import { isShownField, labelBoth } from '../schemas/fields.ts';
import { dateOf, truncate } from './labels.ts';
import { renderPage, type SiteChrome } from './layout.ts';
import type { CityYear, DatedChange, SiteIndex } from './model.ts';
import { PAGE } from './paths.ts';
import { renderRecordTable } from './record-table.ts';

function renderContact(city: CityRecord): SafeHtml {
  if (!city.contact) return html`<p class="contact">联系人 contact：未公布${city.complete ? '' : '（来源不完整）'}</p>`;
  const tel = /^[0-9+()\- ]+$/.test(city.contact.phone) ? city.contact.phone.replace(/[^0-9+]/g, '') : null;
  return html`<p class="contact">联系人 contact：${city.contact.name} · 办公电话 phone：${
    tel ? html`<a class="tel" href="tel:${tel}">${city.contact.phone}</a>` : html`<span class="tel">${city.contact.phone}</span>`
  }</p>`;
}

function renderYear(cy: CityYear, root: string): SafeHtml {
  const { city, records } = cy;
  const url = safeExternalUrl(city.source.url);
  return html`<section class="city-year" aria-labelledby="y${city.year}">
<h2 id="y${city.year}">${city.year}年 · ${records.length} 项承诺</h2>
${cy.inLatest ? '' : html`<p class="notice">最新版本已不再收录此城市·年度；以下为 v${cy.release.version} 中的内容。</p>`}
${city.complete ? '' : html`<p class="notice"><span class="status incomplete">不完整 incomplete</span> 来源文章在此处截断，本市的承诺事项可能不全。</p>`}
${renderContact(city)}
<p class="source">来源 source：${url ? html`<a href="${url}" rel="noreferrer noopener">${city.source.title}</a>` : city.source.title}（${city.source.publisher}）</p>
${renderRecordTable(records, { root, caption: `${city.name} ${city.year}年承诺事项（v${cy.release.version}）` })}
</section>`;
}

function describeChange(change: Change, root: string): SafeHtml {
  if (change.scope === 'city') {
    if (change.type === 'added') return html`<li><span class="tag added">收录</span> ${change.year}年 ${change.after.name}：${change.after.commitments} 项${change.after.complete ? '' : '（来源不完整）'}</li>`;
    if (change.type === 'removed') return html`<li><span class="tag removed">移除</span> ${change.year}年 ${change.before.name}</li>`;
    return html`${Object.entries(change.fields).map(
      ([name, f]) => html`<li><span class="tag">城市信息</span> ${change.year}年 ${labelBoth(name)}：${renderFieldChange(name, f)}</li>`,
    )}`;
  }
  const link = html`<a href="${root}${PAGE.commitment(change.id)}">${change.id}</a>`;
  if (change.type === 'added') return html`<li><span class="tag added">新增</span> ${link} 第${change.after.seq}项：${truncate(change.after.text, 40)}</li>`;
  if (change.type === 'removed') return html`<li><span class="tag removed">撤回</span> ${link} 原第${change.before.seq}项：${truncate(change.before.text, 40)}</li>`;
  const kinds = modificationKinds(change.fields);
  const seq = change.fields.seq;
  const rest = Object.fromEntries(Object.entries(change.fields).filter(([name]) => name !== 'seq'));
  const details = Object.keys(rest).some((name) => isShownField(name));
  return html`<li><span class="tag modified">修改</span> ${link}${seq ? html` 第${String(seq.before)}项 → 第${String(seq.after)}项` : ''}：${kinds.join('、')}${
    details ? html`<div class="diff-block">${renderFieldList(rest)}</div>` : ''
  }</li>`;
}

function renderHistory(history: readonly DatedChange[], root: string): SafeHtml {
  const byRelease = new Map<string, DatedChange[]>();
  for (const d of history) {
    const list = byRelease.get(d.release.version);
    if (list) list.push(d);
    else byRelease.set(d.release.version, [d]);
  }
  return html`<ol class="timeline">
${[...byRelease.values()].map((list) => {
  const release = list[0]!.release;
  const date = dateOf(release.created);
  return html`<li><p class="when"><a href="${root}${PAGE.release(release.version)}">v${release.version}</a>${date ? html` · <time datetime="${release.created}">${date}</time>` : ''}</p>
<ul class="events">${list.map((d) => describeChange(d.change, root))}</ul></li>\n`;
})}</ol>`;
}

/** city/<slug>.html: the city's commitments per year, contact, and history across releases. */
export function renderCityPage(index: SiteIndex, code: string, chrome: SiteChrome): string {
  const path = PAGE.city(code);
  const root = '../';
  const years = index.cities.get(code) ?? [];
  const name = years[0]?.city.name ?? findCityByCode(code)?.name ?? code;
  const slug = findCityByCode(code)?.slug;
  const history = index.historyByCity.get(code) ?? [];
  const body = html`<nav class="crumbs" aria-label="位置 breadcrumb"><a href="${root}${PAGE.overview}">概览</a> › ${name}</nav>
<h1>${name}${slug ? html` <span class="en" lang="en">${slug}</span>` : ''} <span class="code">${code}</span></h1>
<p><a href="${root}${PAGE.search}?city=${code}">在搜索中筛选本市</a></p>
${years.map((cy) => renderYear(cy, root))}
<section aria-labelledby="history">
<h2 id="history">历史 history</h2>
<p>各版本中本市承诺事项的新增、修改与撤回（按版本先后）。</p>
${history.length > 0 ? renderHistory(history, root) : html`<p class="empty">没有记录。</p>`}
</section>`;
  return renderPage({
    path,
    title: name,
    description: `${name}的公开承诺事项、联系人与历次变更。`,
    section: 'city',
    body,
    chrome,
  });
}
