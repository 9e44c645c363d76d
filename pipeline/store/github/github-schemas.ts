/**
 * The shapes of GitHub's answers that the store relies on, checked where they enter
 * (STYLE.md: zod for API responses). Only the fields we use; the rest is stripped.
 */
import { z } from 'zod';
import { PipelineError } from '../../errors.ts';

/** A release asset (GET /repos/{owner}/{repo}/releases/{id}/assets, upload answers). */
export const ReleaseAssetSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  size: z.number().int().nonnegative(),
  /** 'uploaded' when complete; 'starter' (left by a failed upload) or 'open' are broken. */
  state: z.string().default('uploaded'),
  /** "sha256:<hex>" since 2025; older servers and some fakes omit it. */
  digest: z.string().nullish(),
});
export type ReleaseAsset = z.infer<typeof ReleaseAssetSchema>;

/** A release (GET/POST/PATCH /repos/{owner}/{repo}/releases…). */
export const ReleaseSchema = z.object({
  id: z.number().int(),
  tag_name: z.string(),
  draft: z.boolean(),
  prerelease: z.boolean().optional(),
  /** A URI template: "https://uploads.github.com/repos/o/r/releases/1/assets{?name,label}". */
  upload_url: z.string(),
  /** The release's page; the store reports it as the release's location. */
  html_url: z.string().optional(),
  body: z.string().nullish(),
  target_commitish: z.string().nullish(),
  immutable: z.boolean().optional(),
  assets: z.array(ReleaseAssetSchema).optional(),
});
export type Release = z.infer<typeof ReleaseSchema>;

/** A git reference (GET /repos/{owner}/{repo}/git/ref/tags/{tag}). */
export const GitRefSchema = z.object({
  ref: z.string(),
  object: z.object({ sha: z.string(), type: z.string() }),
});

/** An annotated tag object (GET /repos/{owner}/{repo}/git/tags/{sha}). */
export const GitTagSchema = z.object({ object: z.object({ sha: z.string(), type: z.string() }) });

/** A comment on an issue or pull request. */
export const IssueCommentSchema = z.object({
  id: z.number().int(),
  body: z.string().nullish(),
  html_url: z.string().optional(),
  user: z.object({ login: z.string(), type: z.string().optional() }).nullable(),
});
export type IssueComment = z.infer<typeof IssueCommentSchema>;

/** Parses an API answer, or fails with E_GITHUB naming the request: never a silent cast. */
export function parseAnswer<S extends z.ZodType>(schema: S, data: unknown, what: string): z.infer<S> {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
  throw new PipelineError('E_GITHUB', `unexpected answer from GitHub to ${what}: ${issues}`);
}
