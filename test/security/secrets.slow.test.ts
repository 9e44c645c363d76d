/**
 * The token never leaks: every command in COMMANDS runs with a fake GITHUB_TOKEN (and
 * GH_TOKEN) in its environment. Commands with a GitHub path (release/diff/site --store github,
 * pr-comment) run against a fake GitHub in every failure mode we know (500 on every retry,
 * 401, 403, 404, a read-only token, dropped connections, timeouts, and a hostile server that
 * echoes the Authorization header back in its error answers), plus a success path; every
 * command also runs with good and bad input and no use for GitHub (it must send no request).
 * After each run the token's value, its Authorization-header forms (`token …`, `Bearer …`,
 * Basic base64, percent-encoded) and any 15 characters in a row of its random part must
 * appear in none of: stdout, stderr, whatever reached the process's own stdout/stderr/console,
 * every file in the workspace and in the temporary folders the run created (zips opened), what
 * was sent to GitHub other than the Authorization header (which may go to the API only), and
 * what the fake GitHub stored. Exit codes and messages are checked too, so a command cannot
 * pass by doing nothing. The library is also called directly (thrown errors), and the CLI
 * runs as a child process (its real streams, the unwrapped production client).
 *
 * The CLI offers no option for the GitHub client's waits (it always uses PRODUCTION_TIMING:
 * 4 retries with a 1, 4, 9, 16 s backoff), so the client module is wrapped here: the same
 * code, with waits of milliseconds, 2 retries, and a fetch that records what is sent.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { COMMANDS } from '../../pipeline/cli.ts';
import { PipelineError } from '../../pipeline/errors.ts';
import { redactSecrets } from '../../pipeline/redact.ts';
import { renderZip } from '../../pipeline/render/render-zip.ts';
import { createGithubClient } from '../../pipeline/store/github/client.ts';
import { createGithubStoreFromEnv, readGithubEnv } from '../../pipeline/store/github/from-env.ts';
import { GithubStore } from '../../pipeline/store/github/github-store.ts';
import { upsertPrComment } from '../../pipeline/store/github/pr-comment.ts';
import { HEAD_SHA } from '../support/fake-github/server.ts';
import { TEST_TIMING } from '../support/github-store.ts';
import { TSX_LOADER } from '../support/paths.ts';
import { settle } from '../support/pipeline-error.ts';
import { ECHO_MODES, MODES, startGithub, type Mode } from '../support/secrets/github-modes.ts';
import { findIn, findLeaks } from '../support/secrets/leak-scanner.ts';
import { RECORDING_TIMING, SENT } from '../support/secrets/recording-client.ts';
import { runCase, runChildCase, type Run, type SecretsCase } from '../support/secrets/run-case.ts';
import { addArticles, addReleaseFolders, breakSeeds, makeRunFolder, makeSecretsSandbox, type SecretsSandbox } from '../support/secrets/sandbox.ts';
import { base64, makeTokens, needlesOf, randomChars, type TokenCase } from '../support/secrets/tokens.ts';

// The GitHub client, wrapped: short waits, and every request recorded (recording-client.ts).
vi.mock('../../pipeline/store/github/client.ts', async (importOriginal) =>
  (await import('../support/secrets/recording-client.ts')).wrapClientModule(await importOriginal()));

const TOKENS = makeTokens();

/**
 * The classic token runs in every mode. The others run where the token's value itself comes
 * back to the client (every echo): elsewhere the code paths do not depend on its shape.
 */
function modesFor(token: TokenCase): readonly Mode[] {
  return token === TOKENS[0] ? MODES : ECHO_MODES;
}

let sandbox: SecretsSandbox;

// ---------------------------------------------------------------------------------------------
// What every command runs, and what each mode must make it say.

interface Expectation {
  readonly code: number;
  /** Matched against stdout + stderr: the outcome must be meaningful, not silence. */
  readonly says: RegExp;
}

interface OfflineCase {
  readonly label: string;
  readonly args: readonly string[];
  readonly prepare?: (dir: string) => Promise<void>;
  readonly expect: Expectation;
}

interface Scenario {
  /** The command's GitHub path, run in every mode (none for commands that never talk to GitHub). */
  readonly github: { readonly args: readonly string[]; readonly expect: (mode: Mode) => Expectation } | null;
  /** Runs with the token in the environment that must make no request at all: good and bad input. */
  readonly offline: readonly OfflineCase[];
}

