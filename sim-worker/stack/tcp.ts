/**
 * A device's TCP: listening ports, connections found by their four numbers
 * (addresses and ports, RFC 9293 §3.3.1), a RST for a segment that belongs
 * to nothing (§3.10.7.1), and the socket table a learner sees (as `ss -tan`
 * shows it). Each connection's state machine is in tcp-connection.ts.
 */
import type { LayerNote, Result } from '../api';
import type { SimContext } from '../engine/context';
import { formatIpv4 } from '../wire/address';
import type { IcmpMessage } from '../wire/icmp';
import { IP_PROTO_TCP, type Ipv4Packet, parseIpv4Header } from '../wire/ipv4';
import { encodeTcp, parseTcp, quotedTcpPorts, seqAdd, TCP_ACK, TCP_RST, TCP_SYN, type TcpSegment } from '../wire/tcp';
import type { Ipv4Host, Transit } from './ipv4-host';
import { SOCKET_TABLE } from './socket-table';
import { type OutgoingSegment, TcpConnection, type TcpHost } from './tcp-connection';
import { freeEphemeralPort } from './udp-ports';

export { TcpConnection } from './tcp-connection';

interface Listener {
  owner: string;
  onAccept: (connection: TcpConnection) => void;
}

const L3 = (reason: string): LayerNote => ({ layer: 3, protocol: 'IPv4', reason });
const L4 = (reason: string): LayerNote => ({ layer: 4, protocol: 'TCP', reason });

export class TcpStack implements TcpHost {
  private readonly listeners = new Map<number, Listener>();
  private readonly connections = new Map<string, TcpConnection>();

  constructor(
    readonly ctx: SimContext,
    readonly deviceId: string,
    private readonly ip: Ipv4Host,
  ) {
    ip.receiveTcp = (arrival) => this.receive(arrival);
    ip.tcpErrorRecipient = (message) => this.errorRecipient(message);
  }

  private get name(): string {
    return this.ctx.nameOf(this.deviceId);
  }

  /** A program waits for connections on `port` (listen(2) on 0.0.0.0); `onAccept` gets each once its handshake is done. */
  listen(port: number, owner: string, onAccept: (connection: TcpConnection) => void): Result<void> {
    if (!Number.isInteger(port) || port < 1 || port > 65535) return { ok: false, error: `A TCP port is a whole number from 1 to 65535, not ${port}` };
    const holder = this.listeners.get(port);
    if (holder) return { ok: false, error: `TCP port ${port} on ${this.name} is already in use by ${holder.owner} (Address already in use)` };
    this.listeners.set(port, { owner, onAccept });
    this.ctx.tables.set(this.deviceId, SOCKET_TABLE.name, listenKey(port), ['TCP', `0.0.0.0:${port}`, '0.0.0.0:*', 'LISTEN', owner]);
    return { ok: true, value: undefined };
  }

  /** Stops listening; connections already accepted go on. */
  unlisten(port: number): void {
    if (!this.listeners.delete(port)) return;
    this.ctx.tables.delete(this.deviceId, SOCKET_TABLE.name, listenKey(port));
  }

  /** connect(2): a SYN from a free ephemeral port goes now; `onOpen` is called when the handshake is done. */
  connect(remote: number, port: number, owner: string): Result<TcpConnection> {
    if (!Number.isInteger(port) || port < 1 || port > 65535) return { ok: false, error: `A TCP port is a whole number from 1 to 65535, not ${port}` };
    const route = this.ip.route(remote);
    if (!route.ok) return route;
    const local = route.value.iface.cidr!.address;
    const localPort = freeEphemeralPort(this.ctx.prng, (candidate) => this.listeners.has(candidate) || this.portInUse(candidate));
    if (localPort === undefined) return { ok: false, error: `${this.name} has no free TCP port left` };
    const connection = new TcpConnection(this, { local, localPort, remote, remotePort: port }, owner, 'SYN_SENT');
    this.connections.set(keyOf(local, localPort, remote, port), connection);
    this.stateChanged(connection);
    connection.open();
    return { ok: true, value: connection };
  }

  /** Power off: every connection and listener is gone, with nothing sent (services listen again at power on). */
  powerOff(): void {
    for (const connection of this.connections.values()) {
      connection.abort();
      this.ctx.tables.delete(this.deviceId, SOCKET_TABLE.name, keyOfConnection(connection));
    }
    this.connections.clear();
    for (const port of [...this.listeners.keys()]) this.unlisten(port);
  }

  private portInUse(port: number): boolean {
    for (const connection of this.connections.values()) if (connection.localPort === port) return true;
    return false;
  }

  // ---- TcpHost, for the connections

  transmit(connection: TcpConnection, segment: OutgoingSegment, reason: string): void {
    this.sendSegment(connection.local, connection.remote, { srcPort: connection.localPort, dstPort: connection.remotePort, ...segment }, `${connection.state}: ${reason}`);
  }

  stateChanged(connection: TcpConnection): void {
    const key = keyOfConnection(connection);
    if (connection.state === 'CLOSED') {
      if (this.connections.get(key) === connection) this.connections.delete(key);
      this.ctx.tables.delete(this.deviceId, SOCKET_TABLE.name, key);
      return;
    }
    const cells = ['TCP', `${formatIpv4(connection.local)}:${connection.localPort}`, connection.peerName, connection.state, connection.owner];
    this.ctx.tables.set(this.deviceId, SOCKET_TABLE.name, key, cells);
  }

