/**
 * A TCP relay in front of a test server that counts the bytes the server has sent, so a test can
 * act once a transfer is really under way (an event, not a delay). TLS passes through untouched:
 * the client still verifies the server's certificate (for 127.0.0.1).
 */
import { createServer, connect, type Socket } from 'node:net';

export interface TcpProxy {
  port: number;
  /** Bytes relayed from the server to clients so far. */
  readonly bytesDown: number;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number, host = '127.0.0.1'): Promise<TcpProxy> {
  let bytesDown = 0;
  const open = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(targetPort, host);
    for (const s of [client, upstream]) {
      open.add(s);
      s.on('close', () => open.delete(s));
      s.on('error', () => undefined);
    }
    upstream.on('data', (d: Buffer) => (bytesDown += d.length));
    client.pipe(upstream);
    upstream.pipe(client);
    // either side gone: the other goes too (a dying server cuts the client off mid-transfer)
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((r) => server.listen(0, host, r));
  return {
    port: (server.address() as { port: number }).port,
    get bytesDown() {
      return bytesDown;
    },
    close: async () => {
      for (const s of open) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}