const ANY_SECRET_REDACTED = /\*\*\*/;

/** What a store-reading command (release, diff, site) says when GitHub fails before anything is read. */
function storeFailure(mode: Mode, action: RegExp): Expectation {
  switch (mode) {
    case 'http-500':
      return { code: 1, says: new RegExp(`error E_GITHUB: GitHub failed to ${action.source} .*\\(500 Server Error\\), also on every retry`) };
    case 'http-401':
      return { code: 1, says: new RegExp(`error E_GITHUB_AUTH: GitHub rejected the token while trying to ${action.source} .*\\(401 Bad credentials\\)[^]*check GITHUB_TOKEN`) };
    case 'http-403':
      return { code: 1, says: new RegExp(`error E_GITHUB_AUTH: the token is not allowed to ${action.source} .*\\(403 Resource not accessible by integration\\)`) };
    case 'http-404':
      return { code: 1, says: /error E_CONFIG: repository shandong\/commitments not found, or the token cannot see it \(404\)/ };
    case 'drop':
    case 'timeout':
      return { code: 1, says: new RegExp(`error E_GITHUB: could not reach GitHub to ${action.source}.*\\(retried\\)`) };
    case 'echo-401':
      return { code: 1, says: new RegExp(`error E_GITHUB_AUTH: GitHub rejected the token while trying to ${action.source} .*\\(401 Bad credentials: this server got "Authorization: \\*\\*\\*"`) };
    case 'echo-500':
      return { code: 1, says: new RegExp(`error E_GITHUB: GitHub failed to ${action.source} .*\\(500 upstream error[^]*\\*\\*\\*[^]*also on every retry`) };
    case 'echo-ratelimit':
      return { code: 1, says: new RegExp(`error E_GITHUB: GitHub's rate limit stopped the request to ${action.source} .*\\(403 You have exceeded a secondary rate limit[^]*GitHub asked to wait \\*\\*\\* s`) };
    default:
      throw new Error(`no generic expectation for ${mode}`);
  }
}

const LIST_RELEASES = /list the releases of shandong\/commitments/;

/** v1.0.0 as downloaded, and a copy with a corrupted CSV, for verify. */
const withReleaseFolders = (dir: string): Promise<void> => addReleaseFolders(dir, sandbox.firstRelease);

