/**
 * One TCP connection's state machine (RFC 9293 §3.3.2, §3.10), with Linux's
 * choices: the SYN offers MSS 1460, window 64240, window scale 7 and SACK
 * (net.ipv4.tcp_timestamps=0, so no timestamps); 10 segments may go before
 * the first ACK (RFC 6928); slow start and congestion avoidance (RFC 5681,
 * Reno rather than Linux's CUBIC); fast retransmit after three duplicate
 * ACKs with NewReno recovery (RFC 6582); the retransmission timeout of
 * tcp-rto.ts; an ACK for every second full segment, else after 40 ms
 * (TCP_DELACK_MIN); a small segment held while an earlier one is
 * unacknowledged (Nagle, as Linux's Minshall variant); TIME_WAIT for 60 s.
 *
 * Sequence numbers are kept as offsets from each side's initial one (the SYN
 * is offset 0, data starts at 1), so they never wrap; the wire's 32-bit
 * numbers are made at the edge. Reasons quote these relative numbers, as
 * Wireshark shows them.
 */
import type { SimContext } from '../engine/context';
import { formatIpv4 } from '../wire/address';
import { seqAdd, seqDiff, TCP_ACK, TCP_FIN, TCP_PSH, TCP_RST, TCP_SYN, type TcpOptions, type TcpSegment } from '../wire/tcp';
import { Reassembly, SendBuffer } from './tcp-buffers';
import { RtoEstimator } from './tcp-rto';

export type TcpState = 'SYN_SENT' | 'SYN_RECEIVED' | 'ESTABLISHED' | 'FIN_WAIT_1' | 'FIN_WAIT_2' | 'CLOSE_WAIT' | 'CLOSING' | 'LAST_ACK' | 'TIME_WAIT' | 'CLOSED';

/** Ethernet's 1500-byte MTU less 20 bytes of IPv4 and 20 of TCP header. */
export const TCP_MSS = 1460;
/** Linux's first window: 44 segments of 1460 bytes (tcp_rmem's default buffer, as tcp_select_initial_window rounds it). */
export const TCP_RECEIVE_WINDOW = 64240;
/** Linux's window scale for that buffer (tcp_select_initial_window, with tcp_rmem's 6 MB maximum). */
export const TCP_WINDOW_SCALE = 7;
/** RFC 6928's initial window, Linux's TCP_INIT_CWND. */
export const TCP_INITIAL_CWND_SEGMENTS = 10;
/** RFC 9293 §3.7.1: the MSS to assume when the peer sends none. */
const DEFAULT_PEER_MSS = 536;
/** TCP_DELACK_MIN. */
export const TCP_DELAYED_ACK_NS = 40_000_000;
/** TCP_TIMEWAIT_LEN: twice the maximum segment lifetime, as Linux counts it. */
export const TCP_TIME_WAIT_NS = 60_000_000_000;
/** net.ipv4.tcp_syn_retries, tcp_synack_retries and tcp_retries2. */
export const TCP_SYN_RETRIES = 6;
export const TCP_SYNACK_RETRIES = 5;
export const TCP_DATA_RETRIES = 15;
/** Without timestamps, four SACK blocks fit in the 40 option bytes (RFC 2018 §3). */
const SACK_BLOCK_LIMIT = 4;

/** What a segment to send says; the stack encodes it. */
export interface OutgoingSegment {
  seq: number;
  ack: number;
  flags: number;
  window: number;
  options?: TcpOptions;
  payload: Uint8Array;
}

/** What a connection needs from its device's TCP stack. */
export interface TcpHost {
  readonly ctx: SimContext;
  readonly deviceId: string;
  transmit(connection: TcpConnection, segment: OutgoingSegment, reason: string): void;
  /** The state changed (for the socket table), or the connection is gone (CLOSED). */
  stateChanged(connection: TcpConnection): void;
  /** The passive side finished its handshake: hand it to the listener. */
  accepted(connection: TcpConnection): void;
}

export interface Endpoints {
  local: number;
  localPort: number;
  remote: number;
  remotePort: number;
}

type EventType = 'receive' | 'deliver' | 'drop';

/** The errors Linux's icmp_err_convert gives connect() for each destination unreachable code (RFC 792, RFC 1812). */
const UNREACHABLE_ERRORS: Record<number, string> = {
  0: 'Network is unreachable', 1: 'No route to host', 2: 'Protocol not available', 3: 'Connection refused', 5: 'Operation not supported',
  6: 'Network is unreachable', 7: 'Host is down', 8: 'Machine is not on the network', 9: 'Network is unreachable', 10: 'No route to host',
  11: 'Network is unreachable', 12: 'No route to host', 13: 'No route to host',
};

export class TcpConnection {
  onOpen?: () => void;
  onData?: (bytes: Uint8Array) => void;
  onClose?: (why: string) => void;

