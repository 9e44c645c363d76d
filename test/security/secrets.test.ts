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
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { lstat, mkdir, mkdtemp, readdir, readFile, readlink, rm, writeFile } from 'node:fs/promises';
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { format as formatArgs, inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { COMMANDS, runCli } from '../../pipeline/cli.ts';
import { PipelineError } from '../../pipeline/errors.ts';
import { redactSecrets } from '../../pipeline/redact.ts';
import type { InMemoryRelease } from '../../pipeline/render/render-assets.ts';
import { createGithubClient, type GithubClientConfig } from '../../pipeline/store/github/client.ts';
import { createGithubStoreFromEnv, readGithubEnv } from '../../pipeline/store/github/from-env.ts';
import { GithubStore } from '../../pipeline/store/github/github-store.ts';
import { upsertPrComment } from '../../pipeline/store/github/pr-comment.ts';
import { renderZip } from '../../pipeline/render/render-zip.ts';
import { unzipToMemory } from '../../pipeline/verify/read-release-files.ts';
import { FakeGithub, HEAD_SHA, type Fault } from '../support/fake-github/server.ts';
import { copySeeds, REPO_ROOT, renderFirstRelease, rewordJinan, seedPublished, TEST_TIMING } from '../support/github-releases.ts';

// ---------------------------------------------------------------------------------------------
// The GitHub client, wrapped: short waits, and every request recorded (URL, headers, body).

interface SentRequest {
  readonly url: string;
  readonly method: string;
  readonly authorization: string | null;
  /** Every header but Authorization, and the body, as text. */
  readonly rest: string;
}

const hoisted = vi.hoisted(() => {
  const timing = { msPerSecond: 1, maxRateLimitWaitSeconds: 600, maxRateLimitWaits: 2, retries: 2, requestTimeoutMs: 5_000 };
  const sent: SentRequest[] = [];
  const headerList = (headers: unknown): [string, string][] => {
    if (!headers) return [];
    if (headers instanceof Headers) {
      const list: [string, string][] = [];
      headers.forEach((v, k) => list.push([k, v]));
      return list;
    }
    if (Array.isArray(headers)) return headers.map(([k, v]) => [String(k), String(v)]);
    return Object.entries(headers as Record<string, unknown>).map(([k, v]) => [k, String(v)]);
  };
  const bodyText = (body: unknown): string => {
    if (body === undefined || body === null) return '';
    if (typeof body === 'string') return body;
    if (body instanceof Uint8Array) return Buffer.from(body).toString('latin1');
    if (body instanceof ArrayBuffer) return Buffer.from(body).toString('latin1');
    return `[body of type ${Object.prototype.toString.call(body)}]`;
  };
  const recording =
    (base: typeof fetch): typeof fetch =>
    (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      const headers = headerList(init?.headers ?? (input instanceof Request ? input.headers : undefined));
      const auth = headers.find(([k]) => k.toLowerCase() === 'authorization')?.[1] ?? null;
      const rest = headers.filter(([k]) => k.toLowerCase() !== 'authorization').map(([k, v]) => `${k}: ${v}`);
      sent.push({ url, method: init?.method ?? 'GET', authorization: auth, rest: `${rest.join('\n')}\n\n${bodyText(init?.body)}` });
      return base(input, init);
    };
  return { timing, sent, recording };
});

vi.mock('../../pipeline/store/github/client.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../pipeline/store/github/client.ts')>();
  return {
    ...actual,
    PRODUCTION_TIMING: hoisted.timing,
    createGithubClient: (config: GithubClientConfig) =>
      actual.createGithubClient({ ...config, timing: config.timing ?? hoisted.timing, fetch: hoisted.recording(config.fetch ?? globalThis.fetch) }),
  };
});

// ---------------------------------------------------------------------------------------------
// Tokens, and every form of them that must not show.

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
function randomChars(n: number, alphabet = ALNUM): string {
  return [...randomBytes(n)].map((b) => alphabet[b % alphabet.length]).join('');
}

