/**
 * One preview comment per pull request, updated in place: found by a hidden marker at
 * the start of a comment written by a bot (the workflow's token), never repeated.
 */
import { z } from 'zod';
import type { GithubClient } from './client.ts';
import { httpFailureOf, isRateLimit, statusOf, toGithubError } from './github-errors.ts';
import { IssueCommentSchema, parseAnswer } from './github-schemas.ts';
import type { RepoRef } from './releases-api.ts';

/** Hidden in the rendered comment; identifies the preview comment. */
export const PREVIEW_MARKER = '<!-- shandong-commitments-preview -->';

/** GitHub refuses comment bodies longer than this. */
const MAX_COMMENT = 65_536;

export type CommentOutcome =
  | { readonly kind: 'created' | 'updated' | 'unchanged'; readonly url: string }
  /** The token may not comment (a pull request from a fork gets a read-only token). */
  | { readonly kind: 'read-only'; readonly why: string };

/** The comment body: the marker, then the markdown (cut to GitHub's limit with a note). */
export function renderCommentBody(markdown: string, marker = PREVIEW_MARKER): string {
  const head = `${marker}\n`;
  const note = '\n\n… (cut to GitHub\'s comment limit: the full preview is in the job summary)\n';
  const room = MAX_COMMENT - head.length - note.length;
  return markdown.length <= room ? `${head}${markdown}` : `${head}${markdown.slice(0, room)}${note}`;
}

/** 403/404 from a token that may not write (but a rate limit is not that). */
function isReadOnly(err: unknown): boolean {
  const failure = httpFailureOf(err);
  return failure !== null && (failure.status === 403 || failure.status === 404) && !isRateLimit(failure);
}

/** Creates the preview comment, or updates the one already there. */
export async function upsertPrComment(client: GithubClient, repo: RepoRef, pr: number, markdown: string, marker = PREVIEW_MARKER): Promise<CommentOutcome> {
  const body = renderCommentBody(markdown, marker);
  const where = `pull request #${pr} of ${repo.owner}/${repo.repo}`;
  let comments;
  try {
    const data = await client.paginate('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', { ...repo, issue_number: pr, per_page: 100 });
    comments = parseAnswer(z.array(IssueCommentSchema), data, `list the comments of ${where}`);
  } catch (err) {
    if (isReadOnly(err)) return { kind: 'read-only', why: `cannot read the comments of ${where} (${statusOf(err)})` };
    throw toGithubError(err, `list the comments of ${where}`);
  }
  // Only a bot's comment counts: a person quoting the marker never gets overwritten.
  const ours = comments.filter((c) => c.user?.type === 'Bot' && (c.body ?? '').startsWith(marker)).sort((a, b) => a.id - b.id)[0];
  try {
    if (ours && ours.body === body) return { kind: 'unchanged', url: ours.html_url ?? '' };
    if (ours) {
      const res = await client.request('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', { ...repo, comment_id: ours.id, body });
      return { kind: 'updated', url: parseAnswer(IssueCommentSchema, res.data, 'update the preview comment').html_url ?? '' };
    }
    const res = await client.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { ...repo, issue_number: pr, body });
    return { kind: 'created', url: parseAnswer(IssueCommentSchema, res.data, 'create the preview comment').html_url ?? '' };
  } catch (err) {
    if (isReadOnly(err)) return { kind: 'read-only', why: `the token may not comment on ${where} (${statusOf(err)})` };
    throw toGithubError(err, `comment on ${where}`);
  }
}