  readonly local: number;
  readonly localPort: number;
  readonly remote: number;
  readonly remotePort: number;
  state: TcpState;
  /** Segments sent again (SYN, data or FIN), and how many of those fast retransmit started. */
  retransmissions = 0;
  fastRetransmits = 0;
  /** TCP_NODELAY (setsockopt): a small segment goes at once, without Nagle's wait for the last one's ACK; curl, browsers and nginx set it. */
  noDelay = false;

  // Send side, offsets from our ISN.
  private readonly iss: number;
  private una = 0;
  private nxt = 0;
  /** One past the highest offset ever sent. */
  private max = 0;
  private readonly sendBuffer = new SendBuffer(1);
  /** The FIN's offset once the app has closed. */
  private finAt?: number;
  private sndWnd = 0;
  private wl1 = 0;
  private wl2 = 0;
  private sndShift = 0;
  private mss = DEFAULT_PEER_MSS;
  private sackOk = false;
  private cwnd = 0;
  private ssthresh = Infinity;
  private dupAcks = 0;
  private lastWindowField = -1;
  /** What the receiver said it holds beyond the ACK (its SACK blocks, RFC 2018), merged: resending skips it. */
  private sacked: { start: number; end: number }[] = [];
  /** NewReno's recovery point while in fast recovery (RFC 6582). */
  private recover?: number;
  private readonly rto = new RtoEstimator();
  private timed?: { end: number; at: number };
  private tries = 0;
  private cancelRetransmit?: () => void;
  /** Why segments below `max` are going again, said on each. */
  private resending = '';
  /** The end of the last small segment sent, for Nagle. */
  private smallEnd = 0;

  // Receive side, offsets from the peer's ISN.
  private irs = 0;
  private rcvNxt = 0;
  private rcvShift = 0;
  private readonly reassembly = new Reassembly();
  private peerFinAt?: number;
  private unackedSegments = 0;
  private cancelDelayedAck?: () => void;
  private closedReported = false;
  /** While a segment is processed, what to do once its arrival is recorded: sends and app callbacks. */
  private outbox?: (() => void)[];

  constructor(
    private readonly host: TcpHost,
    ends: Endpoints,
    /** The app, as reasons name it. */
    readonly owner: string,
    state: 'SYN_SENT' | 'SYN_RECEIVED',
  ) {
    this.local = ends.local;
    this.localPort = ends.localPort;
    this.remote = ends.remote;
    this.remotePort = ends.remotePort;
    this.state = state;
    // RFC 9293 §3.4.1 asks for an unpredictable ISN; Linux's is a keyed hash plus a clock (RFC 6528), here the seeded PRNG.
    this.iss = host.ctx.prng.int(0, 0xffffffff);
  }

  private get ctx(): SimContext {
    return this.host.ctx;
  }

  /** "10.0.2.5:80". */
  get peerName(): string {
    return `${formatIpv4(this.remote)}:${this.remotePort}`;
  }

  /** Active open: the SYN goes now (RFC 9293 §3.10.1). */
  open(): void {
    this.nxt = this.max = 1;
    this.timed = { end: 1, at: this.ctx.scheduler.now };
    this.sendSyn(`connect() from port ${this.localPort} to ${this.peerName}: SYN with initial sequence number ${this.iss}, offering MSS ${TCP_MSS}, window ${TCP_RECEIVE_WINDOW}, window scale ${TCP_WINDOW_SCALE} and SACK`);
    this.armRetransmit();
  }

  /** Passive open: a listener's port got this SYN; the SYN-ACK goes once its arrival is recorded. Returns the reason for that arrival. */
  accept(syn: TcpSegment): string {
    this.outbox = [];
    this.irs = syn.seq;
    this.rcvNxt = 1;
    this.learnOptions(syn);
    this.sndWnd = syn.window;
    this.nxt = this.max = 1;
    this.later(() => {
      this.timed = { end: 1, at: this.ctx.scheduler.now };
      this.sendSyn(`answering ${this.peerName}'s SYN: SYN-ACK with initial sequence number ${this.iss}, ACK 1 (their ISN + 1), MSS ${TCP_MSS}, window ${TCP_RECEIVE_WINDOW}${this.rcvShift ? `, window scale ${TCP_WINDOW_SCALE}` : ''}${this.sackOk ? ', SACK' : ''}`);
      this.armRetransmit();
    });
    return `LISTEN → SYN_RECEIVED: SYN from ${this.peerName} for ${this.owner}, initial sequence number ${syn.seq}, ${this.peerOffer(syn)}`;
  }

  /** Queues bytes to send; they go as the windows allow, in segments of at most the MSS. */
  send(bytes: Uint8Array): void {
    if (this.finAt !== undefined || this.state === 'CLOSED' || bytes.length === 0) return;
    this.sendBuffer.append(bytes);
    this.pump();
  }