  accepted(connection: TcpConnection): void {
    this.listeners.get(connection.localPort)?.onAccept(connection);
  }

  /** An ICMP destination unreachable about a segment of one of our connections (RFC 9293 §3.9.4). */
  private errorRecipient(message: IcmpMessage): { owner: string; about: () => string; deliver: () => void } | undefined {
    if (message.kind !== 'destination-unreachable') return undefined;
    const quoted = parseIpv4Header(message.original);
    if (!quoted.ok || quoted.value.protocol !== IP_PROTO_TCP) return undefined;
    const { src, dst, headerLength } = quoted.value;
    const ports = quotedTcpPorts(message.original.subarray(headerLength));
    const connection = ports && this.connections.get(keyOf(src, ports.srcPort, dst, ports.dstPort));
    if (!ports || !connection) return undefined;
    return {
      owner: connection.owner,
      about: () => `about TCP port ${ports.srcPort} → ${formatIpv4(dst)} port ${ports.dstPort}`,
      deliver: () => connection.unreachable(message.code),
    };
  }

  // ---- Arrivals

  private receive(arrival: Transit): void {
    const { iface, ip, frame, l2 } = arrival;
    const l3 = L3(`from ${formatIpv4(ip.src)} to me, TTL ${ip.ttl}, carrying TCP`);
    const record = (type: 'receive' | 'deliver' | 'drop', reason: string) =>
      this.ctx.trace.recordFrame(this.deviceId, iface.nic.name, undefined, type, frame.id, frame.bytes, [l2, l3, L4(reason)]);
    if (this.ip.isBroadcast(ip.dst)) return void record('drop', `TCP to the broadcast address ${formatIpv4(ip.dst)}: TCP connects one host to one host, so it is dropped`);
    const parsed = parseTcp(ip.payload, ip.src, ip.dst);
    if (!parsed.ok) return void record('drop', `malformed TCP: ${parsed.error}`);
    const seg = parsed.value;
    if (!seg.checksumOk) return void record('drop', 'TCP checksum is wrong: the segment was damaged, so it is dropped and the sender will resend it');
    const connection = this.connections.get(keyOf(ip.dst, seg.dstPort, ip.src, seg.srcPort));
    if (connection) {
      const { type, reason } = connection.receive(seg);
      record(type, `port ${seg.srcPort} → ${seg.dstPort}, ${reason}`);
      connection.flush();
      return;
    }
    const listener = this.listeners.get(seg.dstPort);
    if (listener && (seg.flags & (TCP_SYN | TCP_ACK | TCP_RST)) === TCP_SYN) {
      const accepted = new TcpConnection(this, { local: ip.dst, localPort: seg.dstPort, remote: ip.src, remotePort: seg.srcPort }, listener.owner, 'SYN_RECEIVED');
      this.connections.set(keyOf(ip.dst, seg.dstPort, ip.src, seg.srcPort), accepted);
      this.stateChanged(accepted);
      record('receive', `port ${seg.srcPort} → ${seg.dstPort}, ${accepted.accept(seg)}`);
      accepted.flush();
      return;
    }
    const nobody = listener ? `no connection from ${formatIpv4(ip.src)}:${seg.srcPort} to port ${seg.dstPort} (${listener.owner} listens, but this is not a SYN)` : `nothing on ${this.name} listens on TCP port ${seg.dstPort}`;
    if (seg.flags & TCP_RST) return void record('drop', `port ${seg.srcPort} → ${seg.dstPort}: a RST for ${nobody}: dropped, and never answered (RFC 9293 §3.10.7.1)`);
    record('drop', `port ${seg.srcPort} → ${seg.dstPort}: ${nobody}, so the segment is answered with RST (RFC 9293 §3.10.7.1)`);
    this.sendReset(ip, seg, nobody);
  }

  /** RFC 9293 §3.10.7.1: RST at the segment's ACK, or RST-ACK acknowledging the segment when it had no ACK. */
  private sendReset(ip: Ipv4Packet, seg: TcpSegment, nobody: string): void {
    const length = seg.payload.length + (seg.flags & TCP_SYN ? 1 : 0) + (seg.flags & 1 ? 1 : 0);
    const hasAck = (seg.flags & TCP_ACK) !== 0;
    const reset = hasAck
      ? { seq: seg.ack, ack: 0, flags: TCP_RST }
      : { seq: 0, ack: seqAdd(seg.seq, length), flags: TCP_RST | TCP_ACK };
    this.sendSegment(ip.dst, ip.src, { srcPort: seg.dstPort, dstPort: seg.srcPort, ...reset, window: 0, payload: new Uint8Array(0) }, `CLOSED: RST back to ${formatIpv4(ip.src)}:${seg.srcPort}: ${nobody}`);
  }

  private sendSegment(src: number, dst: number, segment: Parameters<typeof encodeTcp>[0], reason: string): void {
    const bytes = encodeTcp(segment, src, dst);
    // A segment with no route back is lost here; the retransmission timer tries again and gives up in time.
    this.ip.send(dst, IP_PROTO_TCP, bytes, [L4(reason)], { src });
  }
}

function keyOf(local: number, localPort: number, remote: number, remotePort: number): string {
  return `${local}:${localPort}>${remote}:${remotePort}`;
}

function keyOfConnection(c: TcpConnection): string {
  return keyOf(c.local, c.localPort, c.remote, c.remotePort);
}

function listenKey(port: number): string {
  return `listen:${port}`;
}
