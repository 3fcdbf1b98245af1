/**
 * A bulk transfer for tests and the benchmark: a sink listens on a port and
 * collects every byte; a source connects, writes its data, and closes.
 */
import type { IpDevice } from '../devices/device';
import type { TcpConnection } from '../stack/tcp';

export interface Transfer {
  /** The bytes the sink has collected so far, in order. */
  received(): Uint8Array;
  /** Why each side's connection ended, once it has. */
  clientClosed?: string;
  serverClosed?: string;
  client?: TcpConnection;
  server?: TcpConnection;
  opened: boolean;
  /** Simulated time (ns) the sink heard the source close: every byte had arrived. */
  finishedAt?: number;
}

export function startTransfer(source: IpDevice, sink: IpDevice, sinkAddress: number, port: number, data: Uint8Array): Transfer {
  const chunks: Uint8Array[] = [];
  const transfer: Transfer = {
    opened: false,
    received() {
      const all = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
      let at = 0;
      for (const chunk of chunks) {
        all.set(chunk, at);
        at += chunk.length;
      }
      return all;
    },
  };
  const listening = sink.tcp.listen(port, 'sink', (connection) => {
    transfer.server = connection;
    connection.onData = (bytes) => void chunks.push(bytes.slice());
    connection.onClose = (why) => {
      transfer.serverClosed = why;
      transfer.finishedAt = sink.ctx.scheduler.now;
      connection.close();
    };
  });
  if (!listening.ok) throw new Error(listening.error);
  const connected = source.tcp.connect(sinkAddress, port, 'source');
  if (!connected.ok) throw new Error(connected.error);
  const client = (transfer.client = connected.value);
  client.onOpen = () => {
    transfer.opened = true;
    client.send(data);
    client.close();
  };
  client.onClose = (why) => void (transfer.clientClosed = why);
  return transfer;
}