  /** The app is done sending: a FIN follows the queued data (RFC 9293 §3.10.4). */
  close(): void {
    if (this.state === 'SYN_SENT') return this.finish('closed before the connection opened');
    if (this.finAt !== undefined || this.state === 'CLOSED' || this.state === 'TIME_WAIT') return;
    this.finAt = this.sendBuffer.end;
    this.pump();
  }

  /**
   * An ICMP destination unreachable about our segments. While connecting,
   * Linux gives up at once with the matching error (tcp_v4_err); once open,
   * it is a soft error and the retransmission timer carries on (RFC 1122 §4.2.3.9).
   */
  unreachable(code: number): void {
    // Code 4 (fragmentation needed) is path MTU discovery's business, not an error.
    if (this.state !== 'SYN_SENT' || code === 4) return;
    const why = UNREACHABLE_ERRORS[code] ?? 'No route to host';
    this.ctx.trace.record({
      device: this.host.deviceId, type: 'state', protocol: 'TCP', summary: `TCP ${this.peerName}: ${why}`,
      layers: [{ layer: 4, protocol: 'TCP', reason: `SYN_SENT → CLOSED: an ICMP destination unreachable answered our SYN, so connect() fails at once with “${why}”; ${this.owner} is told` }],
    });
    this.finish(why);
  }

  /** Stops timers and forgets the connection, with nothing sent (power off). */
  abort(): void {
    this.stopRetransmit();
    this.cancelDelayedAck?.();
    this.state = 'CLOSED';
  }

  /**
   * A segment for this connection. Returns how its arrival is traced and why;
   * what it makes happen (segments sent, the app told) runs in `flush`, so it
   * follows the arrival in the trace.
   */
  receive(seg: TcpSegment): { type: EventType; reason: string } {
    this.outbox = [];
    const before = this.state;
    const [type, words] = this.state === 'SYN_SENT' ? this.receiveInSynSent(seg) : this.receiveSynchronized(seg);
    const prefix = this.state === before ? before : `${before} → ${this.state}`;
    return { type, reason: `${prefix}: ${words}` };
  }

  /** Runs what the last segment made happen. */
  flush(): void {
    const work = this.outbox ?? [];
    this.outbox = undefined;
    for (const task of work) task();
  }

  private later(task: () => void): void {
    if (this.outbox) this.outbox.push(task);
    else task();
  }

  // ---- Arrivals

  private receiveInSynSent(seg: TcpSegment): [EventType, string] {
    const ack = (seg.flags & TCP_ACK) !== 0;
    if (ack && seg.ack !== seqAdd(this.iss, 1)) {
      if (seg.flags & TCP_RST) return ['drop', `RST that does not acknowledge our SYN: ignored`];
      this.later(() => this.host.transmit(this, { seq: seg.ack, ack: 0, flags: TCP_RST, window: 0, payload: new Uint8Array(0) }, `RST: the segment acknowledged ${seg.ack}, which is not our SYN (RFC 9293 §3.10.7.3)`));
      return ['drop', `ACK ${seg.ack} does not acknowledge our SYN (${seqAdd(this.iss, 1)} expected): answered with RST`];
    }
    if (seg.flags & TCP_RST) {
      if (!ack) return ['drop', 'RST without an ACK of our SYN: ignored'];
      this.finish('Connection refused');
      return ['receive', `RST from ${this.peerName}: nothing listens on port ${this.remotePort} there, so connect() fails with “Connection refused”`];
    }
    if (!(seg.flags & TCP_SYN)) return ['drop', 'neither SYN nor RST: ignored while waiting for the SYN-ACK'];
    this.irs = seg.seq;
    this.rcvNxt = 1;
    this.learnOptions(seg);
    if (!ack) return ['drop', 'a SYN without ACK (a simultaneous open), which this stack does not take'];
    this.una = 1;
    this.sndWnd = seg.window;
    this.wl1 = 0;
    this.wl2 = 1;
    this.lastWindowField = seg.window;
    this.sampleRtt(1);
    this.tries = 0;
    this.stopRetransmit();
    this.setState('ESTABLISHED');
    this.later(() => {
      this.sendAck(`ACK 1 acknowledges their SYN: the three-way handshake is done`);
      this.onOpen?.();
      this.pump();
    });
    return ['receive', `ACK 1 acknowledges our SYN; SYN-ACK with initial sequence number ${seg.seq}, ${this.peerOffer(seg)}`];
  }

