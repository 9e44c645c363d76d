import { beforeAll, describe, expect, it } from 'vitest';
import type { InMemoryRelease } from '../../pipeline/render/render-assets.ts';
import { FakeGithub, READ_TOKEN } from '../support/fake-github/server.ts';
import { countRequests, expectPublishedOnce, storeFor, TEST_TIMING } from '../support/github-store.ts';
import { expectPipelineError } from '../support/pipeline-error.ts';
import { renderFirstRelease } from '../support/releases.ts';

let release: InMemoryRelease;
let total: number;
beforeAll(async () => {
  release = await renderFirstRelease();
  total = await countRequests(() => FakeGithub.start(), release);
});

// The same faults at every request of a publish, one by one: faults-at-every-request.slow.test.ts.
describe('transient failures are survived', () => {
  it('every request failing once (each first attempt answers 502)', async () => {
    const fake = await FakeGithub.start();
    try {
      fake.faults = (r) => (r.index % 2 === 1 ? { kind: 'status', status: 502 } : undefined);
      expect((await storeFor(fake).publish(release)).status).toBe('published');
      expectPublishedOnce(fake, release);
      expect(fake.requests.filter((r) => r.status === 502).length).toBeGreaterThan(total - 2);
    } finally {
      await fake.close();
    }
  });

  it('5xx on every retry of a request: E_GITHUB after a capped number of tries; nothing published', async () => {
    const fake = await FakeGithub.start();
    try {
      fake.faults = (r) => (r.origin === 'uploads' ? { kind: 'status', status: 503 } : undefined);
      const err = await expectPipelineError(storeFor(fake).publish(release));
      expect(err.code).toBe('E_GITHUB');
      expect(err.message).toMatch(/GitHub failed to upload commitments\.json .*503.*also on every retry/);
      expect(err.details.join(' ')).toMatch(/re-run the job/);
      expect(fake.requests.filter((r) => r.origin === 'uploads')).toHaveLength(1 + TEST_TIMING.retries);
      expect([...fake.state.releases.values()].every((r) => r.draft)).toBe(true);
    } finally {
      await fake.close();
    }
  });

  it('a server that never answers: each request times out and is retried; the run fails, it never hangs', async () => {
    const fake = await FakeGithub.start();
    try {
      fake.faults = () => ({ kind: 'hang' });
      const started = performance.now();
      const err = await expectPipelineError(storeFor(fake, { timing: { ...TEST_TIMING, requestTimeoutMs: 150, retries: 2 } }).publish(release));
      expect(err.code).toBe('E_GITHUB');
      expect(err.message).toMatch(/could not reach GitHub to list the releases/);
      expect(fake.requests).toHaveLength(3);
      expect(performance.now() - started).toBeLessThan(10_000);
    } finally {
      await fake.close();
    }
  });
});

describe('rate limits are waited out as GitHub tells', () => {
  it('a secondary rate limit: waits retry-after, then goes on', async () => {
    const fake = await FakeGithub.start();
    try {
      fake.faults = (r) => (r.index === 6 ? { kind: 'secondary-limit', retryAfter: 42 } : undefined);
      const log: string[] = [];
      await storeFor(fake, { log }).publish(release);
      expectPublishedOnce(fake, release);
      expect(log.join('\n')).toMatch(/GitHub secondary rate limit on POST \/repos\/shandong\/commitments\/releases\/\d+\/assets: waiting 42 s as GitHub asks/);
      expect(fake.requests[5]!.status).toBe(403);
      expect(fake.requests[6]!.path).toBe(fake.requests[5]!.path); // the same request, retried
    } finally {
      await fake.close();
    }
  });

  it('a primary rate limit: waits until x-ratelimit-reset, then goes on', async () => {
    const fake = await FakeGithub.start();
    try {
      fake.faults = (r) => (r.index === 1 ? { kind: 'primary-limit', resetIn: 30 } : undefined);
      const log: string[] = [];
      await storeFor(fake, { log }).publish(release);
      expectPublishedOnce(fake, release);
      // The plugin waits until one second after the reset time.
      expect(log.join('\n')).toMatch(/GitHub primary rate limit on GET \/repos\/shandong\/commitments\/releases: waiting (30|31) s as GitHub asks/);
    } finally {
      await fake.close();
    }
  });

  it('a wait longer than the cap fails at once with the reset time, instead of hanging', async () => {
    const fake = await FakeGithub.start();
    try {
      fake.faults = () => ({ kind: 'primary-limit', resetIn: 3600 });
      const err = await expectPipelineError(storeFor(fake).publish(release));
      expect(err.code).toBe('E_GITHUB');
      expect(err.message).toMatch(/rate limit stopped the request to list the releases/);
      expect(err.details.join(' ')).toMatch(/the limit resets at \d{4}-\d\d-\d\dT/);
      expect(fake.requests).toHaveLength(1);
    } finally {
      await fake.close();
    }
  });

  it('a limit that keeps coming back is given up after a capped number of waits', async () => {
    const fake = await FakeGithub.start();
    try {
      fake.faults = () => ({ kind: 'secondary-limit', retryAfter: 5 });
      const err = await expectPipelineError(storeFor(fake).publish(release));
      expect(err.code).toBe('E_GITHUB');
      expect(fake.requests).toHaveLength(1 + TEST_TIMING.maxRateLimitWaits);
    } finally {
      await fake.close();
    }
  });
});

describe('401 and 403 fail at once with a clear message', () => {
  it('401 (bad token): E_GITHUB_AUTH after one request, the token never in the message', async () => {
    const fake = await FakeGithub.start();
    try {
      const token = 'ghp_wrongTokenwrongTokenwrongToken0123';
      const err = await expectPipelineError(storeFor(fake, { token }).publish(release));
      expect(err.code).toBe('E_GITHUB_AUTH');
      expect(err.message).toMatch(/GitHub rejected the token while trying to list the releases .*\(401 Bad credentials\)/);
      expect(err.details.join(' ')).toContain('GITHUB_TOKEN');
      expect(`${err.message}${err.details.join('')}`).not.toContain(token);
      expect(fake.requests).toHaveLength(1);
    } finally {
      await fake.close();
    }
  });

  it('404 for the repository (a wrong GITHUB_REPOSITORY, or no access): E_CONFIG saying what to check', async () => {
    const fake = await FakeGithub.start({ repo: 'other-name' });
    try {
      const err = await expectPipelineError(storeFor(fake, { repo: 'commitments' }).publish(release));
      expect(err.code).toBe('E_CONFIG');
      expect(err.message).toContain('repository shandong/commitments not found, or the token cannot see it (404)');
      expect(fake.requests).toHaveLength(1);
    } finally {
      await fake.close();
    }
  });

  it('403 (a read-only token): E_GITHUB_AUTH at the first write, not retried, nothing written', async () => {
    const fake = await FakeGithub.start();
    try {
      const err = await expectPipelineError(storeFor(fake, { token: READ_TOKEN }).publish(release));
      expect(err.code).toBe('E_GITHUB_AUTH');
      expect(err.message).toMatch(/the token is not allowed to create a draft release v1\.0\.0 .*\(403 Resource not accessible by integration\)/);
      expect(err.details.join(' ')).toContain('contents: write');
      expect(fake.requests.filter((r) => r.status === 403)).toHaveLength(1);
      expect(fake.state.releases.size).toBe(0);
    } finally {
      await fake.close();
    }
  });
});
