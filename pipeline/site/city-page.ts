import { findCityByCode } from '../domain/cities.ts';
import { isRenumbering } from '../diff/diff-datasets.ts';
import type { Change, CityRecord } from '../schemas/release.ts';
import { effectsView, modificationKinds, renderFieldList } from './changes-view.ts';
import { countChanges, countsLine } from './counts.ts';
import { renderFieldChange } from './diff-html.ts';
import { html, type SafeHtml } from './escape.ts';
import { isShownField, labelBoth } from '../schemas/fields.ts';
import { dateOf, truncate } from './labels.ts';
import { renderPage, type SiteChrome } from './layout.ts';
import type { CityYear, DatedChange, SiteIndex, SiteRelease } from './model.ts';
import { PAGE } from './paths.ts';
import { commitsOf, commitsView, historyNote, renderSourceCitation } from './provenance-view.ts';
import { renderRecordTable } from './record-table.ts';
import { renderViewHtml } from './view-tree.ts';

function renderContact(city: CityRecord): SafeHtml {
  if (!city.contact) return html`<p class="contact">联系人 contact：未公布${city.complete ? '' : '（来源不完整）'}</p>`;
  const tel = /^[0-9+()\- ]+$/.test(city.contact.phone) ? city.contact.phone.replace(/[^0-9+]/g, '') : null;
  return html`<p class="contact">联系人 contact：${city.contact.name} · 办公电话 phone：${
    tel ? html`<a class="tel" href="tel:${tel}">${city.contact.phone}</a>` : html`<span class="tel">${city.contact.phone}</span>`
  }</p>`;
}

function renderYear(cy: CityYear, root: string): SafeHtml {
  const { city, records } = cy;
  return html`<section class="city-year" aria-labelledby="y${city.year}">
<h2 id="y${city.year}">${city.year}年 · ${records.length} 项承诺</h2>
${cy.inLatest ? '' : html`<p class="notice">最新版本已不再收录此城市·年度；以下为 v${cy.release.version} 中的内容。</p>`}
${city.complete ? '' : html`<p class="notice"><span class="status incomplete">不完整 incomplete</span> 来源文章在此处截断，本市的承诺事项可能不全。</p>`}
${renderContact(city)}
<p class="source">来源 source：${renderSourceCitation(city.source)}</p>
${renderRecordTable(records, { root, caption: `${city.name} ${city.year}年承诺事项（v${cy.release.version}）`, linkNames: true })}
</section>`;
}

/** One change in one line (a modification with its diff below it), as a city's history and the changelog list them; renumberings tagged as such, never as 修改. */
export function renderChangeLine(change: Change, root: string): SafeHtml {
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
  const seq = change.fields.seq;
  const seqText = seq ? html` 第${String(seq.before)}项 → 第${String(seq.after)}项` : '';
  if (isRenumbering(change.fields)) return html`<li><span class="tag">重新编号</span> ${link}${seqText}</li>`;
  const kinds = modificationKinds(change.fields);
  const rest = Object.fromEntries(Object.entries(change.fields).filter(([name]) => name !== 'seq'));
  const details = Object.keys(rest).some((name) => isShownField(name));
  return html`<li><span class="tag modified">修改</span>${change.weakened ? html` <span class="tag weakened">承诺弱化</span>` : ''} ${link}${seqText}：${kinds.join('、')}${
    details ? html`<div class="diff-block">${renderFieldList(rest)}${renderViewHtml(effectsView(change.effects))}</div>` : ''
  }</li>`;
}

/** One release in a city's history: its counts for the city, the changes (first additions and renumberings folded), the commits behind them. */
function renderHistoryEntry(release: SiteRelease, list: readonly DatedChange[], root: string, chrome: SiteChrome): SafeHtml {
  const changes = list.map((d) => d.change);
  const date = dateOf(release.created);
  const firstListed = changes.some((c) => c.scope === 'city' && c.type === 'added');
  const added: Change[] = changes.filter((c) => c.scope === 'commitment' && c.type === 'added');
  const renumbered: Change[] = changes.filter((c) => c.scope === 'commitment' && c.type === 'modified' && isRenumbering(c.fields));
  const rest = changes.filter((c) => !renumbered.includes(c) && !(firstListed && added.includes(c)));
  const commits = commitsOf(changes);
  const note = commits.length === 0 ? historyNote(release.changes.source) : null;
  return html`<li id="history-v${release.version}"><p class="when"><a href="${root}${PAGE.release(release.version)}">v${release.version}</a>${
    date ? html` · <time datetime="${release.created}">${date}</time>` : ''
  } · <span class="counts">${countsLine(countChanges(changes), false)}</span></p>
${rest.length > 0 ? html`<ul class="events">${rest.map((c) => renderChangeLine(c, root))}</ul>` : ''}
${firstListed && added.length > 0 ? html`<details class="initial"><summary>首次收录 ${added.length} 项</summary><ul class="events">${added.map((c) => renderChangeLine(c, root))}</ul></details>` : ''}
${renumbered.length > 0 ? html`<details class="renumbered"><summary>仅重新编号 ${renumbered.length} 项</summary><ul class="events">${renumbered.map((c) => renderChangeLine(c, root))}</ul></details>` : ''}
${commits.length > 0 ? renderViewHtml(commitsView(commits, chrome.repoUrl)) : note ? html`<p class="history-note">提交记录：${note}</p>` : ''}
</li>\n`;
}

function renderHistory(history: readonly DatedChange[], root: string, chrome: SiteChrome): SafeHtml {
  const byRelease = new Map<SiteRelease, DatedChange[]>();
  for (const d of history) {
    const list = byRelease.get(d.release);
    if (list) list.push(d);
    else byRelease.set(d.release, [d]);
  }
  // Newest first: what changed lately is what a reader comes for.
  return html`<ol class="timeline">
${[...byRelease].reverse().map(([release, list]) => renderHistoryEntry(release, list, root, chrome))}</ol>`;
}

/** city/<slug>.html: the city's commitments per year (targets marked, officials linked), contact, source, and history across releases. */
export function renderCityPage(index: SiteIndex, code: string, chrome: SiteChrome): string {
  const path = PAGE.city(code);
  const root = '../';
  const years = index.cities.get(code) ?? [];
  const name = years[0]?.city.name ?? findCityByCode(code)?.name ?? code;
  const slug = findCityByCode(code)?.slug;
  const history = index.historyByCity.get(code) ?? [];
  const body = html`<nav class="crumbs" aria-label="位置 breadcrumb"><a href="${root}${PAGE.overview}">概览</a> › ${name}</nav>
<h1>${name}${slug ? html` <span class="en" lang="en">${slug}</span>` : ''} <span class="code">${code}</span></h1>
<p><a href="${root}${PAGE.search}?city=${code}">在搜索中筛选本市</a> · <a href="${root}${PAGE.targets}?city=${code}">本市的指标</a></p>
${years.map((cy) => renderYear(cy, root))}
<section aria-labelledby="history">
<h2 id="history">历史 history</h2>
<p>各版本中本市承诺事项的新增、修改与撤回，最新的在前；首次收录的事项和仅重新编号的事项已折叠。</p>
${history.length > 0 ? renderHistory(history, root, chrome) : html`<p class="empty">没有记录。</p>`}
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
