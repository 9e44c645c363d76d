/**
 * official/<city code>-<name in hex>.html: one responsible official (责任人) of one city, and
 * what they answer for: the latest release's commitments that name them, with targets and
 * due dates, and those they answered for before (dropped from the list, or withdrawn).
 */
import type { CommitmentRecord } from '../schemas/release.ts';
import { html, type SafeHtml } from './escape.ts';
import { renderPage, type SiteChrome } from './layout.ts';
import type { Official, SiteIndex } from './model.ts';
import { PAGE } from './paths.ts';
import { renderNames } from './record-table.ts';
import { targetMarkedView } from './targets-view.ts';
import { renderViewHtml } from './view-tree.ts';

function renderRow(r: CommitmentRecord, root: string, extra: SafeHtml | null): SafeHtml {
  const targets = r.targets ?? [];
  return html`<tr><td data-label="序号" class="seq">${r.seq}</td><td class="text">${renderViewHtml(targetMarkedView(r.text, r.targets))}</td><td data-label="指标" class="targets">${
    targets.length > 0 ? html`${targets.map((t, i) => html`${i > 0 ? '；' : ''}<span class="target-reading">${t.indicator ? `${t.indicator} ` : ''}${t.span}</span>`)}` : '—'
  }</td><td data-label="完成时间" class="deadline">${r.deadline}</td><td data-label="截止日期" class="due">${r.due ? html`<time datetime="${r.due}">${r.due}</time>` : r.ongoing ? '长期' : '—'}</td><td data-label="责任人" class="responsible">${renderNames(r.responsible, { root, cityCode: r.cityCode })}</td><td data-label="编号" class="id"><a href="${root}${PAGE.commitment(r.id)}">${r.id}</a></td>${
    extra ? html`<td data-label="变化" class="since">${extra}</td>` : ''
  }</tr>\n`;
}

function renderTable(caption: string, rows: SafeHtml[], former: boolean): SafeHtml {
  return html`<div class="table-wrap"><table class="records official-table">
<caption class="sr-only">${caption}</caption>
<thead><tr><th scope="col">序号 seq</th><th scope="col">承诺事项 text</th><th scope="col">指标 targets</th><th scope="col">完成时间 deadline</th><th scope="col">截止日期 due</th><th scope="col">责任人 responsible</th><th scope="col">编号 id</th>${
    former ? html`<th scope="col">变化 since</th>` : ''
  }</tr></thead>
<tbody>
${rows}</tbody>
</table></div>`;
}

/** The page of one official. */
export function renderOfficialPage(index: SiteIndex, official: Official, chrome: SiteChrome): string {
  const path = PAGE.official(official.cityCode, official.name);
  const root = '../';
  const { current, former } = official;
  const body = html`<nav class="crumbs" aria-label="位置 breadcrumb"><a href="${root}${PAGE.overview}">概览</a> › <a href="${root}${PAGE.city(official.cityCode)}">${official.city}</a> › 责任人</nav>
<h1>${official.name} <span class="city">${official.city}</span></h1>
<p>${official.city}承诺事项中列为责任人的 ${official.name}：v${index.latest.version} 中负责 ${current.length} 项${former.length > 0 ? `，此前另负责 ${former.length} 项` : ''}。同名的人在不同城市各有一页。<a href="${root}${PAGE.search}?who=${encodeURIComponent(official.name)}&amp;city=${official.cityCode}">在搜索中查看</a></p>
<section id="current" aria-labelledby="current-h">
<h2 id="current-h">现负责 current（${current.length}）</h2>
${current.length > 0 ? renderTable(`${official.name}现负责的承诺事项`, current.map((r) => renderRow(r, root, null)), false) : html`<p class="empty">最新版本中没有列为责任人的承诺事项。</p>`}
</section>
${
  former.length > 0
    ? html`<section id="former" aria-labelledby="former-h">
<h2 id="former-h">曾负责 formerly（${former.length}）</h2>
${renderTable(
  `${official.name}曾负责的承诺事项`,
  former.map((f) =>
    renderRow(f.record, root, f.why === 'withdrawn' ? html`已撤回 <a href="${root}${PAGE.release(f.since)}">v${f.since}</a>` : html`自 <a href="${root}${PAGE.release(f.since)}">v${f.since}</a> 起不再列出`),
  ),
  true,
)}
</section>`
    : ''
}`;
  return renderPage({
    path,
    title: `${official.name}（${official.city}）`,
    description: `${official.city} ${official.name} 作为责任人的承诺事项、指标与完成时间。`,
    section: 'official',
    body,
    chrome,
  });
}
