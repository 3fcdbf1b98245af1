/**
 * The first thing an IP device does with a frame: is it for this interface?
 * Its own MAC, the broadcast address, or a multicast group the interface has
 * joined (IPv6's 33:33:… groups, RFC 2464 §7) pass; anything else a network
 * card filters out. Both stacks then take the frames of their EtherTypes.
 */
import type { LayerNote } from '../api';
import type { SimContext } from '../engine/context';
import type { Nic } from '../engine/nic';
import { BROADCAST_MAC } from '../wire/address';
import { parseEthernet } from '../wire/ethernet';
import type { FrameRef } from './arp-resolver';

export interface FrameArrival {
  nic: Nic;
  frame: FrameRef;
  dst: string;
  src: string;
  etherType: number;
  payload: Uint8Array;
  /** What was said at layer 2 about accepting it. */
  l2: LayerNote;
  /** It was sent to a group MAC (broadcast or multicast), not to this interface's own. */
  group: boolean;
}

const L2 = (reason: string): LayerNote => ({ layer: 2, protocol: 'Ethernet', reason });

/** What an interface said at layer 2 about frames from (or to) each address: the same words frame after frame, so made once. */
interface Said {
  forMe: Map<string, LayerNote>;
  broadcast: Map<string, LayerNote>;
  notForMe: Map<string, LayerNote[]>;
}

const saidBy = new WeakMap<Nic, Said>();

function said(nic: Nic): Said {
  let notes = saidBy.get(nic);
  if (notes === undefined) saidBy.set(nic, (notes = { forMe: new Map(), broadcast: new Map(), notForMe: new Map() }));
  return notes;
}

/** The frame, when it is for this interface; otherwise the drop is traced and the answer is undefined. */
export function acceptFrame(ctx: SimContext, deviceId: string, nic: Nic, bytes: Uint8Array, frameId: number, joined?: ReadonlySet<string>): FrameArrival | undefined {
  const frame = { id: frameId, bytes };
  const ethernet = parseEthernet(bytes);
  if (!ethernet.ok) {
    ctx.trace.record({ device: deviceId, interface: nic.name, type: 'drop', frame, layers: [L2(`not a valid Ethernet frame: ${ethernet.error}`)] });
    return undefined;
  }
  const { dst, src, etherType, payload } = ethernet.value;
  let l2: LayerNote | undefined;
  if (dst === nic.mac) {
    const forMe = said(nic).forMe;
    l2 = forMe.get(src);
    if (l2 === undefined) forMe.set(src, (l2 = L2(`from ${src} to my MAC ${nic.mac}: for me`)));
  } else if (dst === BROADCAST_MAC) {
    const broadcast = said(nic).broadcast;
    l2 = broadcast.get(src);
    if (l2 === undefined) broadcast.set(src, (l2 = L2(`broadcast from ${src}: everyone reads it`)));
  } else if (joined?.has(dst)) l2 = L2(`multicast from ${src} to ${dst}, a group ${nic.name} has joined: for me`);
  else {
    const notForMe = said(nic).notForMe;
    let layers = notForMe.get(dst);
    if (layers === undefined) notForMe.set(dst, (layers = [L2(`addressed to ${dst}, not to ${nic.name} (${nic.mac}): not for me, ignored`)]));
    ctx.trace.recordFrame(deviceId, nic.name, undefined, 'drop', frameId, bytes, layers);
    return undefined;
  }
  return { nic, frame, dst, src, etherType, payload, l2, group: dst !== nic.mac };
}
