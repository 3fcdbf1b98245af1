/**
 * From a row of a device's Sockets table to the ladder diagram of that one
 * connection: who the peer is (the device holding its address in the
 * document) and the ports as this device sees them.
 */
import type { NetworkDocument } from '../../sim-worker/document/schema';
import type { Flow } from '../ladder/ladder-model';

export interface SocketConversation {
  peer: string;
  flow: Flow;
}

/** Socket rows read [proto, local addr:port, peer addr:port, state, program], as `ss` prints them. */
export function conversationOfSocket(doc: NetworkDocument, row: readonly string[]): SocketConversation | undefined {
  const [proto, local, remote] = row;
  if (proto !== 'TCP' && proto !== 'UDP') return undefined;
  const localPort = portOf(local);
  const remotePort = portOf(remote);
  if (localPort === undefined || remotePort === undefined) return undefined;
  const remoteAddress = remote.slice(0, remote.lastIndexOf(':'));
  const peer = doc.devices.find((d) => d.interfaces.some((i) => i.ipv4?.split('/')[0] === remoteAddress));
  return peer && { peer: peer.id, flow: { protocol: proto, localPort, remotePort } };
}

function portOf(endpoint: string | undefined): number | undefined {
  const port = Number(endpoint?.slice(endpoint.lastIndexOf(':') + 1));
  return Number.isInteger(port) && port > 0 ? port : undefined;
}