  private receiveSynchronized(seg: TcpSegment): [EventType, string] {
    const flags = seg.flags;
    if (this.state === 'SYN_RECEIVED' && (flags & (TCP_SYN | TCP_ACK)) === TCP_SYN && seg.seq === this.irs) {
      this.later(() => this.sendSyn(`SYN-ACK again: ${this.peerName} sent its SYN again, so our SYN-ACK was lost or is late`));
      return ['receive', 'their SYN again: our SYN-ACK goes again'];
    }
    const length = seg.payload.length + (flags & TCP_SYN ? 1 : 0) + (flags & TCP_FIN ? 1 : 0);
    const start = this.rcvNxt + seqDiff(seg.seq, this.rcvWire);
    if (!this.acceptable(start, length)) {
      if (flags & TCP_RST) return ['drop', `RST with sequence number ${start} outside the window: ignored`];
      this.later(() => this.sendAck(`ACK ${this.rcvNxt} again: the segment before was ${start < this.rcvNxt ? 'data already received (a retransmission)' : 'outside the window'}`));
      return ['drop', `bytes ${start}–${start + Math.max(length, 1) - 1} are ${start < this.rcvNxt ? 'already received' : 'outside the receive window'}: dropped, and ACK ${this.rcvNxt} sent again`];
    }
    if (flags & TCP_RST) {
      const words = this.state === 'SYN_RECEIVED' ? 'RST: the client gave up on the handshake' : `RST from ${this.peerName}: the connection is reset`;
      this.finish(this.state === 'SYN_RECEIVED' || this.state === 'LAST_ACK' || this.state === 'CLOSING' || this.state === 'TIME_WAIT' ? 'closed' : 'Connection reset by peer');
      return ['receive', words];
    }
    if (flags & TCP_SYN) {
      this.later(() => this.sendAck(`challenge ACK ${this.rcvNxt}: a SYN inside an open connection (RFC 5961 §4)`));
      return ['drop', 'a SYN inside an open connection: answered with an ACK, as RFC 5961 §4 asks'];
    }
    if (!(flags & TCP_ACK)) return ['drop', 'no ACK flag: every segment after the handshake carries one'];
    const words: string[] = [];
    const ackResult = this.processAck(seg, start, words);
    if (ackResult) return ackResult;
    if (this.state === 'CLOSED') return ['receive', words.join('; ')];
    const delivered = this.processData(seg, start, words);
    this.processFin(seg, start, words);
    return [delivered ? 'deliver' : 'receive', words.join('; ')];
  }

  /** RFC 9293 §3.10.7.4's four cases. */
  private acceptable(start: number, length: number): boolean {
    const end = this.rcvNxt + TCP_RECEIVE_WINDOW;
    if (length === 0) return start >= this.rcvNxt && start <= end;
    return (start >= this.rcvNxt && start < end) || (start + length - 1 >= this.rcvNxt && start + length - 1 < end);
  }

  private processAck(seg: TcpSegment, start: number, words: string[]): [EventType, string] | undefined {
    const ack = this.una + seqDiff(seg.ack, seqAdd(this.iss, this.una));
    const handshake = this.state === 'SYN_RECEIVED';
    if (handshake) {
      if (ack < 1 || ack > this.max) {
        this.later(() => this.host.transmit(this, { seq: seg.ack, ack: 0, flags: TCP_RST, window: 0, payload: new Uint8Array(0) }, 'RST: that ACK acknowledges nothing we sent'));
        return ['drop', `ACK ${ack} acknowledges nothing we sent: answered with RST`];
      }
      this.una = 1;
      this.tries = 0;
      this.sampleRtt(1);
      this.restartRetransmit();
      this.setState('ESTABLISHED');
      words.push(`ACK 1 acknowledges our SYN-ACK: the connection is open and handed to ${this.owner}`);
      this.later(() => {
        this.host.accepted(this);
        this.onOpen?.();
      });
    }
    if (ack > this.max) {
      this.later(() => this.sendAck(`ACK ${this.rcvNxt}: their ACK was for data never sent`));
      return ['drop', `ACK ${ack} acknowledges data never sent (we sent up to ${this.max - 1}): dropped`];
    }
    const windowBytes = seg.window * 2 ** this.sndShift;
    this.learnSack(seg);
    if (ack > this.una) {
      const acked = ack - this.una;
      this.una = ack;
      if (this.nxt < ack) this.nxt = ack;
      this.sendBuffer.release(Math.min(ack, this.sendBuffer.end));
      this.tries = 0;
      this.dupAcks = 0;
      const rtt = this.sampleRtt(ack);
      this.growWindow(ack, acked, words);
      words.unshift(`ACK ${ack}, window ${windowBytes}: ${acked} more ${acked === 1 ? 'byte' : 'bytes'} acknowledged${rtt}`);
      this.restartRetransmit();
      this.ackedFin(ack, words);
    } else if (ack === this.una && seg.payload.length === 0 && !(seg.flags & TCP_FIN) && this.max > this.una && seg.window === this.lastWindowField) {
      this.duplicateAck(ack, seg, words);
    } else if (!handshake && seg.payload.length === 0 && !(seg.flags & TCP_FIN)) words.push(`ACK ${ack}, window ${windowBytes}: nothing new acknowledged`);
    // RFC 9293 §3.10.7.4: take the window from the newest segment.
    if (this.wl1 < start || (this.wl1 === start && this.wl2 <= ack)) {
      this.sndWnd = windowBytes;
      this.wl1 = start;
      this.wl2 = ack;
    }
    this.lastWindowField = seg.window;
    this.later(() => this.pump());
    return undefined;
  }

