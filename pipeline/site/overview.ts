import { CITIES } from '../domain/cities.ts';
import type { CityRecord } from '../schemas/release.ts';
import { renderReleaseChart } from './chart.ts';
import { countsShort, releaseCounts } from './counts.ts';
import { renderDownloads } from './downloads.ts';
import { html, safeExternalUrl, type SafeHtml } from './escape.ts';
import { BUMP_LABEL } from '../schemas/fields.ts';
import { dateOf } from './labels.ts';
import { renderPage, SITE_SUBTITLE, SITE_TITLE, type SiteChrome } from './layout.ts';
import type { SiteIndex, SiteRelease } from './model.ts';
import { PAGE } from './paths.ts';
import { renderSources } from './provenance-view.ts';

/** The licences the latest release's datapackage.json names. */
function renderLicences(release: SiteRelease): SafeHtml {
  const licenses = release.licenses ?? [];
  if (licenses.length === 0) return html`<p class="licence">许可 licence：发布文件未注明。</p>`;
  return html`<p class="licence">许可 licence：${licenses.map((l, i) => {
    const url = safeExternalUrl(l.path);
    const name = l.title ?? l.name ?? '';
    return html`${i > 0 ? '；' : ''}${url ? html`<a href="${url}" rel="noreferrer noopener">${name}</a>` : name}${l.title && l.name ? html`（${l.name}）` : ''}`;
  })}（见各版本的 datapackage.json）</p>`;
}

/** Where to send a correction: the data (the repository's issues, when the site knows it), the commitments themselves (the cities' contacts). */
function renderCorrections(repoUrl: string | null): SafeHtml {
  return html`<section class="corrections" aria-labelledby="corrections">
<h2 id="corrections">纠错与反馈 corrections</h2>
<p>本站数据（录入、编号、指标读取）有误：${
    repoUrl ? html`请在代码库 <a href="${repoUrl}/issues">${repoUrl}/issues</a> 提出（issue），或提交修改种子文件的拉取请求（pull request）` : '请向本数据集的维护者（发布这些版本的代码库）提出，说明版本、编号与出处'
  }。每项更正都会成为新的版本，其提交记录列在该版本的页面上。</p>
<p>承诺事项本身（进度、完成情况）：请联系各市公布的联系人及办公电话（见下方各市的“联系人”）。</p>
</section>`;
}

function renderCoverage(year: number, cities: readonly CityRecord[], root: string): SafeHtml {
  const byCode = new Map(cities.filter((c) => c.year === year).map((c) => [c.code, c]));
  const complete = [...byCode.values()].filter((c) => c.complete).length;
  const incomplete = byCode.size - complete;
  const missing = CITIES.length - byCode.size;
  const total = [...byCode.values()].reduce((n, c) => n + c.commitments, 0);
  return html`<section class="coverage" aria-labelledby="coverage-${year}">
<h3 id="coverage-${year}">${year}年 · 16市覆盖情况 coverage</h3>
<p class="coverage-summary"><span class="status complete">完整 ${complete} 市</span> <span class="status incomplete">不完整 ${incomplete} 市</span> <span class="status missing">缺失 ${missing} 市</span> · 共 ${total} 项承诺</p>
<div class="table-wrap"><table class="coverage-table">
<caption class="sr-only">${year}年各市收录情况与承诺事项数</caption>
<thead><tr><th scope="col">城市<span class="en-h"> city</span></th><th scope="col">状态<span class="en-h"> status</span></th><th scope="col" class="num">项数<span class="en-h"> count</span></th><th scope="col">联系人<span class="en-h"> contact</span></th></tr></thead>
<tbody>
${CITIES.map((city) => {
  const c = byCode.get(city.code);
  if (!c) return html`<tr class="missing"><th scope="row">${city.name}</th><td><span class="status missing">缺失<span class="en-h"> missing</span></span></td><td class="num">—</td><td>—</td></tr>\n`;
  return html`<tr><th scope="row"><a href="${root}${PAGE.city(c.code)}">${c.name}</a></th><td>${
    c.complete ? html`<span class="status complete">完整<span class="en-h"> complete</span></span>` : html`<span class="status incomplete">不完整<span class="en-h"> incomplete</span></span>`
  }</td><td class="num">${c.commitments}</td><td>${c.contact ? html`${c.contact.name} <span class="tel">${c.contact.phone}</span>` : '—'}</td></tr>\n`;
})}</tbody>
</table></div>
</section>`;
}

