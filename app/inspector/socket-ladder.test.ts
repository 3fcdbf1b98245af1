import { describe, expect, it } from 'vitest';
import { NetworkBuilder } from '../../sim-worker/testing/network-builder';
import { conversationOfSocket } from './socket-ladder';

describe('a socket row’s conversation', () => {
  const net = new NetworkBuilder();
  const pc = net.add('computer');
  const server = net.add('computer');
  net.address(pc, '192.168.1.10/24').address(server, '192.168.1.80/24');

  it('finds the peer by its address and keeps the ports as this device sees them', () => {
    expect(conversationOfSocket(net.doc, ['TCP', '192.168.1.10:40122', '192.168.1.80:80', 'ESTABLISHED', 'browser'])).toEqual({
      peer: server,
      flow: { protocol: 'TCP', localPort: 40122, remotePort: 80 },
    });
  });

  it('has none for a listening socket or a peer it cannot place', () => {
    expect(conversationOfSocket(net.doc, ['TCP', '0.0.0.0:80', '0.0.0.0:*', 'LISTEN', 'web'])).toBeUndefined();
    expect(conversationOfSocket(net.doc, ['TCP', '192.168.1.10:40122', '203.0.113.9:443', 'ESTABLISHED', 'browser'])).toBeUndefined();
  });
});