  private duplicateAck(ack: number, seg: TcpSegment, words: string[]): void {
    this.dupAcks++;
    const sack = seg.options.sack?.length ? `, which has bytes beyond it (SACK)` : '';
    words.push(`duplicate ACK ${ack} (#${this.dupAcks}): the receiver is still missing byte ${ack}${sack}`);
    if (this.recover !== undefined) {
      // RFC 6582 §3.2 step 4: each further duplicate means a segment left the network.
      this.cwnd += this.mss;
      return;
    }
    if (this.dupAcks !== 3) return;
    const flight = this.max - this.una;
    this.ssthresh = Math.max(Math.floor(flight / 2), 2 * this.mss);
    this.recover = this.max;
    this.cwnd = this.ssthresh + 3 * this.mss;
    this.timed = undefined;
    this.fastRetransmits++;
    words.push(`three duplicates: fast retransmit of byte ${ack} on, congestion window halved to ${this.ssthresh} bytes (RFC 5681 §3.2)`);
    this.later(() => this.retransmitFirst(`fast retransmit after three duplicate ACKs ${ack}`));
  }

  /** Merges the segment's SACK blocks into what the receiver holds, and forgets what the ACK now covers. */
  private learnSack(seg: TcpSegment): void {
    const blocks = this.sackOk ? seg.options.sack ?? [] : [];
    if (blocks.length === 0 && this.sacked.length === 0) return;
    const una = seqAdd(this.iss, this.una);
    const ranges = this.sacked.concat(blocks.map((b) => ({ start: this.una + seqDiff(b.left, una), end: this.una + seqDiff(b.right, una) })));
    const ack = this.una + seqDiff(seg.ack, una);
    const merged: { start: number; end: number }[] = [];
    for (const r of ranges.filter((x) => x.end > ack && x.end <= this.max && x.start < x.end).sort((a, b) => a.start - b.start)) {
      const last = merged.at(-1);
      if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
      else merged.push({ start: Math.max(r.start, ack), end: r.end });
    }
    this.sacked = merged;
  }

  /** Slow start or congestion avoidance on new data acknowledged; NewReno's partial and full ACKs in recovery. */
  private growWindow(ack: number, acked: number, words: string[]): void {
    if (this.recover !== undefined) {
      if (ack >= this.recover) {
        this.cwnd = Math.min(this.ssthresh, this.max - this.una + this.mss);
        this.recover = undefined;
        words.push(`everything sent before the loss is acknowledged: fast recovery ends, congestion window ${this.cwnd} bytes`);
      } else {
        // RFC 6582 §3.2 step 5: a partial ACK means the next segment was lost too.
        this.cwnd = Math.max(this.mss, this.cwnd - acked + this.mss);
        words.push(`a partial ACK in fast recovery: byte ${ack} is missing too, resent now`);
        this.later(() => this.retransmitFirst(`partial ACK ${ack} in fast recovery (RFC 6582)`));
      }
      return;
    }
    if (this.cwnd < this.ssthresh) this.cwnd += Math.min(acked, this.mss);
    else this.cwnd += Math.max(1, Math.floor((this.mss * this.mss) / this.cwnd));
  }

  /** Our FIN acknowledged: the closing states move on. */
  private ackedFin(ack: number, words: string[]): void {
    if (this.finAt === undefined || ack <= this.finAt) return;
    if (this.state === 'FIN_WAIT_1') {
      this.setState('FIN_WAIT_2');
      words.push('our FIN is acknowledged: waiting for theirs');
    } else if (this.state === 'CLOSING') {
      this.enterTimeWait();
      words.push('our FIN is acknowledged');
    } else if (this.state === 'LAST_ACK') {
      words.push('our FIN is acknowledged: the connection is closed');
      this.finish('closed');
    }
  }

