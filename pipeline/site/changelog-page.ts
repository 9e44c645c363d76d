/**
 * changelog.html: the cumulative changelog, every release newest first: its counts, the
 * weakened promises, and each change in one line per city (renumberings and the first
 * release's additions folded), linked to the release page that shows it whole.
 */
import { cityKey } from '../domain/dataset.ts';
import { isRenumbering } from '../diff/diff-datasets.ts';
import type { Change } from '../schemas/release.ts';
import { BUMP_LABEL } from '../schemas/fields.ts';
import { weakenedListView } from './changes-view.ts';
import { renderChangeLine } from './city-page.ts';
import { countsLine, releaseCounts } from './counts.ts';
import { html, type SafeHtml } from './escape.ts';
import { dateOf } from './labels.ts';
import { renderPage, type SiteChrome } from './layout.ts';
import { cityCodeOfChange, type SiteIndex, type SiteRelease } from './model.ts';
import { PAGE } from './paths.ts';
import { historyNote } from './provenance-view.ts';
import { renderViewHtml } from './view-tree.ts';

function renderRelease(release: SiteRelease): SafeHtml {
  const root = '';
  const { changes } = release;
  const date = dateOf(release.created);
  const after = new Map(release.dataset.records.map((r) => [r.id, r]));
  const names = new Map(release.dataset.cities.map((c) => [cityKey(c.year, c.code), c.name]));
  const groups = new Map<string, { title: string; changes: Change[] }>();
  for (const change of changes.changes) {
    const code = cityCodeOfChange(change, after, release.dataset.cities) ?? '';
    const year = change.scope === 'city' ? change.year : change.type === 'added' ? change.after.year : change.type === 'removed' ? change.before.year : (after.get(change.id)?.year ?? 0);
    const key = cityKey(year, code);
    const group = groups.get(key) ?? { title: `${names.get(key) ?? code} · ${year}年`, changes: [] };
    group.changes.push(change);
    groups.set(key, group);
  }
  const note = historyNote(changes.source);
  return html`<section class="changelog-release" id="v${release.version}" aria-labelledby="h-v${release.version}">
<h2 id="h-v${release.version}"><a href="${PAGE.release(release.version)}">v${release.version}</a> <span class="tag">${BUMP_LABEL[changes.bump]}</span>${
    date ? html` <time datetime="${release.created}">${date}</time>` : ''
  }</h2>
<p class="counts">${countsLine(releaseCounts(changes))}${note ? html`<br><span class="history-note">提交记录：${note}</span>` : ''}</p>
${renderViewHtml(weakenedListView(changes.changes, after, PAGE.release(release.version)))}
${[...groups.values()].map((g) => {
  const renumbered: Change[] = g.changes.filter((c) => c.scope === 'commitment' && c.type === 'modified' && isRenumbering(c.fields));
  const initial: Change[] = changes.bump === 'initial' ? g.changes.filter((c) => c.scope === 'commitment') : [];
  const rest = g.changes.filter((c) => !renumbered.includes(c) && !initial.includes(c));
  return html`<h3>${g.title}</h3>
${rest.length > 0 ? html`<ul class="events">${rest.map((c) => renderChangeLine(c, root))}</ul>` : ''}
${initial.length > 0 ? html`<details class="initial"><summary>首次收录 ${initial.length} 项</summary><ul class="events">${initial.map((c) => renderChangeLine(c, root))}</ul></details>` : ''}
${renumbered.length > 0 ? html`<details class="renumbered"><summary>仅重新编号 ${renumbered.length} 项</summary><ul class="events">${renumbered.map((c) => renderChangeLine(c, root))}</ul></details>` : ''}`;
})}
</section>`;
}

export function renderChangelogPage(index: SiteIndex, chrome: SiteChrome): string {
  const body = html`<h1>更新日志 changelog</h1>
<p>全部 ${index.releases.length} 个版本的变更，最新的在前；每个版本的页面列出改动的字符、所依据的提交与文件下载。也可<a href="${PAGE.feed}">订阅 Atom feed</a>。</p>
${[...index.releases].reverse().map(renderRelease)}`;
  return renderPage({
    path: PAGE.changelog,
    title: '更新日志',
    description: `全部 ${index.releases.length} 个版本的变更，最新的在前。`,
    section: 'changelog',
    body,
    chrome,
  });
}
