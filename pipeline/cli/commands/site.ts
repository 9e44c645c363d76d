import path from 'node:path';
import { PipelineError } from '../../errors.ts';
import { guardFs, withState } from '../../fs-errors.ts';
import { buildSite } from '../../site/build-site.ts';
import { readString, type Command, type Values } from '../command.ts';
import { createStore, STORE_HELP, STORE_OPTIONS } from '../context.ts';

/** --base-url: an absolute http(s) URL or a path from the host's root, always ending in '/'. */
function readBaseUrl(values: Values): string | null {
  const raw = values['base-url'];
  if (raw === undefined) return null;
  const value = String(raw);
  const ok = /^\/[^\s"'<>\\]*$/.test(value) || /^https?:\/\/[^\s"'<>\\/]+(\/[^\s"'<>\\]*)?$/.test(value);
  if (!ok) throw new PipelineError('E_USAGE', `--base-url must be an http(s) URL or a path starting with /, not "${value}"`);
  return value.endsWith('/') ? value : `${value}/`;
}

/**
 * The repository's address for links to commits and pull requests: --repo-url, else the one
 * GitHub Actions names (GITHUB_SERVER_URL/GITHUB_REPOSITORY); null when neither is given.
 */
function readRepoUrl(values: Values, env: Readonly<Record<string, string | undefined>>): string | null {
  const raw = values['repo-url'];
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo } = env;
  const value = raw !== undefined ? String(raw) : server && repo ? `${server}/${repo}` : null;
  if (value === null) return null;
  if (!/^https?:\/\/[^\s"'<>\\/?#]+(\/[^\s"'<>\\?#]*)?$/.test(value)) {
    throw new PipelineError('E_USAGE', `${raw !== undefined ? '--repo-url' : 'GITHUB_SERVER_URL/GITHUB_REPOSITORY'} must be an http(s) URL of the repository, not "${value}"`);
  }
  return value.replace(/\/+$/, '');
}

// The site reads releases only; it has no use for --seeds.
const STORE_HELP_WITHOUT_SEEDS = STORE_HELP.split('\n')
  .filter((line) => !line.includes('--seeds'))
  .join('\n');

export const siteCommand: Command = {
  name: 'site',
  summary: 'render the static site (browse, search, compare releases) from the store',
  help: `Usage: site [--store local|github] [--releases DIR] [--out DIR] [--base-url URL] [--repo-url URL]

Renders a static website from every release in the store, for auditors and the
public: an overview (source, latest version, coverage of the 16 cities, every
download with size and SHA-256), a page per city (commitments, contact,
history), per commitment (every version, text changes highlighted character by
character), per release (its changelog, the commits behind it) and per
responsible official, a search over every version and a table as of each
release, the quantitative targets (指标), a comparison of any two versions, the
cumulative changelog and an Atom feed (feed.xml).

Releases are read through the store (local folder or GitHub Releases), each
asset checked against SHA256SUMS and the JSON against schemas/. The pages are
pre-rendered (readable without JavaScript), use relative links (they work under
any sub-path and from file://), load nothing from other sites, and are
byte-identical for the same releases. The site is built in a temporary folder
and swapped into place, so a failed build leaves the previous site as it was.

Options:
  --out DIR          where the site goes (default: dist/site); the folder is
                     replaced as a whole, and only if it is empty or a site built
                     by this command
  --base-url URL     public address of the site, e.g. https://owner.github.io/repo/
                     (used for canonical links and, if absolute, sitemap.xml;
                     links inside the site are relative and need no base)
  --repo-url URL     the source repository, e.g. https://github.com/owner/repo:
                     commits and pull requests become links to it (default: from
                     GITHUB_SERVER_URL and GITHUB_REPOSITORY when both are set;
                     otherwise they are named as text, without links)
${STORE_HELP_WITHOUT_SEEDS}
  -h, --help         show this help

Examples:
  site                                   dist/releases → dist/site
  site --store github --base-url https://owner.github.io/repo/`,
  options: { store: STORE_OPTIONS.store, releases: STORE_OPTIONS.releases, out: { type: 'string' }, 'base-url': { type: 'string' }, 'repo-url': { type: 'string' } },
  positionals: { min: 0, max: 0 },
  async run(values, _positionals, io) {
    const baseUrl = readBaseUrl(values);
    const repoUrl = readRepoUrl(values, io.env);
    const store = await createStore(values, io);
    const out = readString(values, 'out', path.join('dist', 'site'));
    const shown = out.split(path.sep).join('/');
    const outDir = path.resolve(io.cwd, out);
    // The builder writes a temporary folder beside --out and swaps it in: a failure never leaves half a site.
    const state = `no half-written site: ${shown} is as it was (or, if only the clean-up failed, holds the complete new site); temporary folders beside it go with the next build`;
    const result = await guardFs({ action: `write the site to ${shown}`, path: path.dirname(outDir), elsewhere: '--out DIR', state }, () =>
      buildSite({ store, outDir, displayOutDir: shown, baseUrl, repoUrl }),
    ).catch((err: unknown) => {
      throw withState(err, state); // a fault reading the store was classified there
    });
    const first = result.versions[0]!;
    const last = result.versions[result.versions.length - 1]!;
    io.stdout(
      `built site from ${store.description}: ${result.versions.length} release(s) (v${first}${first === last ? '' : ` … v${last}`}), ` +
        `${result.pages} pages, ${result.files} files, ${(result.bytes / 1024).toFixed(0)} KiB at ${shown}\n`,
    );
    return 0;
  },
};