const SCENARIOS: Readonly<Record<string, Scenario>> = {
  import: {
    github: null,
    offline: [
      { label: 'the article', args: ['import', 'article.txt'], prepare: addArticles, expect: { code: 0, says: /济南市 20 commitments/ } },
      { label: 'an article with an unreadable row', args: ['import', 'bad-article.txt'], prepare: addArticles, expect: { code: 1, says: /bad-article\.txt:\d+:1 error .*\(E_IMPORT\)[^]*nothing written: 1 line\(s\) of bad-article\.txt could not be read/ } },
      { label: 'a missing article', args: ['import', 'missing.txt'], expect: { code: 1, says: /error E_INPUT: article not found/ } },
      { label: 'a bad --year', args: ['import', 'article.txt', '--year', 'soon'], prepare: addArticles, expect: { code: 2, says: /error E_USAGE: --year must be a year/ } },
    ],
  },
  validate: {
    github: null,
    offline: [
      { label: 'the seeds', args: ['validate'], expect: { code: 0, says: /3 files?|checked|warning|W_/ } },
      { label: 'broken seeds, text', args: ['validate'], prepare: breakSeeds, expect: { code: 1, says: /seeds\/2023\/jinan\.json:\d+:\d+ error .*\(E_JSON_SYNTAX\)/ } },
      { label: 'broken seeds, github annotations', args: ['validate', '--format', 'github'], prepare: breakSeeds, expect: { code: 1, says: /::error file=seeds\/2023\/jinan\.json/ } },
      { label: 'broken seeds, json', args: ['validate', '--format', 'json'], prepare: breakSeeds, expect: { code: 1, says: /"E_JSON_SYNTAX"/ } },
    ],
  },
  format: {
    github: null,
    offline: [
      { label: 'canonical seeds', args: ['format', '--check'], expect: { code: 0, says: /3 file\(s\) checked, 0 not canonical/ } },
      { label: 'rewriting', args: ['format'], expect: { code: 0, says: /3 file\(s\) checked, 0 rewritten/ } },
      { label: 'broken seeds', args: ['format'], prepare: breakSeeds, expect: { code: 1, says: /E_JSON_SYNTAX/ } },
    ],
  },
  verify: {
    github: null,
    offline: [
      { label: 'a good release folder', args: ['verify', 'release/v1.0.0'], prepare: withReleaseFolders, expect: { code: 0, says: /^ok: release\/v1\.0\.0 verifies/m } },
      { label: 'a good release zip', args: ['verify', 'release/v1.0.0/shandong-commitments-v1.0.0.zip'], prepare: withReleaseFolders, expect: { code: 0, says: /^ok: / } },
      { label: 'a corrupted release', args: ['verify', 'release-bad/v1.0.0'], prepare: withReleaseFolders, expect: { code: 1, says: /commitments\.csv[^]*FAILED: release-bad\/v1\.0\.0 has \d+ problem/ } },
      { label: 'a missing release', args: ['verify', 'nowhere'], expect: { code: 1, says: /error E_INPUT: not found: nowhere/ } },
    ],
  },
  release: {
    github: {
      args: ['release', '--store', 'github'],
      expect: (mode) => {
        switch (mode) {
          case 'success':
            return { code: 0, says: /^released v1\.0\.1 \(patch from v1\.0\.0/m };
          case 'read-only':
            return { code: 1, says: /error E_GITHUB_AUTH: the token is not allowed to create a draft release v1\.0\.1 .*\(403 Resource not accessible by integration\)[^]*contents: write/ };
          case 'echo-later-422':
            return { code: 1, says: /error E_GITHUB: GitHub refused to list the assets of release \d+ \(422 Validation Failed for \*\*\*/ };
          default:
            return storeFailure(mode, LIST_RELEASES);
        }
      },
    },
    offline: [
      { label: 'local store', args: ['release', '--store', 'local'], expect: { code: 0, says: /^released v1\.0\.0 \(initial/m } },
      { label: 'local store, dry run, json', args: ['release', '--dry-run', '--format', 'json'], expect: { code: 0, says: /"status": "dry-run"/ } },
      { label: 'broken seeds, GitHub store', args: ['release', '--store', 'github'], prepare: breakSeeds, expect: { code: 1, says: /E_JSON_SYNTAX[^]*error E_VALIDATION: the seed files have errors/ } },
      { label: 'an unknown store', args: ['release', '--store', 's3'], expect: { code: 2, says: /error E_USAGE: --store must be local or github/ } },
    ],
  },
  diff: {
    github: {
      args: ['diff', '--store', 'github'],
      expect: (mode) => {
        switch (mode) {
          case 'success':
          case 'read-only':
            return { code: 0, says: /^diff v1\.0\.0 → seeds: patch → v1\.0\.1/m };
          case 'echo-later-422':
            return { code: 1, says: /error E_GITHUB: GitHub refused to list the assets of release \d+ \(422 Validation Failed for \*\*\*/ };
          default:
            return storeFailure(mode, LIST_RELEASES);
        }
      },
    },
    offline: [
      { label: 'local store', args: ['diff', '--format', 'markdown'], expect: { code: 0, says: /v1\.0\.0/ } },
      { label: 'a release not in the store', args: ['diff', '--from', 'v9.9.9'], expect: { code: 1, says: /error E_NOT_FOUND: v9\.9\.9 is not in/ } },
      { label: 'broken seeds, GitHub store', args: ['diff', '--store', 'github'], prepare: breakSeeds, expect: { code: 1, says: /error E_VALIDATION/ } },
    ],
  },
  site: {
    github: {
      args: ['site', '--store', 'github', '--out', 'dist/site', '--base-url', 'https://shandong.github.io/commitments/'],
      expect: (mode) => {
        switch (mode) {
          case 'success':
          case 'read-only':
            return { code: 0, says: /^built site from GitHub Releases of shandong\/commitments: 1 release\(s\) \(v1\.0\.0\)/m };
          case 'echo-later-422':
            return { code: 1, says: /error E_GITHUB: GitHub refused to list the assets of release \d+ \(422 Validation Failed for \*\*\*/ };
          default:
            return storeFailure(mode, LIST_RELEASES);
        }
      },
    },
    offline: [
      { label: 'an empty local store', args: ['site'], expect: { code: 1, says: /error E_/ } },
      { label: 'a bad --base-url', args: ['site', '--base-url', 'javascript:alert(1)'], expect: { code: 2, says: /error E_USAGE: --base-url must be/ } },
    ],
  },
  'pr-comment': {
    github: {
      args: ['pr-comment', 'preview.md'],
      expect: (mode) => {
        const where = 'pull request #7 of shandong/commitments';
        switch (mode) {
          case 'success':
            return { code: 0, says: /^created the preview comment on pull request #7: http/m };
          // By design a token that may not read or comment is a notice, not a failure (forks).
          case 'http-403':
          case 'http-404':
            return { code: 0, says: new RegExp(`^::notice title=Release preview::cannot comment on pull request #7: cannot read the comments of ${where} \\(${mode.slice(5)}\\)`, 'm') };
          case 'read-only':
            return { code: 0, says: new RegExp(`^::notice title=Release preview::cannot comment on pull request #7: the token may not comment on ${where} \\(403\\)`, 'm') };
          case 'echo-later-422':
            return { code: 1, says: new RegExp(`error E_GITHUB: GitHub refused to comment on ${where} \\(422 Validation Failed for \\*\\*\\*`) };
          default:
            return storeFailure(mode, new RegExp(`list the comments of ${where}`));
        }
      },
    },
    offline: [
      { label: 'no pull request', args: ['pr-comment', 'preview.md'], prepare: (dir) => rm(path.join(dir, 'event.json')), expect: { code: 1, says: /error E_CONFIG: cannot read the workflow event/ } },
      { label: 'an empty preview', args: ['pr-comment', 'empty.md'], prepare: (dir) => writeFile(path.join(dir, 'empty.md'), '  \n'), expect: { code: 1, says: /error E_INPUT: the preview is empty/ } },
      { label: 'a missing preview', args: ['pr-comment', 'missing.md'], expect: { code: 1, says: /error E_INPUT: cannot read missing\.md/ } },
      { label: 'a bad --pr', args: ['pr-comment', 'preview.md', '--pr', '7; echo'], expect: { code: 2, says: /error E_USAGE: --pr must be a pull request number/ } },
    ],
  },
};

// ---------------------------------------------------------------------------------------------
// The real thing: the CLI as a child process (its own stdout and stderr, node's warnings, the
// unwrapped production client), in modes that do not retry (production backoff is seconds).
// Started in beforeAll so that the processes' start-up overlaps the in-process runs.

interface ChildCase extends SecretsCase {
  readonly want: Expectation;
}

let childRuns: Promise<Array<{ c: ChildCase } & Awaited<ReturnType<typeof runChildCase>>>> | undefined;

function startChildRuns(): void {
  const cases: ChildCase[] = [
    { token: TOKENS[1], args: ['release', '--store', 'github'], mode: 'echo-401', want: storeFailure('echo-401', LIST_RELEASES) },
    { token: TOKENS[2], args: ['pr-comment', 'preview.md'], mode: 'echo-later-422', want: SCENARIOS['pr-comment']!.github!.expect('echo-later-422') },
    { token: TOKENS[0], args: ['validate', '--format', 'github'], mode: 'offline', prepare: breakSeeds, want: { code: 1, says: /::error file=seeds\/2023\/jinan\.json/ } },
  ];
  childRuns = Promise.all(cases.map(async (c) => ({ c, ...(await runChildCase(sandbox, c)) })));
  childRuns.catch(() => undefined); // awaited (and reported) by its test
}

// ---------------------------------------------------------------------------------------------

beforeAll(async () => {
  sandbox = await makeSecretsSandbox();
  startChildRuns();
});

afterAll(async () => {
  await childRuns?.catch(() => undefined); // never leave the child processes behind
});

describe('the tokens and their forms', () => {
  it('are distinctive, random per run, and of the shapes GitHub issues', () => {
    expect(TOKENS[0].value).toMatch(/^ghp_[A-Za-z0-9]{36}$/);
    expect(TOKENS[1].value).toMatch(/^github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}$/);
    expect(TOKENS[2].value).toMatch(/^[0-9a-f]{40}$/);
    // The scanner finds each form it looks for (a scanner that finds nothing proves nothing).
    for (const token of TOKENS) {
      for (const n of needlesOf(token)) expect(findIn('probe', `xx${n.text}yy`, [n]), n.form).toHaveLength(1);
      // A leak cut short: any 15 characters in a row of the random part.
      for (let i = 0; i + 15 <= token.secret.length; i++) expect(findIn('probe', token.secret.slice(i, i + 15), needlesOf(token)), `piece at ${i}`).toHaveLength(1);
      expect(findIn('probe', `Authorization: Basic ${base64(`x-access-token:${token.value}`)}`, needlesOf(token))).not.toEqual([]);
      expect(findIn('probe', redactSecrets(`token ${token.value}`, { GITHUB_TOKEN: token.value }), needlesOf(token))).toEqual([]);
    }
  });
});

describe('the scan itself', () => {
  it('finds a token planted in each place it looks', async () => {
    const token = TOKENS[2]; // no prefix: found by value alone
    const { dir } = await makeRunFolder(sandbox);
    const gh = await startGithub(token, 'success', sandbox.firstRelease);
    const tmpBefore = new Set(await readdir(sandbox.realTmp));
    const sentFrom = SENT.length;
    const planted = path.join(sandbox.realTmp, `commitments-secrets-planted-${randomChars(8)}`);
    try {
      await mkdir(path.join(dir, 'dist', '.hidden'), { recursive: true });
      await writeFile(path.join(dir, 'dist', '.hidden', 'log.txt'), `auth=${token.value}`);
      await writeFile(path.join(dir, 'dist', 'bundle.zip'), await renderZip([{ name: 'inner.txt', bytes: Buffer.from(`cut: ${token.secret.slice(3, 19)}`) }], null));
      await writeFile(path.join(path.dirname(dir), 'tmp', 'basic.txt'), `Authorization: Basic ${base64(`x-access-token:${token.value}`)}`);
      await writeFile(planted, `Bearer ${token.value}`);
      gh.fake.state.addComment(7, `leaked ${token.value}`, 'bot');
      SENT.push({ url: `${gh.apiUrl}/x?access_token=${token.value}`, method: 'GET', authorization: `token ${token.value}`, rest: '' });
      SENT.push({ url: 'https://elsewhere.invalid/', method: 'GET', authorization: `token ${token.value}`, rest: '' });
      const run: Run = { code: 1, stdout: `out ${token.value}`, stderr: '', leaked: `console ${token.value}` };
      const found = await findLeaks(token, { ...run, runFolder: path.dirname(dir), realTmp: sandbox.realTmp, tmpBefore, sent: SENT.slice(sentFrom), github: gh });
      for (const where of [
        /^stdout: the token/,
        /^process stdout\/stderr\/console: the token/,
        /^file .*\.hidden\/log\.txt: the token/,
        /^file .*bundle\.zip!\/inner\.txt: a piece of the token/,
        /^file .*tmp\/basic\.txt: base64 of the token/,
        /^temp file .*planted.*: the token/,
        /^comment \d+ stored on GitHub: the token/,
        /^request GET .*access_token=.*: the token/,
        /^Authorization header sent to https:\/\/elsewhere\.invalid/,
      ]) {
        expect(found.some((f) => where.test(f)), `${where} in:\n${found.join('\n')}`).toBe(true);
      }
    } finally {
      SENT.splice(sentFrom);
      await rm(planted, { force: true });
      await gh.close();
    }
  });
});

describe('every command has a scenario', () => {
  it('COMMANDS and the scenarios name the same commands', () => {
    const names = COMMANDS.map((c) => c.name);
    expect(names.filter((n) => !(n in SCENARIOS)), 'commands without a secrets scenario: add one to SCENARIOS').toEqual([]);
    expect(Object.keys(SCENARIOS).filter((n) => !names.includes(n)), 'scenarios for commands that no longer exist').toEqual([]);
  });
  it('every command that has a GitHub path runs it here', () => {
    // A command whose help mentions GITHUB_TOKEN or --store github talks to GitHub: it must run in every mode.
    const talking = COMMANDS.filter((c) => /GITHUB_TOKEN|--store KIND|--store local\|github/.test(c.help)).map((c) => c.name);
    expect(talking.length, 'the heuristic still finds the GitHub commands').toBeGreaterThan(0);
    expect(talking.filter((n) => SCENARIOS[n]?.github === null)).toEqual([]);
  });
});

for (const token of TOKENS) {
  describe(`with a ${token.label} in GITHUB_TOKEN and GH_TOKEN`, () => {
    for (const command of COMMANDS) {
      const scenario = SCENARIOS[command.name];
      if (!scenario) {
        it(`${command.name}: has a scenario`, () => expect.fail(`no secrets scenario for the command "${command.name}"`));
        continue;
      }
      const github = scenario.github;
      if (github) {
        it.each(modesFor(token).map((m) => [m]))(`${command.name} ${github.args.slice(1).join(' ')}, GitHub %s: the token shows nowhere`, async (mode) => {
          const { run, leaks, github: gh } = await runCase(sandbox, { token, mode, args: github.args });
          expect(leaks, 'where the token leaked').toEqual([]);
          const want = github.expect(mode);
          expect({ code: run.code, output: `${run.stdout}${run.stderr}` }).toMatchObject({ code: want.code, output: expect.stringMatching(want.says) });
          expect(run.leaked, 'nothing bypassed the io object').toBe('');
          expect(gh.fake.requests.length + (gh.proxy?.echoed() ?? 0), 'the command talked to GitHub').toBeGreaterThan(0);
          if (mode.startsWith('echo-')) {
            expect(gh.proxy!.echoed(), 'the hostile server echoed the token').toBeGreaterThan(0);
            expect(run.stderr, 'the echo was redacted, not absent').toMatch(ANY_SECRET_REDACTED);
          }
          if (mode === 'http-500' || mode === 'drop') {
            // Retried (so the retry path ran), with the capped count: 1 + retries.
            const failed = gh.fake.requests.filter((r) => r.fault !== null);
            expect(failed.length).toBe(1 + RECORDING_TIMING.retries);
          }
        });
      }
      it(`${command.name} without GitHub (good and bad input): the token shows nowhere, no request is made`, async () => {
        // The other tokens: the runs that print errors.
        for (const c of token === TOKENS[0] ? scenario.offline : scenario.offline.filter((o) => o.expect.code !== 0)) {
          const { run, leaks, github: gh } = await runCase(sandbox, { token, mode: 'offline', args: c.args, prepare: c.prepare });
          expect(leaks, `${c.label}: where the token leaked`).toEqual([]);
          expect({ label: c.label, code: run.code, output: `${run.stdout}${run.stderr}` }).toMatchObject({ code: c.expect.code, output: expect.stringMatching(c.expect.says) });
          expect(run.leaked, `${c.label}: nothing bypassed the io object`).toBe('');
          expect(gh.fake.requests, `${c.label}: no request to GitHub`).toEqual([]);
        }
      });
    }
  });
}

// ---------------------------------------------------------------------------------------------
// The library, called directly: thrown errors (message, details, stack, the whole object).

describe('library calls: thrown errors hold no token', () => {
  const token = TOKENS[0];

  /** The parts of an error a caller prints: message, details, stack, String(). */
  function printed(err: unknown): string {
    const e = err as Error & { details?: readonly string[] };
    return [String(err), e.message, e.stack ?? '', ...(e.details ?? [])].join('\n');
  }

  /** Lists the releases, publishes v1.0.0 and comments on #7 directly; returns the errors thrown and the log. */
  async function callDirectly(mode: Mode): Promise<{ errors: unknown[]; log: string[] }> {
    const gh = await startGithub(token, mode, sandbox.firstRelease);
    const timing = { ...TEST_TIMING, retries: 2, maxRateLimitWaits: 1, ...(mode === 'timeout' ? { requestTimeoutMs: 50, retries: 1 } : {}) };
    const log: string[] = [];
    const store = new GithubStore({ repo: { owner: 'shandong', repo: 'commitments' }, token: token.value, apiUrl: gh.apiUrl, commitSha: HEAD_SHA, timing, log: (l) => log.push(l) });
    const client = createGithubClient({ token: token.value, apiUrl: gh.apiUrl, timing, log: (l) => log.push(l) });
    try {
      const errors = [
        await settle(store.listVersions()),
        await settle(store.publish(sandbox.firstRelease)),
        await settle(upsertPrComment(client, { owner: 'shandong', repo: 'commitments' }, 7, 'preview')),
      ].filter((e) => e !== null);
      // echo-later-422 lets the first request (the listing) through; 403/404 on comments is a notice.
      expect(errors.length, 'the calls failed').toBeGreaterThanOrEqual(mode === 'http-403' || mode === 'http-404' || mode === 'echo-later-422' ? 1 : 3);
      for (const err of errors) {
        expect(err).toBeInstanceOf(PipelineError);
        expect((err as PipelineError).code).toMatch(/^E_(GITHUB|GITHUB_AUTH|CONFIG)$/);
      }
      return { errors, log };
    } finally {
      await gh.close();
    }
  }

  it.each((['http-500', 'http-401', 'http-403', 'http-404', 'drop', 'timeout'] as const).map((m) => [m]))(
    'GitHub %s: GithubStore and upsertPrComment errors, cause chain included, hold no token',
    async (mode) => {
      const { errors, log } = await callDirectly(mode);
      const needles = needlesOf(token);
      const found = errors.flatMap((err, i) => [
        ...findIn(`error ${i} as printed`, printed(err), needles),
        // The whole object: octokit's copy of the request must have its Authorization header redacted.
        ...findIn(`error ${i}, inspected with its cause`, inspect(err, { depth: 12 }), needles),
      ]);
      found.push(...findIn('log lines', log.join('\n'), needles));
      expect(found, 'where the token leaked').toEqual([]);
    },
  );

  // A hostile server's echo reaches the thrown PipelineError's message verbatim: only the CLI's
  // top level (runCli → redactSecrets) removes it. Any other caller that prints the error leaks.
  it.each((['echo-401', 'echo-500', 'echo-later-422', 'echo-ratelimit'] as const).map((m) => [m]))(
    'GitHub %s (the server echoes the Authorization header): the thrown errors hold no token',
    async (mode) => {
      const { errors, log } = await callDirectly(mode);
      const needles = needlesOf(token);
      const found = errors.flatMap((err, i) => {
        const e = err as PipelineError;
        return [
          ...findIn(`error ${i} (${e.code}) message`, e.message, needles),
          ...findIn(`error ${i} (${e.code}) details`, e.details.join('\n'), needles),
          ...findIn(`error ${i} (${e.code}) stack`, e.stack ?? '', needles),
        ];
      });
      found.push(...findIn('log lines', log.join('\n'), needles));
      expect(found, 'where the token leaked').toEqual([]);
    },
  );

  it('readGithubEnv and createGithubStoreFromEnv name problems, never values', () => {
    const env = { GITHUB_TOKEN: token.value, GITHUB_REPOSITORY: `x/${token.value}/y`, GITHUB_API_URL: `ftp://${token.value}`, GITHUB_SHA: token.value };
    const err = (() => {
      try {
        readGithubEnv(env);
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(PipelineError);
    expect((err as PipelineError).details.join('\n')).toMatch(/GITHUB_REPOSITORY must be owner\/name[^]*GITHUB_API_URL must be an http\(s\) URL[^]*GITHUB_SHA must be a full commit hash/);
    expect(findIn('readGithubEnv error', printed(err), needlesOf(token))).toEqual([]);
    expect(() => createGithubStoreFromEnv(env, { log: () => undefined })).toThrow(PipelineError);
  });
});

// ---------------------------------------------------------------------------------------------
// The real thing: the CLI as a child process (its own stdout and stderr, node's warnings, the
// unwrapped production client), in modes that do not retry (production backoff is seconds).

describe('the CLI as a child process', () => {
  it('release and pr-comment against an echoing server, validate with bad input: no token anywhere', async () => {
    expect(existsSync(TSX_LOADER), 'tsx loader').toBe(true);
    for (const { c, run, leaks, requests } of await childRuns!) {
      const label = c.args.join(' ');
      expect(leaks, `${label}: where the token leaked`).toEqual([]);
      expect({ label, code: run.code, output: `${run.stdout}${run.stderr}` }).toMatchObject({ code: c.want.code, output: expect.stringMatching(c.want.says) });
      expect(requests > 0, `${label}: talked to GitHub`).toBe(c.mode !== 'offline');
    }
  });
});
