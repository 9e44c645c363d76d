/**
 * The GitHub client module, wrapped for the secrets tests: the same code with waits of
 * milliseconds, 2 retries, and a fetch that records every request (URL, headers, body).
 * The CLI offers no option for the client's waits (it always uses PRODUCTION_TIMING: 4
 * retries with a 1, 4, 9, 16 s backoff), so a test file swaps the module in with
 *
 *   vi.mock('../../pipeline/store/github/client.ts', async (importOriginal) =>
 *     (await import('../support/secrets/recording-client.ts')).wrapClientModule(await importOriginal()));
 *
 * and reads SENT from a static import of this file (the same module instance).
 */
import type * as ClientModule from '../../../pipeline/store/github/client.ts';
import type { GithubClientConfig, GithubTiming } from '../../../pipeline/store/github/client.ts';

export interface SentRequest {
  readonly url: string;
  readonly method: string;
  readonly authorization: string | null;
  /** Every header but Authorization, and the body, as text. */
  readonly rest: string;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The waits of every wrapped client (PRODUCTION_TIMING included); change them with withRecordingTiming. */
export const RECORDING_TIMING: Mutable<GithubTiming> = { msPerSecond: 1, maxRateLimitWaitSeconds: 600, maxRateLimitWaits: 2, retries: 2, requestTimeoutMs: 5_000 };

/** Every request any wrapped client sent, in order. */
export const SENT: SentRequest[] = [];

function headerList(headers: unknown): [string, string][] {
  if (!headers) return [];
  if (headers instanceof Headers) {
    const list: [string, string][] = [];
    headers.forEach((v, k) => list.push([k, v]));
    return list;
  }
  if (Array.isArray(headers)) return headers.map(([k, v]) => [String(k), String(v)]);
  return Object.entries(headers as Record<string, unknown>).map(([k, v]) => [k, String(v)]);
}

function bodyText(body: unknown): string {
  if (body === undefined || body === null) return '';
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return Buffer.from(body).toString('latin1');
  if (body instanceof ArrayBuffer) return Buffer.from(body).toString('latin1');
  return `[body of type ${Object.prototype.toString.call(body)}]`;
}

/** `base`, recording each request into SENT before sending it. */
export function recordingFetch(base: typeof fetch): typeof fetch {
  return (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    const headers = headerList(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    const auth = headers.find(([k]) => k.toLowerCase() === 'authorization')?.[1] ?? null;
    const rest = headers.filter(([k]) => k.toLowerCase() !== 'authorization').map(([k, v]) => `${k}: ${v}`);
    SENT.push({ url, method: init?.method ?? 'GET', authorization: auth, rest: `${rest.join('\n')}\n\n${bodyText(init?.body)}` });
    return base(input, init);
  };
}

/** The client module with RECORDING_TIMING for production and a recording fetch in every client. */
export function wrapClientModule(actual: typeof ClientModule): typeof ClientModule {
  return {
    ...actual,
    PRODUCTION_TIMING: RECORDING_TIMING,
    createGithubClient: (config: GithubClientConfig) =>
      actual.createGithubClient({ ...config, timing: config.timing ?? RECORDING_TIMING, fetch: recordingFetch(config.fetch ?? globalThis.fetch) }),
  };
}

/** Runs `work` with some of RECORDING_TIMING changed, restoring it afterwards. */
export async function withRecordingTiming<T>(over: Partial<GithubTiming>, work: () => Promise<T>): Promise<T> {
  const saved = { ...RECORDING_TIMING };
  Object.assign(RECORDING_TIMING, over);
  try {
    return await work();
  } finally {
    Object.assign(RECORDING_TIMING, saved);
  }
}
