import { beforeAll, describe, expect, it } from 'vitest';
import type { InMemoryRelease } from '../../pipeline/render/render-assets.ts';
import { crashingFetch, runUntilCrash } from '../support/fake-github/crash-fetch.ts';
import { FakeGithub, type FakeGithubOptions } from '../support/fake-github/server.ts';
import { mapConcurrent } from '../support/concurrency.ts';
import { countRequests, expectPublishedOnce, storeFor } from '../support/github-store.ts';
import { renderFirstRelease } from '../support/releases.ts';

let release: InMemoryRelease;
beforeAll(async () => {
  release = await renderFirstRelease();
});

/**
 * Publishes with a publisher that dies right after its `crashes[0]`-th request has
 * reached GitHub (the request is applied, the answer never read), then re-runs with
 * one dying after `crashes[1]`… and finally a run that is left alone.
 */
async function crashAndRerun(options: FakeGithubOptions, crashes: number[]): Promise<{ crashed: boolean[]; final: string }> {
  const fake = await FakeGithub.start(options);
  try {
    const crashed: boolean[] = [];
    for (const at of crashes) {
      const crash = crashingFetch(at);
      const run = await runUntilCrash(storeFor(fake, { fetch: crash.fetch }).publish(release), crash);
      crashed.push(run.crashed);
    }
    const final = await storeFor(fake).publish(release);
    expectPublishedOnce(fake, release);
    return { crashed, final: final.status };
  } finally {
    await fake.close();
  }
}

const pointsUpTo = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);

describe('a publisher killed between any two requests, then re-run', () => {
  const variants: { label: string; options: FakeGithubOptions }[] = [
    { label: 'with GitHub\'s digest field, immutable releases on', options: { digests: true, immutableReleases: true } },
    { label: 'without GitHub\'s digest field (assets downloaded and hashed)', options: { digests: false } },
  ];
  for (const { label, options } of variants) {
    it(`converges to exactly one complete release, for every crash point (${label})`, async () => {
      const total = await countRequests(() => FakeGithub.start(options), release);
      expect(total).toBeGreaterThan(release.assets.length + 5);
      const outcomes = await mapConcurrent(pointsUpTo(total), 16, (at) => crashAndRerun(options, [at]));
      // Every point was a real crash; the re-run published, or found it already published.
      expect(outcomes.map((o) => o.crashed[0])).toEqual(outcomes.map(() => true));
      expect(new Set(outcomes.map((o) => o.final))).toEqual(new Set(['published', 'unchanged']));
      // A crash after the last request is no crash at all.
      expect((await crashAndRerun(options, [total + 1])).crashed).toEqual([false]);
    });
  }
});
