/**
 * An HTTP server on 127.0.0.1 at a free port, for the fakes and fixtures that stand in for
 * the network (tests never reach the internet).
 */
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LocalServer {
  /** e.g. http://127.0.0.1:41234 */
  readonly origin: string;
  /** Stops listening and drops open (keep-alive) connections; a second call does nothing. */
  close(): Promise<void>;
}

/** Starts a server answering with `handler`; resolves once it listens. */
export async function listenLocal(handler: RequestListener): Promise<LocalServer> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  let closed: Promise<void> | null = null;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      (closed ??= new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      })),
  };
}
