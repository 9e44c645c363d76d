/**
 * Why a change happened, as the site shows it: the commits behind it (short sha, subject,
 * date, pull request), the commit a release was built from, and, when a release lists no
 * commits, why. Commits and pull requests are links only when the site was given the
 * repository's address (site --repo-url, or GitHub Actions' GITHUB_SERVER_URL and
 * GITHUB_REPOSITORY); otherwise they are named as text.
 */
import { HISTORY_NOTE } from '../render/render-changelog.ts';
import type { CityRecord, ReleaseSource, SeedCommit } from '../schemas/release.ts';
import { html, safeExternalUrl, type SafeHtml } from './escape.ts';
import { el, type ViewNode } from './view-tree.ts';

/** How many hex digits of a commit the site shows (as the changelog does). */
const SHORT_SHA = 12;

/** A commit's sha, short, linked to the repository when its address is known. */
export function commitShaView(sha: string, repoUrl: string | null): ViewNode {
  const code = el('code', { class: 'sha', title: sha }, sha.slice(0, SHORT_SHA));
  return repoUrl ? el('a', { href: `${repoUrl}/commit/${sha}` }, code) : code;
}

/** The full sha of a release's commit (linked when the repository is known). */
export function fullShaView(sha: string, repoUrl: string | null): ViewNode {
  const code = el('code', { class: 'sha' }, sha);
  return repoUrl ? el('a', { href: `${repoUrl}/commit/${sha}` }, code) : code;
}

/** Commits, one per line: `abc123def456` subject · 2023-11-20 · PR #12. */
export function commitsView(commits: readonly SeedCommit[], repoUrl: string | null): ViewNode {
  if (commits.length === 0) return null;
  return el(
    'ul',
    { class: 'commits' },
    commits.map((c) =>
      el(
        'li',
        {},
        commitShaView(c.sha, repoUrl),
        ' ',
        el('span', { class: 'subject' }, c.subject),
        ' · ',
        el('time', { datetime: c.date }, c.date.slice(0, 10)),
        c.pr !== null && [' · ', repoUrl ? el('a', { href: `${repoUrl}/pull/${c.pr}` }, `PR #${c.pr}`) : `PR #${c.pr}`],
      ),
    ),
  );
}

/** The commits behind several changes (of one seed file, usually), each once, in the order first met. */
export function commitsOf(changes: ReadonlyArray<{ readonly commits?: readonly SeedCommit[] | undefined }>): SeedCommit[] {
  const seen = new Map<string, SeedCommit>();
  for (const c of changes) for (const commit of c.commits ?? []) if (!seen.has(commit.sha)) seen.set(commit.sha, commit);
  return [...seen.values()];
}

/** Why a release lists no commits, in words; null when it lists them. */
export function historyNote(source: ReleaseSource | undefined): string | null {
  if (!source) return '此版本发布时尚未记录提交信息（较早的发布格式），未列出提交记录';
  return source.history === 'complete' ? null : HISTORY_NOTE[source.history];
}

/** The commit facts of a release (for its <dl class="facts">): built from, and the previous release's. */
export function buildFactsView(source: ReleaseSource | undefined, repoUrl: string | null): ViewNode {
  const fact = (term: string, value: ViewNode): ViewNode => [el('div', {}, el('dt', {}, term), el('dd', {}, value)), '\n'];
  return [
    fact('构建提交 build commit', source?.commit ? fullShaView(source.commit, repoUrl) : '未记录'),
    source?.previousCommit && fact('上一版本提交 previous commit', fullShaView(source.previousCommit, repoUrl)),
  ];
}

/** The articles the cities' seeds cite, each once: title (linked when it has an http(s) URL), publisher, date. */
export function renderSources(cities: readonly CityRecord[]): SafeHtml {
  const seen = new Map<string, CityRecord['source']>();
  for (const c of cities) seen.set(JSON.stringify([c.source.title, c.source.publisher, c.source.url ?? '', c.source.date ?? '']), c.source);
  return html`<ul class="sources">${[...seen.values()].map((s) => html`<li>来源 source：${renderSourceCitation(s)}</li>`)}</ul>`;
}

/** One article: <a href="url">title</a>（publisher，date）. */
export function renderSourceCitation(s: CityRecord['source']): SafeHtml {
  const url = safeExternalUrl(s.url);
  const title = url ? html`<a href="${url}" rel="noreferrer noopener">${s.title}</a>` : html`${s.title}`;
  return html`${title}（${s.publisher}${s.date ? html`，<time datetime="${s.date}">${s.date}</time>` : ''}）`;
}
