/**
 * GitHub failures by meaning: octokit throws a RequestError (status, response); the store
 * turns it into a PipelineError people can act on. Messages never hold the token: octokit
 * redacts its own request headers, and the CLI's top level redacts the environment's secrets.
 */
import { z } from 'zod';
import { redactSecrets } from '../../redact.ts';
import { PipelineError } from '../../errors.ts';

const HttpFailureSchema = z.object({
  status: z.number(),
  message: z.string(),
  response: z
    .object({
      headers: z.record(z.string(), z.unknown()).optional(),
      data: z.unknown(),
    })
    .optional(),
});

/** What an HTTP failure from octokit carries; null for anything else. */
export interface HttpFailure {
  readonly status: number;
  readonly message: string;
  readonly headers: Readonly<Record<string, unknown>>;
  readonly data: unknown;
  /** True when no answer came back (network error, timeout): octokit reports those as 500. */
  readonly noAnswer: boolean;
}

export function httpFailureOf(err: unknown): HttpFailure | null {
  if (err instanceof PipelineError) return null;
  const parsed = HttpFailureSchema.safeParse(err);
  if (!parsed.success) return null;
  const { status, message, response } = parsed.data;
  return { status, message, headers: response?.headers ?? {}, data: response?.data, noAnswer: response === undefined };
}

export function statusOf(err: unknown): number | null {
  return httpFailureOf(err)?.status ?? null;
}

const ValidationErrorsSchema = z.object({
  errors: z.array(z.object({ code: z.string().optional(), field: z.string().optional(), resource: z.string().optional() })),
});

/** A 422 "Validation Failed" whose errors say `already_exists` (optionally on one field). */
export function isAlreadyExists(err: unknown, field?: string): boolean {
  const failure = httpFailureOf(err);
  if (failure?.status !== 422) return false;
  const parsed = ValidationErrorsSchema.safeParse(failure.data);
  return parsed.success && parsed.data.errors.some((e) => e.code === 'already_exists' && (field === undefined || e.field === field));
}

/** A 422 that refuses to change a published, immutable release. */
export function isImmutableRefusal(err: unknown): boolean {
  const failure = httpFailureOf(err);
  return failure?.status === 422 && /immutable/i.test(failure.message);
}

/** A rate-limit answer (primary or secondary), as octokit's throttling plugin recognises them. */
export function isRateLimit(failure: HttpFailure): boolean {
  if (failure.status !== 403 && failure.status !== 429) return false;
  return failure.headers['x-ratelimit-remaining'] === '0' || /\bsecondary rate\b/i.test(failure.message) || failure.status === 429;
}

function rateLimitDetails(failure: HttpFailure): string[] {
  const details: string[] = [];
  const retryAfter = failure.headers['retry-after'];
  const reset = Number(failure.headers['x-ratelimit-reset']);
  if (typeof retryAfter === 'string') details.push(`GitHub asked to wait ${retryAfter} s`);
  if (Number.isFinite(reset) && reset > 0) details.push(`the limit resets at ${new Date(reset * 1000).toISOString()}`);
  details.push('the wait was longer than this run accepts, or the limit came back again: re-run the job later');
  return details;
}

/** The short text of GitHub's message, without octokit's documentation-URL suffix. */
function shortMessage(failure: HttpFailure): string {
  return failure.message.replace(/ - https:\/\/docs\.github\.com\S*$/, '');
}

/**
 * Turns any failure of a GitHub request into a PipelineError that says what to do. What the
 * server said is quoted, so it is redacted here, once: a hostile or buggy server may echo
 * the Authorization header, and the error may be printed by any caller, not only the CLI.
 */
export function toGithubError(err: unknown, action: string): PipelineError {
  if (err instanceof PipelineError) return err;
  const error = describeGithubFailure(err, action);
  const message = redactSecrets(error.message);
  const details = error.details.map((d) => redactSecrets(d));
  const causeText = err instanceof Error ? `${err.message}\n${err.stack ?? ''}` : String(err);
  if (message === error.message && details.every((d, i) => d === error.details[i]) && redactSecrets(causeText) === causeText) return error;
  // The cause repeats the secret: it is dropped, not passed on.
  return new PipelineError(error.code, message, details);
}

function describeGithubFailure(err: unknown, action: string): PipelineError {
  const failure = httpFailureOf(err);
  if (!failure) {
    const message = err instanceof Error ? err.message : String(err);
    return new PipelineError('E_GITHUB', `could not ${action}: ${message}`, [], { cause: err });
  }
  const said = `${failure.status} ${shortMessage(failure)}`;
  const options = { cause: err };
  if (failure.status === 401) {
    return new PipelineError('E_GITHUB_AUTH', `GitHub rejected the token while trying to ${action} (${said})`, [
      'check GITHUB_TOKEN: in a workflow, pass env: GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}',
    ], options);
  }
  if (isRateLimit(failure)) {
    return new PipelineError('E_GITHUB', `GitHub's rate limit stopped the request to ${action} (${said})`, rateLimitDetails(failure), options);
  }
  if (failure.status === 403) {
    return new PipelineError('E_GITHUB_AUTH', `the token is not allowed to ${action} (${said})`, [
      'publishing needs a token with contents: write (the release job\'s permissions); pull requests from forks only get a read-only token',
    ], options);
  }
  if (failure.noAnswer) {
    return new PipelineError('E_GITHUB', `could not reach GitHub to ${action}: ${failure.message} (retried)`, [
      'nothing incomplete is ever published: re-run the job, it continues where this one stopped',
    ], options);
  }
  if (failure.status >= 500) {
    return new PipelineError('E_GITHUB', `GitHub failed to ${action} (${said}), also on every retry`, [
      'nothing incomplete is ever published: re-run the job, it continues where this one stopped',
    ], options);
  }
  return new PipelineError('E_GITHUB', `GitHub refused to ${action} (${said})`, [], options);
}