  /** In-order bytes go to the app; bytes beyond a gap wait. True when some were handed over. */
  private processData(seg: TcpSegment, start: number, words: string[]): boolean {
    const data = seg.payload;
    if (data.length === 0) return false;
    if (this.state !== 'ESTABLISHED' && this.state !== 'FIN_WAIT_1' && this.state !== 'FIN_WAIT_2') {
      words.push(`${data.length} data bytes after their FIN: ignored`);
      return false;
    }
    const end = start + data.length;
    if (start > this.rcvNxt) {
      this.reassembly.add(start, data);
      words.push(`bytes ${start}–${end - 1} arrived ahead of byte ${this.rcvNxt}, which is missing: held, and a duplicate ACK ${this.rcvNxt} goes at once`);
      this.later(() => this.sendAck(`duplicate ACK ${this.rcvNxt}: byte ${this.rcvNxt} is missing${this.sackOk ? ', SACK says what arrived beyond it' : ''}`));
      return false;
    }
    const fresh = data.subarray(this.rcvNxt - start);
    const filledGap = !this.reassembly.empty;
    const chunks = [fresh, ...this.reassembly.take(this.rcvNxt + fresh.length)];
    const total = chunks.reduce((n, c) => n + c.length, 0);
    const from = this.rcvNxt;
    this.rcvNxt += total;
    this.unackedSegments++;
    const held = total > fresh.length ? ` and ${total - fresh.length} held bytes after them` : '';
    words.push(`bytes ${from}–${from + fresh.length - 1} in order${held}, handed to ${this.owner}`);
    for (const chunk of chunks) this.later(() => this.onData?.(chunk));
    // A FIN right after these bytes is acknowledged at once (processFin).
    if (seg.flags & TCP_FIN) return true;
    if (filledGap || this.unackedSegments >= 2) {
      words.push(filledGap ? `ACK ${this.rcvNxt} at once: a gap was filled` : `ACK ${this.rcvNxt} (one ACK for every second segment)`);
      this.later(() => this.sendAck(filledGap ? `ACK ${this.rcvNxt}: the missing bytes arrived, everything up to here is in` : `ACK ${this.rcvNxt}: two segments received`));
    } else {
      words.push(`ACK ${this.rcvNxt} waits up to 40 ms for a second segment or a reply to ride on`);
      this.armDelayedAck();
    }
    return true;
  }

  private processFin(seg: TcpSegment, start: number, words: string[]): void {
    if (seg.flags & TCP_FIN) this.peerFinAt = start + seg.payload.length;
    if (this.peerFinAt === undefined || this.peerFinAt !== this.rcvNxt) {
      if (seg.flags & TCP_FIN) words.push('their FIN, which waits for the missing bytes before it');
      return;
    }
    if (this.state === 'CLOSE_WAIT' || this.state === 'CLOSING' || this.state === 'LAST_ACK' || this.state === 'TIME_WAIT') {
      this.later(() => this.sendAck(`ACK ${this.rcvNxt} again: their FIN came again`));
      words.push('their FIN again: acknowledged again');
      return;
    }
    this.rcvNxt++;
    this.peerFinAt = undefined;
    if (this.state === 'ESTABLISHED') {
      this.setState('CLOSE_WAIT');
      words.push(`FIN: ${this.peerName} has finished sending; ${this.owner} is told the stream ended`);
    } else if (this.state === 'FIN_WAIT_2') {
      this.enterTimeWait();
      words.push(`FIN: both sides have finished; TIME_WAIT for ${TCP_TIME_WAIT_NS / 1e9} s keeps the port in case our last ACK is lost`);
    } else if (this.state === 'FIN_WAIT_1') {
      this.setState('CLOSING');
      words.push('FIN crossed ours: both sides are closing at once');
    }
    this.later(() => {
      this.sendAck(`ACK ${this.rcvNxt} acknowledges their FIN`);
      this.reportClosed(`${this.peerName} closed the connection`);
    });
  }

  // ---- Sending

  /** Sends what the windows allow: new data in MSS-sized segments, then the FIN. */
  private pump(): void {
    if (this.state !== 'ESTABLISHED' && this.state !== 'CLOSE_WAIT' && this.state !== 'FIN_WAIT_1' && this.state !== 'CLOSING' && this.state !== 'LAST_ACK') return;
    for (;;) {
      const end = this.sendBuffer.end;
      const room = Math.min(this.cwnd, this.sndWnd) - (this.nxt - this.una);
      const available = end - this.nxt;
      if (available > 0) {
        // Going back over sent data (after a timeout), skip what the receiver already holds (RFC 6675 §5.1's rule 1 in spirit).
        const held = this.nxt < this.max ? this.sacked.find((r) => r.start <= this.nxt && this.nxt < r.end) : undefined;
        if (held) {
          this.nxt = Math.min(held.end, this.max);
          continue;
        }
        const nextHeld = this.nxt < this.max ? this.sacked.find((r) => r.start > this.nxt) : undefined;
        const length = Math.min(this.mss, available, room, nextHeld ? nextHeld.start - this.nxt : Infinity);
        if (length <= 0) break;
        // Send small segments only when they are all that is left, and not while an earlier small one is unacknowledged (Nagle, RFC 9293 §3.7.4).
        if (length < this.mss && (length < available || (!this.noDelay && this.smallEnd > this.una && this.nxt >= this.max))) break;
        this.sendData(this.nxt, length);
        this.nxt += length + (this.finAt === this.nxt + length ? 1 : 0);
      } else if (this.finAt !== undefined && this.nxt === this.finAt) {
        this.sendFin();
        this.nxt++;
      } else break;
      this.max = Math.max(this.max, this.nxt);
    }
    if (this.max > this.una) this.armRetransmit();
  }

