/**
 * The workflows' own run: commands, executed as Actions would (bash, Actions' flags and
 * environment) in a checkout, against the fake GitHub API. Not run here: `npm ci` (the
 * checkout links this repository's node_modules) and `npm test` (this is the test suite).
 */
import { assetNamesOf } from '../../pipeline/release-format/names.ts';
import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeGithub, READ_TOKEN, WRITE_TOKEN } from '../support/fake-github/server.ts';
import { makeTempDir } from '../support/temp-dir.ts';
import { rewordJinan } from '../support/workspace.ts';
import { loadWorkflow, makeCheckout, runJob, type StepRun, type Workflow } from '../support/github-workflows.ts';

const SKIP = {
  'npm ci': 'the checkout links the installed node_modules',
  'npm test': 'this is the test suite itself',
  'sudo apt-get update -qq && sudo apt-get install -y -qq libarchive-tools pandoc unzip': '.ci/run installs the same Debian packages here',
};

let release: Workflow;
let prCheck: Workflow;
let fake: FakeGithub;
let root: string;
let workspace: string;
let sha: string;

beforeAll(async () => {
  release = (await loadWorkflow('release.yml')).workflow;
  prCheck = (await loadWorkflow('pr-check.yml')).workflow;
  fake = await FakeGithub.start({ pulls: [12, 13] });
  root = await makeTempDir();
  workspace = path.join(root, 'work', 'commitments');
  sha = (await makeCheckout(workspace)).sha;
});
afterAll(async () => {
  await fake?.close();
});

let runCount = 0;

