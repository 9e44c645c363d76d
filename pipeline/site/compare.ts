import { diffDatasets } from '../diff/diff-datasets.ts';
import type { Dataset } from '../domain/dataset.ts';
import { renderChangeGroups } from './changes-view.ts';
import { html, type SafeHtml } from './escape.ts';
import { renderPage, type SiteChrome } from './layout.ts';
import type { SiteIndex } from './model.ts';
import { PAGE } from './paths.ts';

/** data/v<version>.json: what the compare script reads of one version. */
export interface VersionData {
  readonly version: string;
  readonly records: Dataset['records'];
  readonly cities: Dataset['cities'];
  /** City code → the city's page, relative to the site root (so the script builds no paths itself). */
  readonly cityPages: Readonly<Record<string, string>>;
}

export function renderVersionData(dataset: Dataset & { version: string }): VersionData {
  const cityPages: Record<string, string> = {};
  for (const c of dataset.cities) cityPages[c.code] = PAGE.city(c.code);
  return { version: dataset.version, records: dataset.records, cities: dataset.cities, cityPages };
}

/** A comparison of two versions, computed with the project's diffDatasets (the same diff releases use). */
export function renderComparison(before: Dataset, after: Dataset, root: string): SafeHtml {
  const diff = diffDatasets(before, after);
  return html`<p class="compare-summary">v${before.version ?? ''} → v${after.version ?? ''}：新增 <strong>${diff.summary.added}</strong> 项，撤回 <strong>${diff.summary.removed}</strong> 项，修改 <strong>${diff.summary.modified}</strong> 项</p>
${renderChangeGroups(diff.changes, { before, after }, root)}`;
}

function options(versions: readonly string[], selected: string): SafeHtml {
  return html`${[...versions].reverse().map((v) => html`<option value="${v}"${v === selected ? ' selected' : ''}>v${v}</option>`)}`;
}

/**
 * compare.html: any two versions. Pre-rendered for the first and the latest version, so
 * it reads without JavaScript; the script (compare.js) loads data/v*.json for any other pair.
 */
export function renderComparePage(index: SiteIndex, chrome: SiteChrome): string {
  const versions = index.releases.map((r) => r.version);
  const first = index.releases[0]!;
  const last = index.latest;
  const single = first === last;
  const body = html`<h1>版本比较 compare</h1>
<p>选择任意两个版本，查看其间新增、撤回和修改的承诺事项；改动的字符以<del>删除</del>与<ins>新增</ins>标出。</p>
<noscript><p class="notice">未启用 JavaScript：下面是 v${first.version} 与 v${last.version} 的比较；各版本相对上一版本的变更见各版本页面。</p></noscript>
<form id="compare-form" class="compare-form" action="${PAGE.compare}" method="get" hidden>
<div><label for="from">从 from</label> <select id="from" name="from">${options(versions, first.version)}</select></div>
<div><label for="to">到 to</label> <select id="to" name="to">${options(versions, last.version)}</select></div>
<button type="submit">比较 compare</button>
<button type="button" id="swap">交换 swap</button>
</form>
<div id="compare-result" class="changes" aria-live="polite" data-from="${first.version}" data-to="${last.version}">
${single ? html`<p class="empty">目前只有一个版本 v${last.version}，暂无可比较的内容。</p>` : renderComparison(first.dataset, last.dataset, '')}
</div>`;
  return renderPage({
    path: PAGE.compare,
    title: '版本比较',
    description: '比较任意两个版本的承诺事项：新增、撤回、改写、重新编号、责任人调整。',
    section: 'compare',
    body,
    scripts: ['diff.js', 'compare-data.js', 'compare.js'],
    chrome,
  });
}