function renderReleaseEntry(release: SiteRelease, isLatest: boolean, inStore: (version: string) => boolean, root: string): SafeHtml {
  const { changes } = release;
  const date = dateOf(release.created);
  return html`<details class="release"${isLatest ? ' open' : ''}>
<summary><span class="version">v${release.version}</span> ${date ? html`<time datetime="${release.created}">${date}</time> ` : ''}<span class="tag">${BUMP_LABEL[changes.bump]}</span> ${countsShort(releaseCounts(changes))}</summary>
<p><a href="${root}${PAGE.release(release.version)}">查看 v${release.version} 的变更 changelog</a>${
    changes.from && inStore(changes.from) ? html` · <a href="${root}${PAGE.compare}?from=${changes.from}&amp;to=${release.version}">与 v${changes.from} 比较</a>` : ''
  }</p>
${renderDownloads(release, root, `v${release.version} 的文件 downloads`)}
</details>`;
}

/** index.html: what the dataset is, the latest version, coverage of the 16 cities, and every download. */
export function renderOverview(index: SiteIndex, chrome: SiteChrome): string {
  const root = '';
  const latest = index.latest;
  const { cities, records } = latest.dataset;
  const years = [...new Set(cities.map((c) => c.year))].sort((a, b) => b - a);
  const intro = cities.find((c) => c.year === years[0] && c.source.intro)?.source.intro;
  const date = dateOf(latest.created);
  const body = html`<h1>${SITE_TITLE} <span class="en" lang="en">${SITE_SUBTITLE}</span></h1>
${renderSources(cities)}
${intro ? html`<blockquote class="intro"><p>${intro}</p></blockquote>` : ''}
<section class="latest" aria-labelledby="latest">
<h2 id="latest">最新版本 latest</h2>
<p class="latest-line"><a class="version" href="${PAGE.release(latest.version)}">v${latest.version}</a>${
    date ? html` · 发布日期 <time datetime="${latest.created}">${date}</time>` : ''
  } · ${records.length} 项承诺 · ${cities.length} 个城市·年度 · 共 ${index.releases.length} 个版本 · <a href="${PAGE.changelog}">更新日志</a> · <a href="${PAGE.feed}">订阅 feed</a></p>
${renderLicences(latest)}
<form class="search-box" action="${PAGE.search}" method="get" role="search">
<label for="q">搜索承诺事项 search</label>
<input id="q" name="q" type="search" placeholder="例如：高新技术企业">
<button type="submit">搜索</button>
</form>
</section>
${renderCorrections(chrome.repoUrl)}
<section aria-labelledby="chart">
<h2 id="chart">各版本的变更 changes per release</h2>
${renderReleaseChart(index.releases)}
</section>
<section aria-labelledby="coverage">
<h2 id="coverage">城市 cities</h2>
${years.map((y) => renderCoverage(y, cities, root))}
</section>
<section aria-labelledby="releases">
<h2 id="releases">版本与下载 releases &amp; downloads</h2>
<p>每个文件都列出大小与 SHA-256；zip 内另有 SHA256SUMS。</p>
${[...index.releases].reverse().map((r) => renderReleaseEntry(r, r === latest, (v) => index.releases.some((x) => x.version === v), root))}
</section>`;
  return renderPage({
    path: PAGE.overview,
    title: '概览',
    description: `${SITE_TITLE}：v${latest.version}，${records.length} 项承诺，各市覆盖情况与下载。`,
    section: 'overview',
    body,
    chrome,
  });
}
