/**
 * The home page's chart of each release's changes (新增 added, 撤回 withdrawn, 修改 modified,
 * 仅重新编号 renumbered), drawn when the site is built as inline SVG: no script, no file to
 * load, colours from the stylesheet. Accessible three ways: the SVG is an image with a title
 * and a description that says every number, each bar has its own title, and the same numbers
 * follow in a table.
 */
import { releaseCounts, type ChangeCounts } from './counts.ts';
import { html, type SafeHtml } from './escape.ts';
import type { SiteRelease } from './model.ts';

const KINDS = [
  { key: 'added', label: '新增' },
  { key: 'removed', label: '撤回' },
  { key: 'modified', label: '修改' },
  { key: 'renumbered', label: '仅重新编号' },
] as const satisfies ReadonlyArray<{ key: Exclude<keyof ChangeCounts, 'weakened'>; label: string }>;

const WIDTH = 640;
const LABEL = 72;
const BAR = 9;
const GAP = 2;
const ROW = KINDS.length * (BAR + GAP) + 10;
const LEGEND = 24;
/** Room right of the longest bar for its number. */
const NUMBER = 44;

/** The chart (newest release first), its description, and the table of the same numbers. */
export function renderReleaseChart(releases: readonly SiteRelease[]): SafeHtml {
  const newestFirst = [...releases].reverse();
  const drawn = newestFirst.filter((r) => r.changes.bump !== 'initial');
  const initial = newestFirst.filter((r) => r.changes.bump === 'initial');
  const counts = new Map(newestFirst.map((r) => [r, releaseCounts(r.changes)]));
  const max = Math.max(1, ...drawn.flatMap((r) => KINDS.map((k) => counts.get(r)![k.key])));
  const scale = (WIDTH - LABEL - NUMBER) / max;
  const height = LEGEND + Math.max(1, drawn.length) * ROW;
  const description = newestFirst.map((r) => {
    const c = counts.get(r)!;
    return `v${r.version}：${KINDS.map((k) => `${k.label} ${c[k.key]} 项`).join('，')}`;
  });
  const legend = KINDS.map(
    (k, i) => html`<rect class="swatch ${k.key}" x="${LABEL + i * 130}" y="4" width="12" height="12"></rect><text x="${LABEL + i * 130 + 16}" y="14">${k.label}</text>`,
  );
  const rows = drawn.map((r, row) => {
    const c = counts.get(r)!;
    const top = LEGEND + row * ROW;
    return html`<g class="release-row"><text class="version" x="0" y="${top + 2 * (BAR + GAP)}">v${r.version}</text>${KINDS.map((k, i) => {
      const n = c[k.key];
      const y = top + i * (BAR + GAP);
      const w = Math.round(n * scale * 10) / 10;
      return html`<rect class="bar ${k.key}" x="${LABEL}" y="${y}" width="${w}" height="${BAR}" data-version="${r.version}" data-kind="${k.key}" data-count="${n}"><title>v${r.version} ${k.label} ${n} 项</title></rect><text class="count" x="${LABEL + w + 4}" y="${y + BAR - 1}">${n}</text>`;
    })}</g>`;
  });
  return html`<figure class="release-chart">
<svg class="chart" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-labelledby="chart-title chart-desc" xmlns="http://www.w3.org/2000/svg">
<title id="chart-title">各版本的变更</title>
<desc id="chart-desc">${description.join('；')}。</desc>
${legend}
${rows}
</svg>
<figcaption>各版本相对上一版本的变更，最新的在上${initial.length > 0 ? html`；首次发布（${initial.map((r) => `v${r.version} 收录 ${counts.get(r)!.added} 项`).join('、')}）不画出，见下表` : ''}。</figcaption>
<div class="table-wrap"><table class="chart-table">
<caption class="sr-only">各版本的变更：新增、撤回、修改、仅重新编号的项数</caption>
<thead><tr><th scope="col">版本</th>${KINDS.map((k) => html`<th scope="col" class="num">${k.label}</th>`)}</tr></thead>
<tbody>
${newestFirst.map((r) => {
  const c = counts.get(r)!;
  return html`<tr><th scope="row">v${r.version}</th>${KINDS.map((k) => html`<td class="num">${c[k.key]}</td>`)}</tr>\n`;
})}</tbody>
</table></div>
</figure>`;
}