  private sendData(from: number, length: number): void {
    const withFin = this.finAt === from + length;
    const payload = this.sendBuffer.read(from, length);
    const again = from < this.max;
    if (again) this.retransmissions++;
    if (!again && this.timed === undefined) this.timed = { end: from + length, at: this.ctx.scheduler.now };
    if (length < this.mss) this.smallEnd = from + length;
    // Linux sets PSH on the last segment of what the app has written so far.
    const push = from + length === this.sendBuffer.end ? TCP_PSH : 0;
    if (withFin) this.closingState();
    const what = `bytes ${from}–${from + length - 1} (${length})${withFin ? ' and FIN: the app closed after them' : ''}`;
    const reason = again ? `${what} again: ${this.resending}` : `${what}, ${this.nxt + length - this.una} of ${Math.min(this.cwnd, this.sndWnd)} bytes the windows allow in flight`;
    this.emit(TCP_ACK | push | (withFin ? TCP_FIN : 0), from, payload, reason);
  }

  private sendFin(): void {
    const again = this.max > this.finAt!;
    if (again) this.retransmissions++;
    this.closingState();
    this.emit(TCP_FIN | TCP_ACK, this.finAt!, new Uint8Array(0), again ? `FIN again: ${this.resending}` : `FIN: ${this.owner} closed, and every byte it wrote has been sent`);
  }

  /** Sending our FIN: ESTABLISHED → FIN_WAIT_1, CLOSE_WAIT → LAST_ACK. */
  private closingState(): void {
    if (this.state === 'ESTABLISHED') this.setState('FIN_WAIT_1');
    else if (this.state === 'CLOSE_WAIT') this.setState('LAST_ACK');
  }

  /** The first unacknowledged segment again, without moving on (fast retransmit, NewReno's partial ACK). */
  private retransmitFirst(why: string): void {
    if (this.state === 'CLOSED') return;
    this.resending = why;
    const length = Math.min(this.mss, this.sendBuffer.end - this.una);
    if (length > 0) this.sendData(this.una, length);
    else if (this.finAt !== undefined && this.una === this.finAt) this.sendFin();
  }

  private sendSyn(reason: string): void {
    const flags = this.state === 'SYN_RECEIVED' ? TCP_SYN | TCP_ACK : TCP_SYN;
    // The SYN-ACK offers window scaling and SACK only if the SYN did (RFC 7323 §2.2, RFC 2018 §2).
    const options: TcpOptions = { mss: TCP_MSS };
    if (flags === TCP_SYN || this.sackOk) options.sackPermitted = true;
    if (flags === TCP_SYN || this.rcvShift) options.windowScale = TCP_WINDOW_SCALE;
    this.emit(flags, 0, new Uint8Array(0), reason, options);
  }

  private sendAck(reason: string): void {
    if (this.state === 'CLOSED') return;
    // A bare ACK carries the highest sequence number sent, as SND.NXT (RFC 9293 §3.10.7.4).
    this.emit(TCP_ACK, this.max, new Uint8Array(0), reason);
  }

  private emit(flags: number, from: number, payload: Uint8Array, reason: string, synOptions?: TcpOptions): void {
    const syn = (flags & TCP_SYN) !== 0;
    let options = synOptions;
    if (!syn && this.sackOk && !this.reassembly.empty) {
      const wire = (offset: number) => seqAdd(this.irs, offset);
      options = { sack: this.reassembly.sackBlocks(SACK_BLOCK_LIMIT).map((b) => ({ left: wire(b.start), right: wire(b.end) })) };
    }
    const ackFlag = (flags & TCP_ACK) !== 0;
    if (ackFlag) {
      this.unackedSegments = 0;
      this.cancelDelayedAck?.();
      this.cancelDelayedAck = undefined;
    }
    // The window field of a SYN is never scaled; later ones are, rounded up as Linux's tcp_select_window does.
    const window = syn ? TCP_RECEIVE_WINDOW : Math.ceil(TCP_RECEIVE_WINDOW / 2 ** this.rcvShift);
    const segment = { seq: seqAdd(this.iss, from), ack: ackFlag ? this.rcvWire : 0, flags, window, options, payload };
    this.host.transmit(this, segment, reason);
  }

  private get rcvWire(): number {
    return seqAdd(this.irs, this.rcvNxt);
  }

  // ---- Timers

  private armDelayedAck(): void {
    if (this.cancelDelayedAck) return;
    const at = this.ctx.scheduler.now + TCP_DELAYED_ACK_NS;
    this.cancelDelayedAck = this.ctx.scheduler.cancellableAt(at, () => {
      this.cancelDelayedAck = undefined;
      this.sendAck(`ACK ${this.rcvNxt}: 40 ms passed with no second segment and no reply to carry it (delayed ACK, RFC 9293 §3.8.6.3)`);
    });
  }

  private armRetransmit(): void {
    if (this.cancelRetransmit) return;
    this.cancelRetransmit = this.ctx.scheduler.cancellableAt(this.ctx.scheduler.now + this.rto.rto, () => {
      this.cancelRetransmit = undefined;
      this.retransmitTimeout();
    });
  }