interface TokenCase {
  readonly label: string;
  readonly value: string;
  /** The random part (what a prefix such as ghp_ does not give away). */
  readonly secret: string;
}

function makeToken(label: string, prefix: string, secret: string): TokenCase {
  return { label, value: `${prefix}${secret}`, secret };
}

const fineSecret = `${randomChars(22)}_${randomChars(59)}`;
const TOKENS: readonly TokenCase[] = [
  makeToken('classic ghp_ token', 'ghp_', randomChars(36)),
  makeToken('fine-grained github_pat_ token', 'github_pat_', fineSecret),
  // No prefix the pattern redaction knows: only the environment-value redaction can hide it.
  makeToken('legacy 40-hex token', '', randomChars(40, '0123456789abcdef')),
];

const b64 = (s: string): string => Buffer.from(s).toString('base64');
const b64url = (s: string): string => Buffer.from(s).toString('base64url');

/** Every text whose presence means the token leaked. */
function needlesOf(token: TokenCase): { form: string; text: string }[] {
  const t = token.value;
  const needles = [
    { form: 'the token', text: t },
    { form: '"token <value>" header', text: `token ${t}` },
    { form: '"Bearer <value>" header', text: `Bearer ${t}` },
    { form: 'base64 of the token', text: b64(t) },
    { form: 'base64url of the token', text: b64url(t) },
    { form: 'Basic auth (x-access-token:<value>)', text: b64(`x-access-token:${t}`) },
    { form: 'Basic auth (<value>:x-oauth-basic)', text: b64(`${t}:x-oauth-basic`) },
    { form: 'Basic auth (<value>:)', text: b64(`${t}:`) },
    { form: 'percent-encoded', text: encodeURIComponent(t) },
  ];
  // A leak cut short is a leak: 12-character pieces of the random part, every 4 characters,
  // so any 15 characters in a row of it are found.
  for (let i = 0; i + 12 <= token.secret.length; i += 4) needles.push({ form: `a piece of the token (${i}…${i + 12})`, text: token.secret.slice(i, i + 12) });
  return needles;
}

/** Whether, and where, `text` holds the token in any form: one finding (the first form in needle order) per place. */
function findIn(where: string, text: string, needles: readonly { form: string; text: string }[]): string[] {
  for (const n of needles) {
    const at = text.indexOf(n.text);
    if (at >= 0) return [`${where}: ${n.form} at ${at}: …${JSON.stringify(text.slice(Math.max(0, at - 60), at + n.text.length + 20))}…`];
  }
  return [];
}

async function scanBytes(where: string, bytes: Uint8Array, needles: readonly { form: string; text: string }[]): Promise<string[]> {
  const found = findIn(where, Buffer.from(bytes).toString('latin1'), needles);
  if (found.length === 0) found.push(...findIn(where, Buffer.from(bytes).toString('utf8'), needles));
  if (where.endsWith('.zip')) {
    try {
      for (const [name, inner] of await unzipToMemory(bytes)) found.push(...(await scanBytes(`${where}!/${name}`, inner, needles)));
    } catch {
      // a half-written or corrupted zip: its raw bytes were scanned above
    }
  }
  return found;
}

