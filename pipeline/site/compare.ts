import { comparisonTitle, comparisonView } from './comparison-view.ts';
import { html, type SafeHtml } from './escape.ts';
import { renderPage, type SiteChrome } from './layout.ts';
import type { SiteIndex } from './model.ts';
import { PAGE } from './paths.ts';
import { renderViewToggle } from './release-page.ts';
import { renderViewHtml } from './view-tree.ts';

function options(versions: readonly string[], selected: string): SafeHtml {
  return html`${[...versions].reverse().map((v) => html`<option value="${v}"${v === selected ? ' selected' : ''}>v${v}</option>`)}`;
}

/**
 * compare.html: any two versions. Pre-rendered for the first and the latest version, so
 * it reads without JavaScript; the page's script (browser/compare.ts) loads the data of any
 * other pair (data/v*.json over HTTP, data/v*.js from file://) and shows it with the same
 * views, one history entry per pair.
 */
export function renderComparePage(index: SiteIndex, chrome: SiteChrome): string {
  const versions = index.releases.map((r) => r.version);
  const first = index.releases[0]!;
  const last = index.latest;
  const single = first === last;
  const body = html`<h1>版本比较 compare</h1>
<p>选择任意两个版本，查看其间新增、撤回和修改的承诺事项；改动的字符以<del>删除</del>与<ins>新增</ins>标出，复制时旧文本在 [-…-] 中、新文本在 {+…+} 中。链接可指向某个城市或某项变更（#city-…、#change-…）。</p>
<noscript><p class="notice">未启用 JavaScript：下面是 v${first.version} 与 v${last.version} 的比较；各版本相对上一版本的变更见各版本页面。</p></noscript>
<form id="compare-form" class="compare-form" action="${PAGE.compare}" method="get" hidden>
<div><label for="from">从 from</label> <select id="from" name="from">${options(versions, first.version)}</select></div>
<div><label for="to">到 to</label> <select id="to" name="to">${options(versions, last.version)}</select></div>
<button type="submit">比较 compare</button>
<button type="button" id="swap">交换 swap</button>
</form>
${renderViewToggle()}
<div id="compare-result" class="changes" aria-live="polite" data-from="${first.version}" data-to="${last.version}">
${single ? html`<p class="empty">目前只有一个版本 v${last.version}，暂无可比较的内容。</p>` : renderViewHtml(comparisonView(first.dataset, last.dataset, ''))}
</div>`;
  return renderPage({
    path: PAGE.compare,
    title: single ? '版本比较' : comparisonTitle(first.version, last.version),
    description: '比较任意两个版本的承诺事项：新增、撤回、改写、重新编号、责任人调整、承诺弱化。',
    section: 'compare',
    body,
    scripts: ['compare.js'],
    chrome,
  });
}
