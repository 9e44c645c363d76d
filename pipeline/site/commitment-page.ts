import { isRenumbering } from '../diff/diff-datasets.ts';
import { showTarget } from '../render/show-value.ts';
import type { CommitmentRecord } from '../schemas/release.ts';
import { effectsView, modificationKinds, renderFieldList } from './changes-view.ts';
import { html, type SafeHtml } from './escape.ts';
import { COMPARATOR_LABEL, dateOf } from './labels.ts';
import { renderPage, type SiteChrome } from './layout.ts';
import type { DatedChange, SiteIndex, SiteRelease } from './model.ts';
import { PAGE } from './paths.ts';
import { commitsView, historyNote } from './provenance-view.ts';
import { renderNames } from './record-table.ts';
import { targetMarkedView } from './targets-view.ts';
import { renderViewHtml } from './view-tree.ts';

function releaseLink(release: SiteRelease, root: string): SafeHtml {
  const date = dateOf(release.created);
  return html`<a href="${root}${PAGE.release(release.version)}">v${release.version}</a>${date ? html` · <time datetime="${release.created}">${date}</time>` : ''}`;
}

function renderRecordFacts(r: CommitmentRecord, root: string): SafeHtml {
  return html`<dl class="facts">
<div><dt>城市 city</dt><dd><a href="${root}${PAGE.city(r.cityCode)}">${r.city}</a>（${r.cityCode}）</dd></div>
<div><dt>年份 year</dt><dd>${r.year}</dd></div>
<div><dt>序号 seq</dt><dd>第${r.seq}项</dd></div>
<div><dt>完成时间 deadline</dt><dd>${r.deadline}${r.due ? html`（截止 <time datetime="${r.due}">${r.due}</time>）` : ''}${r.ongoing ? '（长期坚持）' : ''}</dd></div>
<div><dt>责任人 responsible</dt><dd>${renderNames(r.responsible, { root, cityCode: r.cityCode })}</dd></div>
${r.basis ? html`<div><dt>依据 basis</dt><dd>${r.basis}</dd></div>` : ''}
</dl>`;
}

/** The targets read from (or given for) the text, one row each. */
function renderTargets(r: CommitmentRecord): SafeHtml {
  const targets = r.targets ?? [];
  if (targets.length === 0) return html`<p class="empty">文本中没有读出量化指标。</p>`;
  return html`<div class="table-wrap"><table class="targets">
<caption>指标 targets（${targets.length}）</caption>
<thead><tr><th scope="col">指标 indicator</th><th scope="col">原文 span</th><th scope="col">比较 comparator</th><th scope="col" class="num">数值 value</th><th scope="col">单位 unit</th><th scope="col">来源 source</th></tr></thead>
<tbody>
${targets.map(
  (t) =>
    html`<tr title="${showTarget(t)}"><td data-label="指标">${t.indicator || '（无指标名）'}</td><td data-label="原文" class="span">${t.span}</td><td data-label="比较">${COMPARATOR_LABEL[t.comparator]}</td><td data-label="数值" class="num">${String(t.value)}</td><td data-label="单位">${t.unit}</td><td data-label="来源">${t.source === 'seed' ? '人工标注' : '规则读出'}</td></tr>\n`,
)}</tbody>
</table></div>`;
}

function renderEvent(d: DatedChange, root: string, chrome: SiteChrome): SafeHtml {
  const { change, release } = d;
  if (change.scope !== 'commitment') return html``;
  const commits = change.commits ?? [];
  const note = commits.length === 0 ? historyNote(release.changes.source) : null;
  const why = commits.length > 0 ? renderViewHtml(commitsView(commits, chrome.repoUrl)) : note ? html`<p class="history-note">提交记录：${note}</p>` : '';
  if (change.type === 'added') {
    return html`<li class="event added"><p class="when">${releaseLink(release, root)} <span class="tag added">新增 added</span></p>
<p>第${change.after.seq}项：${change.after.text}</p>${why}</li>\n`;
  }
  if (change.type === 'removed') {
    return html`<li class="event removed"><p class="when">${releaseLink(release, root)} <span class="tag removed">撤回 withdrawn</span></p>
<p>此承诺事项在 v${release.version} 中撤回；编号 ${change.id} 不会再用于其他承诺事项。</p>${why}</li>\n`;
  }
  if (isRenumbering(change.fields)) {
    return html`<li class="event renumbered"><p class="when">${releaseLink(release, root)} <span class="tag">重新编号 renumbered</span></p>
${renderFieldList(change.fields)}${why}</li>\n`;
  }
  return html`<li class="event modified"><p class="when">${releaseLink(release, root)} <span class="tag modified">修改 modified</span>${
    change.weakened ? html` <span class="tag weakened">承诺弱化 weakened</span>` : ''
  } ${modificationKinds(change.fields).join('、')}</p>
${renderFieldList(change.fields)}${renderViewHtml(effectsView(change.effects))}${why}</li>\n`;
}

/** commitment/<id>.html: one commitment across every release (newest first), its targets marked, each text change highlighted by character, with the commits behind it. */
export function renderCommitmentPage(index: SiteIndex, id: string, chrome: SiteChrome): string {
  const root = '../';
  const record = index.lastRecordById.get(id);
  const history = index.historyById.get(id) ?? [];
  const current = index.latestById.get(id);
  const withdrawnIn = index.withdrawnIn.get(id);
  const status = current
    ? html`<span class="status complete">现行 current</span> v${index.latest.version} 第${current.seq}项`
    : html`<span class="status missing">已撤回 withdrawn</span>${withdrawnIn ? ` 于 v${withdrawnIn}` : ''}`;
  const body = html`<nav class="crumbs" aria-label="位置 breadcrumb"><a href="${root}${PAGE.overview}">概览</a>${
    record ? html` › <a href="${root}${PAGE.city(record.cityCode)}">${record.city}</a>` : ''
  } › ${id}</nav>
<h1>承诺事项 <span class="id">${id}</span></h1>
<p class="status-line">状态 status：${status}</p>
${
  record
    ? html`<section aria-labelledby="text"><h2 id="text">${current ? '现行文本' : '撤回前的文本'} text</h2>
<blockquote class="commitment-text"><p>${renderViewHtml(targetMarkedView(record.text, record.targets, true))}</p></blockquote>
${renderRecordFacts(record, root)}
${renderTargets(record)}</section>`
    : ''
}
<section aria-labelledby="history">
<h2 id="history">各版本变化 history</h2>
<p>此承诺事项的出现、修改与撤回，最新的在前；改动的字符以<del>删除</del>与<ins>新增</ins>标出。</p>
<ol class="timeline">
${[...history].reverse().map((d) => renderEvent(d, root, chrome))}</ol>
</section>`;
  return renderPage({
    path: PAGE.commitment(id),
    title: `承诺事项 ${id}`,
    description: record ? `${record.city}${record.year}年第${record.seq}项承诺事项及其历次变化。` : `承诺事项 ${id} 的历次变化。`,
    section: 'commitment',
    body,
    chrome,
  });
}