/** Scans every file under `dir` (dotfiles, temporary and leftover files included). */
async function scanTree(dir: string, needles: readonly { form: string; text: string }[], files: { count: number }): Promise<string[]> {
  const found: string[] = [];
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return found; // removed meanwhile, or not readable (another process's)
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    found.push(...findIn(`file name ${p}`, e.name, needles));
    if (e.isDirectory()) found.push(...(await scanTree(p, needles, files)));
    else if (e.isFile()) {
      try {
        const bytes = await readFile(p);
        files.count++;
        found.push(...(await scanBytes(`file ${p}`, bytes, needles)));
      } catch {
        // not readable (another process's temporary file)
      }
    } else if (e.isSymbolicLink()) {
      found.push(...findIn(`symlink ${p}`, await readlink(p).catch(() => ''), needles));
    }
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// A hostile GitHub: a proxy in front of the fake's API that answers with error bodies and
// headers echoing the Authorization header it received.

type EchoKind = 'echo-401' | 'echo-500' | 'echo-422' | 'echo-ratelimit';

function echoAnswer(kind: EchoKind, auth: string): { status: number; headers: Record<string, string>; body: string } {
  const bare = auth.replace(/^\S+\s+/, '');
  const common = { 'x-echo-authorization': auth, 'x-ratelimit-remaining': '4999', 'x-github-request-id': `ECHO:${bare}` };
  const json = (status: number, body: object): { status: number; headers: Record<string, string>; body: string } => ({
    status,
    headers: { ...common, 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify(body),
  });
  switch (kind) {
    case 'echo-401':
      return json(401, {
        message: `Bad credentials: this server got "Authorization: ${auth}"`,
        errors: [{ resource: 'Token', code: 'invalid', field: 'authorization', message: bare }],
        documentation_url: `https://example.invalid/why#${bare}`,
        status: '401',
      });
    case 'echo-422':
      return json(422, {
        message: `Validation Failed for ${bare}`,
        errors: [{ resource: 'Release', code: 'custom', field: 'authorization', message: `token ${bare} is not allowed here (${auth})` }],
        documentation_url: `https://example.invalid/422?t=${bare}`,
        status: '422',
      });
    case 'echo-ratelimit':
      return {
        ...json(403, { message: `You have exceeded a secondary rate limit (Authorization: ${auth}).`, documentation_url: `https://example.invalid/limits/${bare}`, status: '403' }),
        headers: { ...common, 'content-type': 'application/json; charset=utf-8', 'retry-after': bare },
      };
    case 'echo-500':
      // What a misconfigured proxy in front of an API sends: a text page listing the request.
      return {
        status: 500,
        headers: { ...common, 'content-type': 'text/plain; charset=utf-8' },
        body: `upstream error\nrequest headers:\n  authorization: ${auth}\n  x-echo: ${bare}\n`,
      };
  }
}

interface HostileProxy {
  readonly url: string;
  readonly close: () => Promise<void>;
  echoed: number;
}

/** `plan(index)` says which requests (1-based, API origin only) go through to the fake. */
async function startHostileProxy(target: string, kind: EchoKind, plan: (index: number) => 'pass' | 'echo'): Promise<HostileProxy> {
  let index = 0;
  const upstream = new URL(target);
  const proxy: HostileProxy = { url: '', close: async () => undefined, echoed: 0 };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      index++;
      if (plan(index) === 'echo') {
        proxy.echoed++;
        const answer = echoAnswer(kind, req.headers.authorization ?? '(none)');
        res.writeHead(answer.status, { ...answer.headers, 'content-length': String(Buffer.byteLength(answer.body)) });
        res.end(answer.body);
        return;
      }
      const forward = httpRequest(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      forward.on('error', () => res.destroy());
      forward.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  Object.assign(proxy, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
  return proxy;
}

// ---------------------------------------------------------------------------------------------
// Failure modes of the GitHub side.

const MODES = [
  'success',
  'http-500',
  'http-401',
  'http-403',
  'http-404',
  'read-only',
  'drop',
  'timeout',
  'echo-401',
  'echo-500',
  'echo-later-422',
  'echo-ratelimit',
] as const;
type Mode = (typeof MODES)[number];

/**
 * The classic token runs in every mode. The others run where the token's value itself comes
 * back to the client (every echo): elsewhere the code paths do not depend on its shape.
 */
function modesFor(token: TokenCase): readonly Mode[] {
  return token === TOKENS[0] ? MODES : ['echo-401', 'echo-500', 'echo-later-422', 'echo-ratelimit'];
}

const FAULTS: Partial<Record<Mode, Fault>> = {
  'http-500': { kind: 'status', status: 500 },
  'http-403': { kind: 'status', status: 403, message: 'Resource not accessible by integration' },
  'http-404': { kind: 'status', status: 404, message: 'Not Found' },
  drop: { kind: 'drop' },
  timeout: { kind: 'hang' },
};

interface Github {
  readonly fake: FakeGithub;
  readonly apiUrl: string;
  readonly proxy: HostileProxy | null;
  readonly close: () => Promise<void>;
}

let firstRelease: InMemoryRelease;

/** The fake with v1.0.0 published and pull request #7, failing as `mode` says. */
async function startGithub(token: TokenCase, mode: Mode): Promise<Github> {
  const fake = await FakeGithub.start({
    pulls: [7],
    // http-401: the fake does not know the token ("Bad credentials"); read-only: a fork's token.
    tokens: mode === 'http-401' ? {} : { [token.value]: mode === 'read-only' ? 'read' : 'write' },
  });
  seedPublished(fake, firstRelease);
  const fault = FAULTS[mode];
  if (fault) fake.faults = () => fault;
  let proxy: HostileProxy | null = null;
  if (mode.startsWith('echo-')) {
    const kind: EchoKind = mode === 'echo-later-422' ? 'echo-422' : (mode as EchoKind);
    // echo-later-422: the first request (the listing) is answered by the fake, every later one echoes.
    proxy = await startHostileProxy(fake.apiUrl, kind, (i) => (mode === 'echo-later-422' && i === 1 ? 'pass' : 'echo'));
  }
  return {
    fake,
    apiUrl: proxy?.url ?? fake.apiUrl,
    proxy,
    close: async () => {
      await proxy?.close();
      await fake.close();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Workspaces and runs.

let sandbox: string;
let realTmp: string;
const savedTmpdir = process.env.TMPDIR;

/** A workspace: the repo's seeds (Jinan reworded: a patch to release), a preview and a PR event. */
async function makeWorkspace(): Promise<{ dir: string; tmp: string }> {
  const run = await mkdtemp(path.join(sandbox, 'run-'));
  const dir = path.join(run, 'ws');
  const tmp = path.join(run, 'tmp');
  await mkdir(dir, { recursive: true });
  await mkdir(tmp, { recursive: true });
  await rewordJinan(await copySeeds(dir));
  await writeFile(path.join(dir, 'preview.md'), '## Release preview\n\nv1.0.1 (patch)\n');
  await writeFile(path.join(dir, 'event.json'), JSON.stringify({ action: 'synchronize', number: 7, pull_request: { number: 7, title: 'Reword Jinan' } }));
  await writeFile(path.join(dir, 'summary.md'), '');
  return { dir, tmp };
}

/** The article, and one with a row that cannot be read (reported by line, nothing written). */
async function addArticles(dir: string): Promise<void> {
  const article = await readFile(path.join(REPO_ROOT, 'seeds', 'sources', '2023-dazhong-ribao.txt'), 'utf8');
  await writeFile(path.join(dir, 'article.txt'), article);
  await writeFile(path.join(dir, 'bad-article.txt'), article.replace(/^(单位\t序号.*)$/m, '$1\n济南市\t1\tonly three columns'));
}

/** v1.0.0 as downloaded (release/v1.0.0), and a copy with a corrupted CSV (release-bad/v1.0.0). */
async function addReleaseFolders(dir: string): Promise<void> {
  for (const [folder, corrupt] of [
    ['release', false],
    ['release-bad', true],
  ] as const) {
    const at = path.join(dir, folder, firstRelease.tag);
    await mkdir(at, { recursive: true });
    for (const a of firstRelease.assets) {
      const bytes = corrupt && a.name === 'commitments.csv' ? Buffer.concat([Buffer.from(a.bytes), Buffer.from('x\r\n')]) : a.bytes;
      await writeFile(path.join(at, a.name), bytes);
    }
  }
}

/** Breaks the seeds: a syntax error and an unknown key. */
async function breakSeeds(dir: string): Promise<void> {
  await writeFile(path.join(dir, 'seeds', '2023', 'jinan.json'), '{\n  "year": 2023,\n  "city": "济南市",\n  "responsibel": ["x"],\n');
}

function envFor(token: TokenCase, apiUrl: string, dir: string, tmp: string): Record<string, string | undefined> {
  return {
    PATH: process.env.PATH,
    HOME: dir,
    TMPDIR: tmp,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_TOKEN: token.value,
    GH_TOKEN: token.value,
    GITHUB_REPOSITORY: 'shandong/commitments',
    GITHUB_REPOSITORY_OWNER: 'shandong',
    GITHUB_API_URL: apiUrl,
    GITHUB_SERVER_URL: apiUrl,
    GITHUB_SHA: HEAD_SHA,
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: path.join(dir, 'event.json'),
    GITHUB_STEP_SUMMARY: path.join(dir, 'summary.md'),
    RUNNER_TEMP: tmp,
    SOURCE_DATE_EPOCH: '1700000000',
  };
}

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** Anything written to the process's own stdout/stderr or console meanwhile (should be nothing). */
  readonly leaked: string;
}

/** Runs the CLI in-process, catching anything that bypasses the io object too. */
async function runInProcess(args: readonly string[], cwd: string, env: Record<string, string | undefined>, tmp: string): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const bypass: string[] = [];
  const grab = (chunk: unknown): boolean => {
    bypass.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
    return true;
  };
  const spies = [
    vi.spyOn(process.stdout, 'write').mockImplementation(grab as never),
    vi.spyOn(process.stderr, 'write').mockImplementation(grab as never),
    ...(['log', 'info', 'warn', 'error', 'debug', 'trace'] as const).map((m) =>
      vi.spyOn(console, m).mockImplementation((...a: unknown[]) => void bypass.push(formatArgs(...a))),
    ),
  ];
  process.env.TMPDIR = tmp; // os.tmpdir() for the run: its temporary files land where they are scanned
  try {
    const code = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd, env });
    return { code, stdout, stderr, leaked: bypass.join('') };
  } finally {
    process.env.TMPDIR = savedTmpdir ?? '';
    if (savedTmpdir === undefined) delete process.env.TMPDIR;
    for (const s of spies) s.mockRestore();
  }
}

/** Everything a run could have leaked the token into; one line per finding. */
async function leaksOf(token: TokenCase, run: Run, dir: string, github: Github | null, tmpBefore: ReadonlySet<string>, sentFrom: number): Promise<string[]> {
  const needles = needlesOf(token);
  const found = [...findIn('stdout', run.stdout, needles), ...findIn('stderr', run.stderr, needles), ...findIn('process stdout/stderr/console', run.leaked, needles)];
  // The workspace (seeds, dist/, site, releases) and the run's temporary folder.
  const files = { count: 0 };
  found.push(...(await scanTree(path.dirname(dir), needles, files)));
  // Anything new in the real temporary folder (code that ignores TMPDIR).
  for (const name of await readdir(realTmp)) {
    if (tmpBefore.has(name)) continue;
    const p = path.join(realTmp, name);
    found.push(...findIn(`temp name ${p}`, name, needles));
    const st = await lstat(p).catch(() => null);
    if (st?.isDirectory()) found.push(...(await scanTree(p, needles, files)));
    else if (st?.isFile()) found.push(...(await scanBytes(`temp file ${p}`, await readFile(p).catch(() => Buffer.alloc(0)), needles)));
  }
  if (files.count < 5) found.push(`SCAN PROBLEM: only ${files.count} file(s) scanned under ${path.dirname(dir)}`);
  // What was sent: the token only ever in the Authorization header, and only to the API and uploads.
  const allowed = new Set(github ? [new URL(github.apiUrl).origin, new URL(github.fake.apiUrl).origin, new URL(github.fake.origins.uploads).origin] : []);
  for (const r of hoisted.sent.slice(sentFrom)) {
    found.push(...findIn(`request ${r.method} ${r.url}`, `${r.url}\n${r.rest}`, needles));
    if (r.authorization !== null && r.authorization.includes(token.value) && !allowed.has(new URL(r.url).origin)) {
      found.push(`Authorization header sent to ${new URL(r.url).origin}, which is not the GitHub API`);
    }
  }
  if (github) {
    const stored = github.fake.state;
    for (const c of stored.comments.values()) found.push(...findIn(`comment ${c.id} stored on GitHub`, JSON.stringify(c), needles));
    for (const r of stored.releases.values()) found.push(...findIn(`release ${r.id} stored on GitHub`, JSON.stringify(r), needles));
    for (const a of stored.assets.values()) found.push(...(await scanBytes(`asset ${a.name} stored on GitHub`, a.bytes, needles)));
    for (const r of github.fake.requests) {
      found.push(...findIn(`request path ${r.path}`, r.path, needles));
      if (r.origin === 'storage' && r.hadAuthorization) found.push(`the Authorization header went to asset storage (${r.path})`);
    }
  }
  return found;
}

/** Runs `args` in a fresh workspace against GitHub in `mode`; returns the run and every leak found. */
async function runCase(
  token: TokenCase,
  mode: Mode | 'offline',
  args: readonly string[],
  prepare?: (dir: string) => Promise<void>,
): Promise<{ run: Run; leaks: string[]; github: Github }> {
  const { dir, tmp } = await makeWorkspace();
  await prepare?.(dir);
  // Offline runs still get a GitHub that fails every request: any request would show.
  const github = await startGithub(token, mode === 'offline' ? 'http-500' : mode);
  const tmpBefore = new Set(await readdir(realTmp));
  const sentFrom = hoisted.sent.length;
  const saved = { ...hoisted.timing };
  if (mode === 'timeout') Object.assign(hoisted.timing, { requestTimeoutMs: 100, retries: 1 });
  try {
    const run = await runInProcess(args, dir, envFor(token, github.apiUrl, dir, tmp), tmp);
    const leaks = await leaksOf(token, run, dir, github, tmpBefore, sentFrom);
    return { run, leaks, github };
  } finally {
    Object.assign(hoisted.timing, saved);
    await github.close();
    await rm(path.dirname(dir), { recursive: true, force: true });
  }
}

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
      { label: 'a good release folder', args: ['verify', 'release/v1.0.0'], prepare: addReleaseFolders, expect: { code: 0, says: /^ok: release\/v1\.0\.0 verifies/m } },
      { label: 'a good release zip', args: ['verify', 'release/v1.0.0/shandong-commitments-v1.0.0.zip'], prepare: addReleaseFolders, expect: { code: 0, says: /^ok: / } },
      { label: 'a corrupted release', args: ['verify', 'release-bad/v1.0.0'], prepare: addReleaseFolders, expect: { code: 1, says: /commitments\.csv[^]*FAILED: release-bad\/v1\.0\.0 has \d+ problem/ } },
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

const TSX_LOADER = path.join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs');

interface ChildCase {
  readonly token: TokenCase;
  readonly args: readonly string[];
  readonly mode: Mode | 'offline';
  readonly prepare?: (dir: string) => Promise<void>;
  readonly want: Expectation;
}

function spawnCli(args: readonly string[], cwd: string, env: Record<string, string | undefined>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const argv = ['--import', pathToFileURL(TSX_LOADER).href, path.join(REPO_ROOT, 'pipeline', 'cli.ts'), ...args];
    execFile(process.execPath, argv, { cwd, env, timeout: 60_000, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
    });
  });
}

async function runChildCase(c: ChildCase): Promise<{ c: ChildCase; run: Run; leaks: string[]; requests: number }> {
  const { dir } = await makeWorkspace();
  await c.prepare?.(dir);
  const gh = await startGithub(c.token, c.mode === 'offline' ? 'http-500' : c.mode);
  const tmpBefore = new Set(await readdir(realTmp));
  try {
    // The real temporary folder (tsx keeps its cache there); what the run adds to it is scanned.
    const out = await spawnCli(c.args, dir, envFor(c.token, gh.apiUrl, dir, realTmp));
    const run: Run = { ...out, leaked: '' };
    const leaks = await leaksOf(c.token, run, dir, gh, tmpBefore, Number.MAX_SAFE_INTEGER);
    return { c, run, leaks, requests: gh.fake.requests.length + (gh.proxy?.echoed ?? 0) };
  } finally {
    await gh.close();
  }
}

let childRuns: Promise<Awaited<ReturnType<typeof runChildCase>>[]> | undefined;

function startChildRuns(): void {
  const cases: ChildCase[] = [
    { token: TOKENS[1]!, args: ['release', '--store', 'github'], mode: 'echo-401', want: storeFailure('echo-401', LIST_RELEASES) },
    { token: TOKENS[2]!, args: ['pr-comment', 'preview.md'], mode: 'echo-later-422', want: SCENARIOS['pr-comment']!.github!.expect('echo-later-422') },
    { token: TOKENS[0]!, args: ['validate', '--format', 'github'], mode: 'offline', prepare: breakSeeds, want: { code: 1, says: /::error file=seeds\/2023\/jinan\.json/ } },
  ];
  childRuns = Promise.all(cases.map(runChildCase));
  childRuns.catch(() => undefined); // awaited (and reported) by its test
}

// ---------------------------------------------------------------------------------------------

beforeAll(async () => {
  realTmp = tmpdir();
  sandbox = await mkdtemp(path.join(realTmp, 'commitments-secrets-'));
  firstRelease = await renderFirstRelease();
  startChildRuns();
});

afterAll(async () => {
  await childRuns?.catch(() => undefined); // never leave the child processes behind
  if (sandbox) await rm(sandbox, { recursive: true, force: true });
});

describe('the tokens and their forms', () => {
  it('are distinctive, random per run, and of the shapes GitHub issues', () => {
    expect(TOKENS[0]!.value).toMatch(/^ghp_[A-Za-z0-9]{36}$/);
    expect(TOKENS[1]!.value).toMatch(/^github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}$/);
    expect(TOKENS[2]!.value).toMatch(/^[0-9a-f]{40}$/);
    // The scanner finds each form it looks for (a scanner that finds nothing proves nothing).
    for (const token of TOKENS) {
      for (const n of needlesOf(token)) expect(findIn('probe', `xx${n.text}yy`, [n]), n.form).toHaveLength(1);
      // A leak cut short: any 15 characters in a row of the random part.
      for (let i = 0; i + 15 <= token.secret.length; i++) expect(findIn('probe', token.secret.slice(i, i + 15), needlesOf(token)), `piece at ${i}`).toHaveLength(1);
      expect(findIn('probe', `Authorization: Basic ${b64(`x-access-token:${token.value}`)}`, needlesOf(token))).not.toEqual([]);
      expect(findIn('probe', redactSecrets(`token ${token.value}`, { GITHUB_TOKEN: token.value }), needlesOf(token))).toEqual([]);
    }
  });
});

