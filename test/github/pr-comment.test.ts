import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PREVIEW_MARKER, renderCommentBody } from '../../pipeline/store/github/pr-comment.ts';
import { FakeGithub, READ_TOKEN } from '../support/fake-github/server.ts';
import { cli } from '../support/cli.ts';
import { actionsEnv } from '../support/github-store.ts';
import { makeTempDir } from '../support/temp-dir.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

/** A fake with pull request #7, a workflow event for it, and a preview file. */
async function setup(): Promise<{ fake: FakeGithub; dir: string; env: Record<string, string | undefined> }> {
  const fake = await FakeGithub.start({ pulls: [7] });
  const dir = await makeTempDir();
  cleanups.push(() => fake.close());
  const event = path.join(dir, 'event.json');
  await writeFile(event, JSON.stringify({ action: 'synchronize', number: 7, pull_request: { number: 7, title: '"; rm -rf / #' } }));
  return { fake, dir, env: actionsEnv(fake, { GITHUB_EVENT_PATH: event, GITHUB_SHA: undefined }) };
}

const comments = (fake: FakeGithub) => [...fake.state.comments.values()];

describe('pr-comment: one preview comment per pull request', () => {
  it('creates the comment once, then updates it in place; the same text changes nothing', async () => {
    const { fake, dir, env } = await setup();
    await writeFile(path.join(dir, 'preview.md'), '## Release preview\n\nv1.0.0\n');
    const first = await cli(dir, ['pr-comment', 'preview.md'], env);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^created the preview comment on pull request #7: http/);
    expect(comments(fake).map((c) => c.body)).toEqual([`${PREVIEW_MARKER}\n## Release preview\n\nv1.0.0\n`]);

    await writeFile(path.join(dir, 'preview.md'), '## Release preview\n\nv1.1.0\n');
    const second = await cli(dir, ['pr-comment', 'preview.md'], env);
    expect(second.stdout).toMatch(/^updated the preview comment/);
    expect(comments(fake)).toHaveLength(1);
    expect(comments(fake)[0]!.body).toContain('v1.1.0');

    const writes = fake.writes().length;
    const third = await cli(dir, ['pr-comment', 'preview.md'], env);
    expect(third.stdout).toMatch(/^the preview comment is up to date/);
    expect(fake.writes().length).toBe(writes);
  });

  it('never overwrites a person\'s comment that happens to start with the marker', async () => {
    const { fake, dir, env } = await setup();
    fake.state.addComment(7, `${PREVIEW_MARKER}\nquoted by a person`, 'human');
    await writeFile(path.join(dir, 'preview.md'), 'preview\n');
    expect((await cli(dir, ['pr-comment', 'preview.md'], env)).stdout).toMatch(/^created/);
    expect(comments(fake).map((c) => c.author)).toEqual(['human', 'bot']);
    expect(comments(fake)[0]!.body).toContain('quoted by a person');
  });

  it('a read-only token (a pull request from a fork): a notice, exit 0, nothing written', async () => {
    const { fake, dir, env } = await setup();
    await writeFile(path.join(dir, 'preview.md'), 'preview\n');
    const run = await cli(dir, ['pr-comment', 'preview.md'], { ...env, GITHUB_TOKEN: READ_TOKEN });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^::notice title=Release preview::cannot comment on pull request #7: the token may not comment .*\(403\)/);
    expect(comments(fake)).toHaveLength(0);
  });

  it('a bad token is an error (exit 1), not a notice', async () => {
    const { dir, env } = await setup();
    await writeFile(path.join(dir, 'preview.md'), 'preview\n');
    const run = await cli(dir, ['pr-comment', 'preview.md'], { ...env, GITHUB_TOKEN: 'ghp_notAValidTokenAtAll000000000000' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/error E_GITHUB_AUTH/);
    expect(run.stderr).not.toContain('ghp_notAValidTokenAtAll000000000000');
  });

  it('--pr overrides the event; a run outside a pull request says what is missing', async () => {
    const { fake, dir, env } = await setup();
    await writeFile(path.join(dir, 'preview.md'), 'preview\n');
    const noEvent = await cli(dir, ['pr-comment', 'preview.md'], { ...env, GITHUB_EVENT_PATH: undefined });
    expect(noEvent.code).toBe(1);
    expect(noEvent.stderr).toMatch(/error E_CONFIG: no pull request: pass --pr NUMBER/);
    expect((await cli(dir, ['pr-comment', 'preview.md', '--pr', '7'], { ...env, GITHUB_EVENT_PATH: undefined })).code).toBe(0);
    expect(comments(fake)).toHaveLength(1);
  });

  it('cuts a preview longer than GitHub\'s comment limit, saying where the rest is', () => {
    const body = renderCommentBody('字'.repeat(70_000));
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(body.startsWith(PREVIEW_MARKER)).toBe(true);
    expect(body).toContain('job summary');
  });
});