/** The environment Actions sets for a job, with fresh summary/output files. */
async function actionsEnv(event: { name: string; payload: object; ref: string; headRef?: string; baseRef?: string }): Promise<Record<string, string>> {
  const temp = path.join(root, `runner-temp-${++runCount}`);
  await mkdir(temp, { recursive: true });
  const files = { GITHUB_STEP_SUMMARY: 'summary.md', GITHUB_OUTPUT: 'output', GITHUB_ENV: 'env', GITHUB_PATH: 'path', GITHUB_STATE: 'state' };
  const env: Record<string, string> = {
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKFLOW: 'test',
    GITHUB_RUN_ID: String(1000 + runCount),
    GITHUB_RUN_NUMBER: String(runCount),
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_JOB: 'job',
    GITHUB_ACTOR: 'octocat',
    GITHUB_REPOSITORY: 'shandong/commitments',
    GITHUB_REPOSITORY_OWNER: 'shandong',
    GITHUB_EVENT_NAME: event.name,
    GITHUB_EVENT_PATH: path.join(temp, 'event.json'),
    GITHUB_WORKSPACE: workspace,
    GITHUB_SHA: sha,
    GITHUB_REF: event.ref,
    GITHUB_REF_NAME: event.ref.replace(/^refs\/(heads|tags)\//, ''),
    GITHUB_HEAD_REF: event.headRef ?? '',
    GITHUB_BASE_REF: event.baseRef ?? '',
    GITHUB_SERVER_URL: fake.apiUrl,
    GITHUB_API_URL: fake.apiUrl,
    GITHUB_GRAPHQL_URL: `${fake.apiUrl}/graphql`,
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    RUNNER_TEMP: temp,
  };
  for (const [name, file] of Object.entries(files)) {
    env[name] = path.join(temp, file);
    await writeFile(env[name]!, '');
  }
  await writeFile(env.GITHUB_EVENT_PATH!, JSON.stringify(event.payload));
  return env;
}

/** A pull_request event whose title and branch name are hostile shell text. */
const pullRequestEvent = {
  name: 'pull_request',
  ref: 'refs/pull/12/merge',
  headRef: 'x$(touch pwned-branch)`touch pwned-branch2`',
  baseRef: 'main',
  payload: { action: 'synchronize', number: 12, pull_request: { number: 12, title: '"; touch pwned-title; echo "$(touch pwned-title2)', head: { ref: 'x$(touch pwned-branch)' } } },
};

const byName = (runs: readonly StepRun[], name: string): StepRun => {
  const found = runs.find((r) => r.name === name);
  if (!found) throw new Error(`step "${name}" did not run; ran: ${runs.map((r) => r.name).join(', ')}`);
  return found;
};

const exists = (file: string): Promise<boolean> => access(file).then(
  () => true,
  () => false,
);

describe('the workflows\' run: steps, against the fake GitHub API', () => {
  it('release job: publishes v1.0.0 tagged on the commit; the pages job builds the site from it', async () => {
    const env = await actionsEnv({ name: 'push', ref: 'refs/heads/main', payload: { ref: 'refs/heads/main' } });
    const runs = await runJob(release, 'release', { workspace, env, token: WRITE_TOKEN, skip: SKIP });
    expect(runs.map((r) => [r.name, r.code])).toEqual([['Publish to GitHub Releases', 0]]);
    expect(runs[0]!.stdout).toMatch(/^released v1\.0\.0/);
    expect(await readFile(env.GITHUB_STEP_SUMMARY!, 'utf8')).toMatch(/^released v1\.0\.0/);
    expect(`${runs[0]!.stdout}${runs[0]!.stderr}`).not.toContain(WRITE_TOKEN);
    const published = [...fake.state.releases.values()].filter((r) => r.tagName === 'v1.0.0' && !r.draft);
    expect(published).toHaveLength(1);
    expect(fake.state.assetsOf(published[0]!.id)).toHaveLength(assetNamesOf('1.0.0').length);
    expect(fake.state.tags.get('v1.0.0')).toBe(sha);

    // The pages job builds the site from the releases on GitHub (deploying is actions' work).
    const pages = await runJob(release, 'pages', { workspace, env: await actionsEnv({ name: 'push', ref: 'refs/heads/main', payload: {} }), token: WRITE_TOKEN, skip: SKIP });
    expect(pages.map((r) => [r.name, r.code, r.stderr.match(/^error.*$/m)?.[0] ?? ''])).toEqual([['Build the site from the published releases', 0, '']]);
    expect(await exists(path.join(workspace, 'dist', 'site', 'index.html'))).toBe(true);
  });

  it('PR check: annotations, the preview with the next version in the summary and in one comment; a fork only gets a notice', async () => {
    await rewordJinan(path.join(workspace, 'seeds'));
    const env = await actionsEnv(pullRequestEvent);
    const runs = await runJob(prCheck, 'check', { workspace, env, token: WRITE_TOKEN, skip: SKIP });
    expect(runs.map((r) => r.code)).toEqual([0, 0, 0]);
    expect(byName(runs, 'Validate the seeds (inline annotations)').stdout).toMatch(/^::(warning|notice) /m);
    const summary = await readFile(env.GITHUB_STEP_SUMMARY!, 'utf8');
    expect(summary).toMatch(/^## Release preview/);
    expect(summary).toContain('1.0.1');
    expect(summary).toContain('（修订）');
    const comments = [...fake.state.comments.values()];
    expect(comments.map((c) => c.issue)).toEqual([12]);
    expect(comments[0]!.body).toContain('1.0.1');

    // Another pull request, from a fork: a read-only token. Its comment step (run on the
    // preview the steps before it wrote) prints a notice and the job passes.
    const forkEnv = await actionsEnv({
      ...pullRequestEvent,
      ref: 'refs/pull/13/merge',
      payload: { ...pullRequestEvent.payload, number: 13, pull_request: { ...pullRequestEvent.payload.pull_request, number: 13 } },
    });
    await writeFile(path.join(forkEnv.RUNNER_TEMP!, 'release-preview.md'), await readFile(path.join(env.RUNNER_TEMP!, 'release-preview.md')));
    const fork = await runJob(prCheck, 'check', { workspace, env: forkEnv, token: READ_TOKEN, skip: SKIP, only: ['Comment the preview on the pull request'] });
    expect(fork.map((r) => r.code)).toEqual([0]);
    expect(fork[0]!.stdout).toMatch(/^::notice title=Release preview::cannot comment on pull request #13/);
    expect([...fake.state.comments.values()].map((c) => c.issue)).toEqual([12]);

    // Hostile titles and branch names were never executed.
    for (const f of ['pwned-branch', 'pwned-branch2', 'pwned-title', 'pwned-title2']) expect(await exists(path.join(workspace, f))).toBe(false);
  });

  it('PR check on broken seeds: the validate step fails with an inline error annotation and the job stops', async () => {
    const file = path.join(workspace, 'seeds', '2023', 'zibo.json');
    const saved = await readFile(file, 'utf8');
    try {
      await writeFile(file, saved.replace('"commitments": [', '"commitmentz": ['));
      const runs = await runJob(prCheck, 'check', { workspace, env: await actionsEnv(pullRequestEvent), token: WRITE_TOKEN, skip: SKIP });
      expect(runs.map((r) => [r.name, r.code])).toEqual([['Validate the seeds (inline annotations)', 1]]);
      expect(runs[0]!.stdout).toMatch(/^::error file=seeds\/2023\/zibo\.json,line=\d+,col=\d+/m);
    } finally {
      await writeFile(file, saved);
    }
  });
});
