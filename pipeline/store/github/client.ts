/**
 * The octokit client the GitHub store talks through: retries with backoff on 5xx and
 * network errors (plugin-retry), waits out rate limits as GitHub asks (plugin-throttling),
 * with caps, and a timeout on every request, so a run never hangs.
 */
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import { randomUUID } from 'node:crypto';
import Bottleneck from 'bottleneck';
import { redactSecrets, registerSecret } from '../../redact.ts';

/** How long the client waits. Production honours GitHub's numbers; tests shrink the unit. */
export interface GithubTiming {
  /**
   * Milliseconds per second of waiting (1000 in production). Scales retry backoff,
   * retry-after, rate-limit resets and the spacing of writes; tests use 1.
   */
  readonly msPerSecond: number;
  /** The longest single rate-limit wait accepted, in seconds; past it the run fails instead. */
  readonly maxRateLimitWaitSeconds: number;
  /** How many rate-limit waits one request may go through. */
  readonly maxRateLimitWaits: number;
  /** Retries of one request after a 5xx or a network error (backoff 1, 4, 9… seconds). */
  readonly retries: number;
  /** Real-time timeout of one HTTP request, answer body included, in milliseconds. */
  readonly requestTimeoutMs: number;
}

export const PRODUCTION_TIMING: GithubTiming = {
  msPerSecond: 1000,
  maxRateLimitWaitSeconds: 600,
  maxRateLimitWaits: 3,
  retries: 4,
  requestTimeoutMs: 120_000,
};

export interface GithubClientConfig {
  readonly token: string;
  /** REST API root, e.g. https://api.github.com (GITHUB_API_URL). */
  readonly apiUrl: string;
  readonly timing?: GithubTiming;
  /** One line per notable event (retries, waits); bound for stderr. */
  readonly log?: (line: string) => void;
  /** The fetch every request goes through (tests inject one); default: the global fetch. */
  readonly fetch?: typeof fetch;
  /** Aborted when the run is cancelled: no request starts after that, and those under way are dropped. */
  readonly signal?: AbortSignal;
}

const PluggedOctokit = Octokit.plugin(retry, throttling);
export type GithubClient = InstanceType<typeof PluggedOctokit>;

/** "GET /repos/o/r/releases" for logs: path only, never a query (signed storage URLs carry secrets there). */
export function describeRequest(method: string | undefined, url: string): string {
  let where = url;
  try {
    where = new URL(url, 'http://github.invalid').pathname;
  } catch {
    where = url.split('?')[0] ?? url;
  }
  return `${method ?? 'GET'} ${where}`;
}

/**
 * A fetch that gives up after `ms`, and logs failures (the retry plugin retries them
 * silently). Once `run` is aborted, it starts no request and drops those under way (with
 * the abort's reason, an AbortError, which octokit's retry plugin does not retry).
 */
function fetchWithTimeout(base: typeof fetch, ms: number, log: (line: string) => void, run?: AbortSignal): typeof fetch {
  return async (input, init) => {
    run?.throwIfAborted();
    const timeout = AbortSignal.timeout(ms);
    const signal = AbortSignal.any([...(init?.signal ? [init.signal] : []), timeout, ...(run ? [run] : [])]);
    const what = describeRequest(init?.method, input instanceof Request ? input.url : String(input));
    try {
      const response = await base(input, { ...init, signal });
      if (response.status >= 500) log(`GitHub answered ${response.status} to ${what}`);
      return response;
    } catch (err) {
      if (run?.aborted) throw run.reason;
      const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : '';
      log(`no answer from GitHub to ${what}: ${err instanceof Error ? err.message : String(err)}${cause}`);
      throw err;
    }
  };
}

/** An octokit client with retries, rate-limit handling, write spacing and timeouts. */
export function createGithubClient(config: GithubClientConfig): GithubClient {
  const timing = config.timing ?? PRODUCTION_TIMING;
  registerSecret(config.token);
  const sink = config.log ?? ((): void => undefined);
  const log = (line: string): void => sink(redactSecrets(line));
  const onLimit =
    (kind: string) =>
    (retryAfter: number, options: { method: string; url: string }, _octokit: unknown, retryCount: number): boolean => {
      const what = describeRequest(options.method, options.url);
      if (retryCount >= timing.maxRateLimitWaits) {
        log(`GitHub ${kind} rate limit on ${what} again after ${retryCount} wait(s): giving up`);
        return false;
      }
      if (retryAfter > timing.maxRateLimitWaitSeconds) {
        log(`GitHub ${kind} rate limit on ${what}: it asks to wait ${retryAfter} s, more than the ${timing.maxRateLimitWaitSeconds} s this run accepts`);
        return false;
      }
      log(`GitHub ${kind} rate limit on ${what}: waiting ${retryAfter} s as GitHub asks`);
      return true;
    };
  return new PluggedOctokit({
    auth: config.token,
    baseUrl: config.apiUrl.replace(/\/+$/, ''),
    userAgent: 'shandong-commitments-pipeline',
    // octokit logs every request (failures at error level, 404s included); the fetch wrapper
    // above reports what matters, so only warnings (deprecations) pass.
    log: { debug: () => undefined, info: () => undefined, warn: (m: string) => log(m), error: () => undefined },
    request: { fetch: fetchWithTimeout(config.fetch ?? globalThis.fetch, timing.requestTimeoutMs, log, config.signal) },
    retry: { retries: timing.retries, retryAfterBaseValue: timing.msPerSecond },
    throttle: {
      // The plugin's limiters are module-wide and keyed by this id: one key per client, so
      // clients never share (or block) each other's slots.
      id: `shandong-commitments-${randomUUID()}`,
      onRateLimit: onLimit('primary'),
      onSecondaryRateLimit: onLimit('secondary'),
      retryAfterBaseValue: timing.msPerSecond,
      // Writes one at a time and spaced, as GitHub asks of integrations. The plugin's default
      // (1 s, 3 s for notifying writes) would add ~15 s to a run of ~15 writes, far below
      // GitHub's content-creation limit (80 a minute) anyway; a secondary limit, if it comes,
      // is waited out as GitHub says.
      write: new Bottleneck.Group({ maxConcurrent: 1, minTime: timing.msPerSecond / 10 }),
      notifications: new Bottleneck.Group({ maxConcurrent: 1, minTime: timing.msPerSecond / 2 }),
    },
  });
}

/** Waits `seconds` on the client's time scale. */
export function pause(timing: GithubTiming, seconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, seconds * timing.msPerSecond));
}
