import { createServer, type RequestListener, type Server } from 'node:http';
import { createSecureServer, type Http2SecureServer } from 'node:http2';
import type { Socket } from 'node:net';
import type { TlsMaterial } from './tls/material.ts';

/** The node's public port: GraphQL (HTTP, SSE, WebSocket), health, status, metrics, admin. */
export interface PublicServer {
  /** For the GraphQL WebSocket server, which listens for upgrades on it. */
  readonly server: Server | Http2SecureServer;
  readonly scheme: 'http' | 'https';
  listen(port: number, host: string): Promise<void>;
  /** New certificates (SIGHUP) for new connections; open ones keep theirs. */
  reloadTls(material: TlsMaterial): void;
  /** Stops listening and cuts every open connection (SSE streams never end by themselves). */
  close(): Promise<void>;
}

/**
 * Plain HTTP/1.1, or with TLS both HTTP/2 and HTTP/1.1 (ALPN; WebSocket upgrades arrive over
 * HTTP/1.1) on one port. A plain-text client gets no answer from a TLS port: the bytes it sends
 * are not a TLS handshake, and the connection is closed.
 */
export function createPublicServer(
  handler: RequestListener,
  tls: TlsMaterial | null,
): PublicServer {
  // The HTTP/2 compatibility request and response have the members the handlers use.
  const server = tls
    ? createSecureServer(
        { cert: tls.cert, key: tls.key, allowHTTP1: true, minVersion: 'TLSv1.2' },
        handler as unknown as Parameters<typeof createSecureServer>[1],
      )
    : createServer(handler);
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  return {
    server,
    scheme: tls ? 'https' : 'http',
    listen: (port, host) =>
      new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve());
      }),
    reloadTls: (material) => {
      if (!tls)
        throw new Error('the public port serves plain HTTP; start the node with --tls-cert');
      (server as Http2SecureServer).setSecureContext({ cert: material.cert, key: material.key });
    },
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}
