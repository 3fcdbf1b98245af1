/**
 * The first thing an IP device does with a frame: is it for this interface?
 * Its own MAC, the broadcast address, or a multicast group the interface has
 * joined (IPv6's 33:33:… groups, RFC 2464 §7) pass; anything else a network
 * card filters out. Both stacks then take the frames of their EtherTypes.
 */
import type { LayerNote } from '../api';
import type { SimContext } from '../engine/context';
import type { ArrivalWords, Nic } from '../engine/nic';
import { RecentMap } from '../engine/recent-map';
import { BROADCAST_MAC, macFromBytes } from '../wire/address';
import { ethernetProblem } from '../wire/ethernet';
import type { FrameRef } from './arp-resolver';

export interface FrameArrival {
  nic: Nic;
  /** The whole frame: the layer above reads its header in place, from byte 14 (ETHERNET_HEADER_LENGTH). */
  frame: FrameRef;
  dst: string;
  src: string;
  etherType: number;
  /** What was said at layer 2 about accepting it. */
  l2: LayerNote;
  /** It was sent to a group MAC (broadcast or multicast), not to this interface's own. */
  group: boolean;
}

const L2 = (reason: string): LayerNote => ({ layer: 2, protocol: 'Ethernet', reason });

function said(nic: Nic): ArrivalWords {
  return (nic.arrivalWords ??= { forMe: new RecentMap(), broadcast: new RecentMap(), notForMe: new Map() });
}

/** Who knows the multicast groups each interface has joined (IPv6), asked only about a frame to a group that is not the broadcast. */
export interface GroupMembership {
  groupsOf(nic: Nic): ReadonlySet<string> | undefined;
}

/** The frame, when it is for this interface; otherwise the drop is traced and the answer is undefined. */
export function acceptFrame(ctx: SimContext, deviceId: string, nic: Nic, bytes: Uint8Array, frameId: number, joined?: GroupMembership): FrameArrival | undefined {
  const frame = { id: frameId, bytes };
  const problem = ethernetProblem(bytes);
  if (problem !== undefined) {
    ctx.trace.record({ device: deviceId, interface: nic.name, type: 'drop', frame, layers: [L2(`not a valid Ethernet frame: ${problem}`)] });
    return undefined;
  }
  // The header is read in place; the layer above reads its own from byte 14 of the same bytes.
  const dst = macFromBytes(bytes, 0);
  const src = macFromBytes(bytes, 6);
  const etherType = (bytes[12] << 8) | bytes[13];
  let l2: LayerNote | undefined;
  if (dst === nic.mac) {
    const forMe = said(nic).forMe;
    l2 = forMe.get(src);
    if (l2 === undefined) forMe.set(src, (l2 = L2(`from ${src} to my MAC ${nic.mac}: for me`)));
  } else if (dst === BROADCAST_MAC) {
    const broadcast = said(nic).broadcast;
    l2 = broadcast.get(src);
    if (l2 === undefined) broadcast.set(src, (l2 = L2(`broadcast from ${src}: everyone reads it`)));
  } else if (joined?.groupsOf(nic)?.has(dst)) l2 = L2(`multicast from ${src} to ${dst}, a group ${nic.name} has joined: for me`);
  else {
    const notForMe = said(nic).notForMe;
    let layers = notForMe.get(dst);
    if (layers === undefined) notForMe.set(dst, (layers = [L2(`addressed to ${dst}, not to ${nic.name} (${nic.mac}): not for me, ignored`)]));
    ctx.trace.recordFrame(deviceId, nic.name, undefined, 'drop', frameId, bytes, layers);
    return undefined;
  }
  return { nic, frame, dst, src, etherType, l2, group: dst !== nic.mac };
}
