/**
 * The GitHub store configured from the environment, as GitHub Actions sets it:
 * GITHUB_REPOSITORY, GITHUB_API_URL, GITHUB_SHA; GITHUB_TOKEN comes from the workflow's
 * `env: GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}`.
 */
import { z } from 'zod';
import { PipelineError } from '../../errors.ts';
import { redactSecrets } from '../../redact.ts';
import type { GithubTiming } from './client.ts';
import { GithubStore } from './github-store.ts';
import type { RepoRef } from './releases-api.ts';

const blankAsMissing = (v: unknown): unknown => (v === '' ? undefined : v);

const GithubEnvSchema = z.object({
  GITHUB_TOKEN: z.preprocess(blankAsMissing, z.string({ error: 'GITHUB_TOKEN is not set (in a workflow: env: GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }})' })),
  GITHUB_REPOSITORY: z.preprocess(
    blankAsMissing,
    z
      .string({ error: 'GITHUB_REPOSITORY is not set (owner/name, e.g. shandong/commitments)' })
      .regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, 'GITHUB_REPOSITORY must be owner/name'),
  ),
  GITHUB_API_URL: z.preprocess(
    blankAsMissing,
    z
      .string()
      .regex(/^https?:\/\/[^\s/]+(\/\S*)?$/, 'GITHUB_API_URL must be an http(s) URL such as https://api.github.com')
      .default('https://api.github.com'),
  ),
  GITHUB_SHA: z.preprocess(blankAsMissing, z.string().regex(/^[0-9a-f]{40}(?:[0-9a-f]{24})?$/, 'GITHUB_SHA must be a full commit hash').optional()),
});

export interface GithubFromEnvOptions {
  /** Where progress and retry notes go (one line each, secrets redacted here). */
  readonly log: (line: string) => void;
  /** Tests shrink the waits; production honours GitHub's. */
  readonly timing?: GithubTiming;
  readonly fetch?: typeof fetch;
  /** Aborted when the run is cancelled (see GithubStoreOptions.signal). */
  readonly signal?: AbortSignal;
}

/** The GitHub settings of the environment, checked. */
export interface GithubEnv {
  readonly token: string;
  readonly repo: RepoRef;
  readonly apiUrl: string;
  readonly commitSha: string | null;
}

/** Reads GITHUB_* variables; E_CONFIG naming every missing or malformed one (never their values). */
export function readGithubEnv(env: Readonly<Record<string, string | undefined>>, purpose = '--store github'): GithubEnv {
  const parsed = GithubEnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new PipelineError(
      'E_CONFIG',
      `${purpose} needs the GitHub Actions environment`,
      parsed.error.issues.map((i) => i.message),
    );
  }
  const { GITHUB_TOKEN, GITHUB_REPOSITORY, GITHUB_API_URL, GITHUB_SHA } = parsed.data;
  const [owner, repo] = GITHUB_REPOSITORY.split('/') as [string, string];
  return { token: GITHUB_TOKEN, repo: { owner, repo }, apiUrl: GITHUB_API_URL, commitSha: GITHUB_SHA ?? null };
}

/** A log sink that redacts the environment's secrets. */
export function redactingLog(env: Readonly<Record<string, string | undefined>>, log: (line: string) => void): (line: string) => void {
  return (line) => log(redactSecrets(`  github: ${line}`, env));
}

/** A GithubStore from GITHUB_* variables. */
export function createGithubStoreFromEnv(env: Readonly<Record<string, string | undefined>>, options: GithubFromEnvOptions): GithubStore {
  const settings = readGithubEnv(env);
  return new GithubStore({ ...settings, timing: options.timing, fetch: options.fetch, log: redactingLog(env, options.log), signal: options.signal });
}
