import { renderChangeGroups } from './changes-view.ts';
import { countsLine, releaseCounts } from './counts.ts';
import { renderDownloads } from './downloads.ts';
import { html, type SafeHtml } from './escape.ts';
import { BUMP_LABEL } from '../schemas/fields.ts';
import { dateOf } from './labels.ts';
import { renderPage, type SiteChrome } from './layout.ts';
import type { SiteIndex, SiteRelease } from './model.ts';
import { PAGE } from './paths.ts';
import { buildFactsView, historyNote, renderSources } from './provenance-view.ts';
import { renderViewHtml } from './view-tree.ts';

/** The checkbox that shows every text change side by side (old over new) instead of inline; pure CSS, no script. */
export function renderViewToggle(): SafeHtml {
  return html`<input type="checkbox" id="split-view" class="view-toggle"><label for="split-view" class="view-toggle-label">并排显示 side by side</label>`;
}

/**
 * release/v<version>.html: the release's changelog from its changes.json, grouped by city,
 * with reworded text highlighted by character, weakened promises first, renumbering and
 * reassignments spelled out, the commits behind the changes and the articles cited.
 */
export function renderReleasePage(index: SiteIndex, release: SiteRelease, chrome: SiteChrome): string {
  const root = '../';
  const { changes } = release;
  const at = index.releases.indexOf(release);
  const older = at > 0 ? index.releases[at - 1]! : null;
  const newer = index.releases[at + 1] ?? null;
  // The changes were computed against `from` (normally the release before this one); it may
  // be missing from a store that lost a release, then it is named but not linked.
  const from = changes.from ? (index.releases.find((r) => r.version === changes.from) ?? null) : null;
  const date = dateOf(release.created);
  const counts = countsLine(releaseCounts(changes));
  const note = historyNote(changes.source);
  const body = html`<nav class="crumbs" aria-label="位置 breadcrumb"><a href="${root}${PAGE.overview}">概览</a> › v${release.version}</nav>
<h1>v${release.version} <span class="tag">${BUMP_LABEL[changes.bump]}</span></h1>
<dl class="facts">
<div><dt>上一版本 from</dt><dd>${from ? html`<a href="${root}${PAGE.release(from.version)}">v${from.version}</a>` : changes.from ? `v${changes.from}（不在发布库中）` : '无（首次发布）'}</dd></div>
${date ? html`<div><dt>发布日期 date</dt><dd><time datetime="${release.created}">${date}</time></dd></div>` : ''}
<div><dt>变更概要 summary</dt><dd>${counts}</dd></div>
<div><dt>本版收录 records</dt><dd>${release.dataset.records.length} 项承诺，${release.dataset.cities.length} 个城市·年度 · <a href="${root}${PAGE.table(release.version)}">本版全表 table</a></dd></div>
${renderViewHtml(buildFactsView(changes.source, chrome.repoUrl))}</dl>
${note ? html`<p class="notice history-note">提交记录：${note}。</p>` : ''}
${renderSources(release.dataset.cities)}
<nav class="pager" aria-label="相邻版本 releases">${older ? html`<a rel="prev" href="${root}${PAGE.release(older.version)}">← v${older.version}</a>` : ''}${
    from ? html`<a href="${root}${PAGE.compare}?from=${from.version}&amp;to=${release.version}">比较 v${from.version} → v${release.version}</a>` : ''
  }${newer ? html`<a rel="next" href="${root}${PAGE.release(newer.version)}">v${newer.version} →</a>` : ''}</nav>
<h2 id="changes">变更 changes</h2>
${renderViewToggle()}
<section aria-labelledby="changes" class="changes">
${renderChangeGroups(changes.changes, { before: from?.dataset ?? null, after: release.dataset }, { root, repoUrl: chrome.repoUrl })}
</section>
<section aria-labelledby="files">
<h2 id="files">文件 downloads</h2>
${renderDownloads(release, root, `v${release.version} 的文件`)}
</section>`;
  return renderPage({
    path: PAGE.release(release.version),
    title: `v${release.version} 变更`,
    description: `v${release.version}：${counts}。`,
    section: 'release',
    body,
    chrome,
  });
}
