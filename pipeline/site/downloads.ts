import { html, type SafeHtml } from './escape.ts';
import { formatBytes } from './labels.ts';
import type { SiteRelease } from './model.ts';
import { PAGE } from './paths.ts';

const ASSET_NOTE: Record<string, string> = {
  'commitments.json': '承诺事项 JSON',
  'commitments.csv': '承诺事项 CSV（UTF-8，数据原样，供程序使用）',
  'commitments-excel.csv': '承诺事项 CSV（Excel/WPS 用：带 BOM，公式防护）',
  'commitments.parquet': '承诺事项 Parquet（带类型，供程序与数据库）',
  'targets.csv': '指标 CSV（每项量化指标一行）',
  'cities.json': '城市 JSON',
  'changes.json': '变更 JSON',
  'CHANGELOG.md': '变更说明',
  'datapackage.json': 'Data Package 描述',
  SHA256SUMS: '校验和（sha256sum -c）',
};

/** The files of one release: link, what it is, size and SHA-256 (copied into the site, same origin). */
export function renderDownloads(release: SiteRelease, root: string, caption: string): SafeHtml {
  return html`<div class="table-wrap"><table class="downloads">
<caption>${caption}</caption>
<thead><tr><th scope="col">文件 file</th><th scope="col">说明</th><th scope="col">大小 size</th><th scope="col">SHA-256</th></tr></thead>
<tbody>
${release.assets.map(
  (a) =>
    html`<tr><td data-label="文件"><a href="${root}${PAGE.download(release.version, a.name)}" download>${a.name}</a></td><td data-label="说明">${
      ASSET_NOTE[a.name] ?? (a.name.endsWith('.zip') ? '全部文件（zip，内含 SHA256SUMS）' : '')
    }</td><td data-label="大小" class="num">${formatBytes(a.bytes)}<span class="sr-only">（${a.bytes} 字节）</span></td><td data-label="SHA-256" class="hash"><code>${a.sha256}</code></td></tr>\n`,
)}</tbody>
</table></div>`;
}
