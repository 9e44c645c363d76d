/**
 * A stateful fake of the GitHub REST API on 127.0.0.1 (node:http), for the real octokit
 * client: three origins like GitHub's (API, uploads, asset storage), token permissions,
 * every request recorded, and faults injected at any request. Its answers validate
 * against GitHub's OpenAPI description (test/github/fake-github-schema.test.ts).
 *
 * Known simplifications: tokens are just 'write' or 'read' (no scopes, no fine-grained
 * permissions); timestamps come from a clock that ticks once per change; web pages
 * (html_url) live on the API origin; only lightweight tags; no ETags or conditional
 * requests; rate limits happen only when injected. A crash of the publisher is simulated
 * on the client side (crash-fetch.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { listenLocal, type LocalServer } from '../local-server.ts';
import { ApiError, RepoState, type RepoOptions } from './repo-state.ts';
import { matchRoute, signatureOf, type Answer, type Origin, type RouteContext } from './routes.ts';
import { errorJson, type Origins } from './shapes.ts';

/** What can go wrong at a request. */
export type Fault =
  /** A 5xx answer; nothing applied. */
  | { readonly kind: 'status'; readonly status: number; readonly message?: string }
  /** The connection drops before anything is applied. */
  | { readonly kind: 'drop' }
  /** The request is applied, then the connection drops: the client never hears of it. */
  | { readonly kind: 'drop-after' }
  /** An upload stores half the bytes in a 'starter' asset and answers 502. */
  | { readonly kind: 'starter' }
  | { readonly kind: 'secondary-limit'; readonly retryAfter: number }
  | { readonly kind: 'primary-limit'; readonly resetIn: number }
  /** No answer at all: the client must time out. */
  | { readonly kind: 'hang' }
  /** Applied; then the release it touched answers 404 for the next `requests` requests. */
  | { readonly kind: 'lag'; readonly requests: number };

export interface SeenRequest {
  readonly index: number;
  readonly origin: Origin;
  readonly method: string;
  /** Path and query as sent. */
  readonly path: string;
  /** OpenAPI path template, null when no route matched. */
  readonly template: string | null;
  /** null when no answer was sent (drop, hang). */
  status: number | null;
  json: unknown;
  readonly hadAuthorization: boolean;
  readonly fault: Fault['kind'] | null;
}

export type FaultPlan = (request: { index: number; origin: Origin; method: string; path: string; template: string | null }) => Fault | undefined;

export interface FakeGithubOptions extends Partial<RepoOptions> {
  readonly owner?: string;
  readonly repo?: string;
  /** token → what it may do; 'read' is what a fork's pull request gets. */
  readonly tokens?: Readonly<Record<string, 'write' | 'read'>>;
  /** Whether assets carry GitHub's `digest` field (default true). */
  readonly digests?: boolean;
}

export const WRITE_TOKEN = 'ghs_fakeWriteToken0123456789abcdefABCDEF';
export const READ_TOKEN = 'ghs_fakeReadToken0123456789abcdefABCDEFG';
export const HEAD_SHA = 'a'.repeat(40);