  private stopRetransmit(): void {
    this.cancelRetransmit?.();
    this.cancelRetransmit = undefined;
  }

  /** RFC 6298 §5.3: restart on new data acknowledged; §5.2: stop when everything is. */
  private restartRetransmit(): void {
    this.stopRetransmit();
    if (this.max > this.una && this.state !== 'CLOSED' && this.state !== 'TIME_WAIT') this.armRetransmit();
  }

  private retransmitTimeout(): void {
    const waited = this.rto.rto;
    const limit = this.state === 'SYN_SENT' ? TCP_SYN_RETRIES : this.state === 'SYN_RECEIVED' ? TCP_SYNACK_RETRIES : TCP_DATA_RETRIES;
    if (this.tries >= limit) {
      const why = this.state === 'SYN_SENT' ? `Connection timed out: no answer to ${limit + 1} SYNs` : `Connection timed out: ${limit + 1} tries without an ACK`;
      this.ctx.trace.record({ device: this.host.deviceId, type: 'state', protocol: 'TCP', summary: `TCP ${this.peerName}: gave up`, layers: [{ layer: 4, protocol: 'TCP', reason: `${this.state} → CLOSED: ${why}; ${this.owner} is told` }] });
      this.finish(why);
      return;
    }
    this.tries++;
    this.rto.backOff();
    this.timed = undefined;
    const next = `retransmission timeout: no ACK within ${formatSeconds(waited)}, so the timeout doubles to ${formatSeconds(this.rto.rto)} (try ${this.tries + 1} of ${limit + 1})`;
    if (this.state === 'SYN_SENT' || this.state === 'SYN_RECEIVED') {
      this.retransmissions++;
      this.sendSyn(`${this.state === 'SYN_SENT' ? 'SYN' : 'SYN-ACK'} again: ${next}`);
      this.armRetransmit();
      return;
    }
    // RFC 5681 §3.1 eq. 4: half the flight, and one segment at a time from the first unacknowledged byte.
    this.ssthresh = Math.max(Math.floor((this.max - this.una) / 2), 2 * this.mss);
    this.cwnd = this.mss;
    this.recover = undefined;
    this.dupAcks = 0;
    this.nxt = this.una;
    this.resending = next;
    this.pump();
  }

  private enterTimeWait(): void {
    this.setState('TIME_WAIT');
    this.stopRetransmit();
    // A background timer: waiting out TIME_WAIT does not keep the network busy.
    this.ctx.scheduler.after(TCP_TIME_WAIT_NS, () => {
      if (this.state === 'TIME_WAIT') this.finish('closed');
    }, true);
  }

  // ---- Bookkeeping

  /** Both sides' options from a SYN: MSS, and window scaling and SACK only if both offer them. */
  private learnOptions(seg: TcpSegment): void {
    this.mss = Math.min(TCP_MSS, seg.options.mss ?? DEFAULT_PEER_MSS);
    const scaled = seg.options.windowScale !== undefined;
    // RFC 7323 §2.3: a shift over 14 is taken as 14.
    this.sndShift = scaled ? Math.min(14, seg.options.windowScale!) : 0;
    this.rcvShift = scaled ? TCP_WINDOW_SCALE : 0;
    this.sackOk = seg.options.sackPermitted === true;
    this.cwnd = TCP_INITIAL_CWND_SEGMENTS * this.mss;
  }

  private peerOffer(seg: TcpSegment): string {
    const o = seg.options;
    const parts = [`MSS ${o.mss ?? `none (so ${DEFAULT_PEER_MSS})`}`, `window ${seg.window}`];
    if (o.windowScale !== undefined) parts.push(`window scale ${o.windowScale}`);
    if (o.sackPermitted) parts.push('SACK');
    return `they offer ${parts.join(', ')}`;
  }

  /** A round-trip sample when the timed segment is acknowledged; returns words for the reason. */
  private sampleRtt(ack: number): string {
    if (!this.timed || ack < this.timed.end) return '';
    const rtt = this.ctx.scheduler.now - this.timed.at;
    this.timed = undefined;
    this.rto.sample(rtt);
    return `, round trip ${formatSeconds(rtt)}, retransmission timeout now ${formatSeconds(this.rto.rto)}`;
  }

  private setState(state: TcpState): void {
    this.state = state;
    this.host.stateChanged(this);
  }

  /** The connection is over: timers stop, the app hears why (once), the socket goes. */
  private finish(why: string): void {
    this.stopRetransmit();
    this.cancelDelayedAck?.();
    this.cancelDelayedAck = undefined;
    this.setState('CLOSED');
    this.later(() => this.reportClosed(why));
  }

  private reportClosed(why: string): void {
    if (this.closedReported) return;
    this.closedReported = true;
    this.onClose?.(why);
  }
}

function formatSeconds(ns: number): string {
  if (ns >= 1e9) return `${+(ns / 1e9).toFixed(3)} s`;
  return `${+(ns / 1e6).toFixed(3)} ms`;
}