describe('the scan itself', () => {
  it('finds a token planted in each place it looks', async () => {
    const token = TOKENS[2]!; // no prefix: found by value alone
    const { dir } = await makeWorkspace();
    const gh = await startGithub(token, 'success');
    const tmpBefore = new Set(await readdir(realTmp));
    const sentFrom = hoisted.sent.length;
    const planted = path.join(realTmp, `commitments-secrets-planted-${randomChars(8)}`);
    try {
      await mkdir(path.join(dir, 'dist', '.hidden'), { recursive: true });
      await writeFile(path.join(dir, 'dist', '.hidden', 'log.txt'), `auth=${token.value}`);
      await writeFile(path.join(dir, 'dist', 'bundle.zip'), await renderZip([{ name: 'inner.txt', bytes: Buffer.from(`cut: ${token.secret.slice(3, 19)}`) }], null));
      await writeFile(path.join(path.dirname(dir), 'tmp', 'basic.txt'), `Authorization: Basic ${b64(`x-access-token:${token.value}`)}`);
      await writeFile(planted, `Bearer ${token.value}`);
      gh.fake.state.addComment(7, `leaked ${token.value}`, 'bot');
      hoisted.sent.push({ url: `${gh.apiUrl}/x?access_token=${token.value}`, method: 'GET', authorization: `token ${token.value}`, rest: '' });
      hoisted.sent.push({ url: 'https://elsewhere.invalid/', method: 'GET', authorization: `token ${token.value}`, rest: '' });
      const run: Run = { code: 1, stdout: `out ${token.value}`, stderr: '', leaked: `console ${token.value}` };
      const found = await leaksOf(token, run, dir, gh, tmpBefore, sentFrom);
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
      hoisted.sent.splice(sentFrom);
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
          const { run, leaks, github: gh } = await runCase(token, mode, github.args);
          expect(leaks, 'where the token leaked').toEqual([]);
          const want = github.expect(mode);
          expect({ code: run.code, output: `${run.stdout}${run.stderr}` }).toMatchObject({ code: want.code, output: expect.stringMatching(want.says) });
          expect(run.leaked, 'nothing bypassed the io object').toBe('');
          expect(gh.fake.requests.length + (gh.proxy?.echoed ?? 0), 'the command talked to GitHub').toBeGreaterThan(0);
          if (mode.startsWith('echo-')) {
            expect(gh.proxy!.echoed, 'the hostile server echoed the token').toBeGreaterThan(0);
            expect(run.stderr, 'the echo was redacted, not absent').toMatch(ANY_SECRET_REDACTED);
          }
          if (mode === 'http-500' || mode === 'drop') {
            // Retried (so the retry path ran), with the capped count: 1 + retries.
            const failed = gh.fake.requests.filter((r) => r.fault !== null);
            expect(failed.length).toBe(1 + hoisted.timing.retries);
          }
        });
      }
      it(`${command.name} without GitHub (good and bad input): the token shows nowhere, no request is made`, async () => {
        // The other tokens: the runs that print errors.
        for (const c of token === TOKENS[0] ? scenario.offline : scenario.offline.filter((o) => o.expect.code !== 0)) {
          const { run, leaks, github: gh } = await runCase(token, 'offline', c.args, c.prepare);
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
  const token = TOKENS[0]!;

  async function settle(p: Promise<unknown>): Promise<unknown> {
    return p.then(
      () => null,
      (e: unknown) => e,
    );
  }

  /** The parts of an error a caller prints: message, details, stack, String(). */
  function printed(err: unknown): string {
    const e = err as Error & { details?: readonly string[] };
    return [String(err), e.message, e.stack ?? '', ...(e.details ?? [])].join('\n');
  }

  /** Lists the releases, publishes v1.0.0 and comments on #7 directly; returns the errors thrown and the log. */
  async function callDirectly(mode: Mode): Promise<{ errors: unknown[]; log: string[] }> {
    const gh = await startGithub(token, mode);
    const timing = { ...TEST_TIMING, retries: 2, maxRateLimitWaits: 1, ...(mode === 'timeout' ? { requestTimeoutMs: 50, retries: 1 } : {}) };
    const log: string[] = [];
    const store = new GithubStore({ repo: { owner: 'shandong', repo: 'commitments' }, token: token.value, apiUrl: gh.apiUrl, commitSha: HEAD_SHA, timing, log: (l) => log.push(l) });
    const client = createGithubClient({ token: token.value, apiUrl: gh.apiUrl, timing, log: (l) => log.push(l) });
    try {
      const errors = [
        await settle(store.listVersions()),
        await settle(store.publish(firstRelease)),
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
