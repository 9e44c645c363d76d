/**
 * A hostile GitHub: a proxy in front of the fake's API that answers chosen requests with
 * error bodies and headers echoing the Authorization header it received, the way a
 * misconfigured server or proxy might.
 */
import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenLocal } from '../local-server.ts';

export type EchoKind = 'echo-401' | 'echo-500' | 'echo-422' | 'echo-ratelimit';

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

function echoAnswer(kind: EchoKind, auth: string): Answer {
  const bare = auth.replace(/^\S+\s+/, '');
  const common = { 'x-echo-authorization': auth, 'x-ratelimit-remaining': '4999', 'x-github-request-id': `ECHO:${bare}` };
  const json = (status: number, body: object): Answer => ({
    status,
    headers: { ...common, 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify(body),
  });
  switch (kind) {
    case 'echo-401':
      return json(401, {
        message: `Bad credentials: this server got "Authorization: ${auth}"`,
        errors: [{ resource: 'Token', code: 'invalid', field: 'authorization', message: bare }],
        documentation_url: `https://example.invalid/why#${bare}`,
        status: '401',
      });
    case 'echo-422':
      return json(422, {
        message: `Validation Failed for ${bare}`,
        errors: [{ resource: 'Release', code: 'custom', field: 'authorization', message: `token ${bare} is not allowed here (${auth})` }],
        documentation_url: `https://example.invalid/422?t=${bare}`,
        status: '422',
      });
    case 'echo-ratelimit':
      return {
        ...json(403, { message: `You have exceeded a secondary rate limit (Authorization: ${auth}).`, documentation_url: `https://example.invalid/limits/${bare}`, status: '403' }),
        headers: { ...common, 'content-type': 'application/json; charset=utf-8', 'retry-after': bare },
      };
    case 'echo-500':
      // What a misconfigured proxy in front of an API sends: a text page listing the request.
      return {
        status: 500,
        headers: { ...common, 'content-type': 'text/plain; charset=utf-8' },
        body: `upstream error\nrequest headers:\n  authorization: ${auth}\n  x-echo: ${bare}\n`,
      };
  }
}

export interface HostileProxy {
  readonly url: string;
  readonly close: () => Promise<void>;
  /** How many answers echoed the Authorization header. */
  readonly echoed: () => number;
}

/**
 * A proxy to `target` (the fake's API origin); `plan(index)` says which requests (1-based)
 * go through to it and which get the `kind` echo instead.
 */
export async function startHostileProxy(target: string, kind: EchoKind, plan: (index: number) => 'pass' | 'echo'): Promise<HostileProxy> {
  let index = 0;
  let echoed = 0;
  const upstream = new URL(target);
  const server = await listenLocal((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      index++;
      if (plan(index) === 'echo') {
        echoed++;
        const answer = echoAnswer(kind, req.headers.authorization ?? '(none)');
        res.writeHead(answer.status, { ...answer.headers, 'content-length': String(Buffer.byteLength(answer.body)) });
        res.end(answer.body);
        return;
      }
      const forward = httpRequest(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      forward.on('error', () => res.destroy());
      forward.end(Buffer.concat(chunks));
    });
  });
  return { url: server.origin, close: server.close, echoed: () => echoed };
}