const read = (req: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

export class FakeGithub {
  readonly state: RepoState;
  readonly requests: SeenRequest[] = [];
  /** Decides a fault per request; none by default. */
  faults: FaultPlan = () => undefined;
  digests: boolean;
  origins!: Origins;
  private readonly servers: LocalServer[] = [];
  private readonly lagging = new Map<number, number>();

  private constructor(readonly options: FakeGithubOptions) {
    this.state = new RepoState({ headSha: options.headSha ?? HEAD_SHA, immutableReleases: options.immutableReleases, pulls: options.pulls });
    this.digests = options.digests ?? true;
  }

  static async start(options: FakeGithubOptions = {}): Promise<FakeGithub> {
    const fake = new FakeGithub(options);
    const listen = async (origin: Origin): Promise<string> => {
      const server = await listenLocal((req, res) => void fake.serve(origin, req, res));
      fake.servers.push(server);
      return server.origin;
    };
    const [api, uploads, storage] = [await listen('api'), await listen('uploads'), await listen('storage')];
    fake.origins = { api, uploads, storage, owner: options.owner ?? 'shandong', repo: options.repo ?? 'commitments' };
    return fake;
  }

  get apiUrl(): string {
    return this.origins.api;
  }

  async close(): Promise<void> {
    for (const s of this.servers) await s.close();
  }

  /** Requests that change state (anything but GET to the API and uploads). */
  writes(): SeenRequest[] {
    return this.requests.filter((r) => r.origin !== 'storage' && r.method !== 'GET');
  }

  private permission(req: IncomingMessage): 'write' | 'read' | null {
    const m = /^(?:token|bearer)\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    const tokens = this.options.tokens ?? { [WRITE_TOKEN]: 'write', [READ_TOKEN]: 'read' };
    return m ? (tokens[m[1]!] ?? null) : null;
  }

  private async serve(origin: Origin, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await read(req);
    const url = new URL(req.url ?? '/', 'http://fake.invalid');
    const method = req.method ?? 'GET';
    const matched = origin === 'storage' ? null : matchRoute(origin, method, url.pathname, this.origins.owner, this.origins.repo);
    const index = this.requests.length + 1;
    const template = matched?.route.template ?? null;
    const fault = this.faults({ index, origin, method, path: url.pathname + url.search, template }) ?? null;
    const seen: SeenRequest = {
      index,
      origin,
      method,
      path: url.pathname + url.search,
      template,
      status: null,
      json: null,
      hadAuthorization: req.headers.authorization !== undefined,
      fault: fault?.kind ?? null,
    };
    this.requests.push(seen);

    if (fault?.kind === 'hang') return; // the client's timeout must end this
    if (fault?.kind === 'drop') {
      req.socket.destroy();
      return;
    }
    const answer = fault ? this.faultAnswer(fault) : null;
    const final = answer ?? (origin === 'storage' ? this.serveStorage(req, url) : this.serveApi(origin, req, url, body, matched, fault?.kind === 'starter'));
    if (fault?.kind === 'lag' && final.touched !== undefined) this.lagging.set(final.touched, fault.requests);
    if (fault?.kind === 'starter') Object.assign(seen, { status: 502, json: errorJson(502, 'Server Error') });
    if (fault?.kind === 'drop-after') {
      req.socket.destroy();
      return;
    }
    const sent = fault?.kind === 'starter' ? { status: 502, json: errorJson(502, 'Server Error') } : final;
    seen.status = sent.status;
    seen.json = sent.json ?? null;
    this.send(res, sent);
  }

  private faultAnswer(fault: Fault): Answer | null {
    if (fault.kind === 'status') return { status: fault.status, json: errorJson(fault.status, fault.message ?? 'Server Error') };
    if (fault.kind === 'secondary-limit') {
      return {
        status: 403,
        headers: { 'retry-after': String(fault.retryAfter) },
        json: errorJson(403, 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID 0000:0000.'),
      };
    }
    if (fault.kind === 'primary-limit') {
      return {
        status: 403,
        headers: {
          'x-ratelimit-limit': '5000',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-used': '5000',
          'x-ratelimit-resource': 'core',
          'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + fault.resetIn),
        },
        json: errorJson(403, 'API rate limit exceeded for installation ID 1.'),
      };
    }
    return null;
  }

  private serveApi(origin: Origin, req: IncomingMessage, url: URL, body: Buffer, matched: ReturnType<typeof matchRoute>, starter: boolean): Answer {
    const permission = this.permission(req);
    if (permission === null) return { status: 401, json: errorJson(401, 'Bad credentials') };
    if (!matched) return { status: 404, json: errorJson(404, 'Not Found') };
    if (req.method !== 'GET' && permission !== 'write') return { status: 403, json: errorJson(403, 'Resource not accessible by integration') };
    const ctx: RouteContext = {
      state: this.state,
      origins: this.origins,
      canPush: permission === 'write',
      query: url.searchParams,
      body,
      accept: req.headers.accept ?? '',
      contentType: req.headers['content-type'] ?? '',
      digests: this.digests,
      url: url.pathname,
      starter: starter && origin === 'uploads',
      isLagging: (id) => (this.lagging.get(id) ?? 0) > 0,
      checkLag: (id) => {
        const left = this.lagging.get(id) ?? 0;
        if (left <= 0) return;
        this.lagging.set(id, left - 1);
        throw new ApiError(404, errorJson(404, 'Not Found'));
      },
    };
    try {
      return matched.route.handle(ctx, matched.params);
    } catch (err) {
      if (err instanceof ApiError) return { status: err.status, json: err.body };
      throw err;
    }
  }

  /** Signed storage URLs: no Authorization header allowed (a second credential is refused). */
  private serveStorage(req: IncomingMessage, url: URL): Answer {
    const m = /^\/assets\/(\d+)\/[^/]+$/.exec(url.pathname);
    const asset = m ? this.state.assets.get(Number(m[1])) : undefined;
    if (req.headers.authorization !== undefined) return { status: 400, bytes: Buffer.from('Only one auth mechanism allowed') };
    if (!asset || url.searchParams.get('sig') !== signatureOf(asset.id)) return { status: 403, bytes: Buffer.from('Signature does not match') };
    asset.downloads++;
    return { status: 200, bytes: asset.bytes };
  }

  private send(res: ServerResponse, answer: Answer): void {
    const headers: Record<string, string> = {
      'x-github-api-version-selected': '2022-11-28',
      'x-github-request-id': `FAKE:${this.requests.length}`,
      ...answer.headers,
    };
    if (!('x-ratelimit-remaining' in headers)) {
      Object.assign(headers, { 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': '4999', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600) });
    }
    let payload: Uint8Array = new Uint8Array(0);
    if (answer.json !== undefined) {
      headers['content-type'] = 'application/json; charset=utf-8';
      payload = Buffer.from(JSON.stringify(answer.json));
    } else if (answer.bytes) {
      headers['content-type'] = answer.status === 200 ? 'application/octet-stream' : 'text/plain';
      payload = answer.bytes;
    }
    res.writeHead(answer.status, { ...headers, 'content-length': String(payload.byteLength) });
    res.end(answer.status === 204 ? undefined : payload);
  }
}
