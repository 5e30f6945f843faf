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
  /** Bytes relayed from clients to the server so far. */
  readonly bytesUp: number;
  close(): Promise<void>;
}

/**
 * `stallUpAfter`: stop relaying a client's bytes once that many went up (the connection stays
 * open): an upload that is under way and then cannot finish, however fast the machine.
 */
export async function startTcpProxy(targetPort: number, opts: { host?: string; stallUpAfter?: number } = {}): Promise<TcpProxy> {
  const host = opts.host ?? '127.0.0.1';
  let bytesDown = 0;
  let bytesUp = 0;
  const open = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(targetPort, host);
    for (const s of [client, upstream]) {
      open.add(s);
      s.on('close', () => open.delete(s));
      s.on('error', () => undefined);
    }
    upstream.on('data', (d: Buffer) => (bytesDown += d.length));
    let sent = 0;
    client.on('data', (d: Buffer) => {
      const room = opts.stallUpAfter === undefined ? d.length : Math.max(0, Math.min(d.length, opts.stallUpAfter - sent));
      if (room > 0) upstream.write(room === d.length ? d : d.subarray(0, room));
      sent += room;
      bytesUp += room;
      if (room < d.length) client.pause(); // stalled: the client's writes back up, it waits
    });
    upstream.pipe(client);
    client.on('end', () => upstream.end());
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
    get bytesUp() {
      return bytesUp;
    },
    close: async () => {
      for (const s of open) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}
