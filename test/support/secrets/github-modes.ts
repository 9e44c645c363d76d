/**
 * The GitHub side of the secrets tests in each failure mode we know: the fake GitHub with
 * v1.0.0 published and pull request #7, failing as the mode says, behind a hostile proxy
 * for the modes in which the server echoes the Authorization header back.
 */
import type { InMemoryRelease } from '../../../pipeline/render/render-assets.ts';
import { FakeGithub, type Fault } from '../fake-github/server.ts';
import { seedPublished } from '../github-store.ts';
import { startHostileProxy, type EchoKind, type HostileProxy } from './hostile-proxy.ts';
import type { TokenCase } from './tokens.ts';

/** Every way GitHub answers in these tests: success, each failure, and each hostile echo. */
export const MODES = [
  'success',
  'http-500',
  'http-401',
  'http-403',
  'http-404',
  'read-only',
  'drop',
  'timeout',
  'echo-401',
  'echo-500',
  'echo-later-422',
  'echo-ratelimit',
] as const;
export type Mode = (typeof MODES)[number];

/** The modes in which the token's value itself comes back to the client. */
export const ECHO_MODES = ['echo-401', 'echo-500', 'echo-later-422', 'echo-ratelimit'] as const satisfies readonly Mode[];

const FAULTS: Partial<Record<Mode, Fault>> = {
  'http-500': { kind: 'status', status: 500 },
  'http-403': { kind: 'status', status: 403, message: 'Resource not accessible by integration' },
  'http-404': { kind: 'status', status: 404, message: 'Not Found' },
  drop: { kind: 'drop' },
  timeout: { kind: 'hang' },
};

export interface Github {
  readonly fake: FakeGithub;
  /** Where the client is sent: the proxy in echo modes, else the fake itself. */
  readonly apiUrl: string;
  readonly proxy: HostileProxy | null;
  readonly close: () => Promise<void>;
}

/** The fake with `published` released and pull request #7, failing as `mode` says, for `token`. */
export async function startGithub(token: TokenCase, mode: Mode, published: InMemoryRelease): Promise<Github> {
  const fake = await FakeGithub.start({
    pulls: [7],
    // http-401: the fake does not know the token ("Bad credentials"); read-only: a fork's token.
    tokens: mode === 'http-401' ? {} : { [token.value]: mode === 'read-only' ? 'read' : 'write' },
  });
  seedPublished(fake, published);
  const fault = FAULTS[mode];
  if (fault) fake.faults = () => fault;
  let proxy: HostileProxy | null = null;
  if (mode.startsWith('echo-')) {
    const kind: EchoKind = mode === 'echo-later-422' ? 'echo-422' : (mode as EchoKind);
    // echo-later-422: the first request (the listing) is answered by the fake, every later one echoes.
    proxy = await startHostileProxy(fake.apiUrl, kind, (i) => (mode === 'echo-later-422' && i === 1 ? 'pass' : 'echo'));
  }
  return {
    fake,
    apiUrl: proxy?.url ?? fake.apiUrl,
    proxy,
    close: async () => {
      await proxy?.close();
      await fake.close();
    },
  };
}
