import { describe, expect, it } from 'vitest';
import { emptyDocument, type NetworkDocument } from '../../sim-worker/document/schema';
import { addDevice, connect, renameDevice, setInterface } from '../../sim-worker/document/edits';
import { setAddressing } from '../../sim-worker/document/dhcp-edits';
import { addServer } from '../../sim-worker/document/services-edits';
import { buildEdges, createNodeBuilder } from './flow-model';

function ok<T extends { ok: boolean }>(result: T): Extract<T, { ok: true }> {
  if (!result.ok) throw new Error(JSON.stringify(result));
  return result as Extract<T, { ok: true }>;
}

function network(): NetworkDocument {
  let doc = emptyDocument();
  doc = ok(addDevice(doc, 'computer')).doc;
  doc = ok(addDevice(doc, 'switch')).doc;
  doc = ok(addDevice(doc, 'switch')).doc;
  doc = ok(connect(doc, { device: 'pc-1' }, { device: 'switch-1' })).doc;
  doc = ok(connect(doc, { device: 'switch-1' }, { device: 'switch-2' })).doc;
  doc = ok(connect(doc, { device: 'switch-2' }, { device: 'switch-1' })).doc;
  return doc;
}

describe('nodes from the document', () => {
  it('draws a server as a computer: a host node with its address', () => {
    let doc = ok(addServer(emptyDocument(), 'web-server')).doc;
    doc = ok(setInterface(doc, 'server-1', 'eth0', { ipv4: '203.0.113.80/24' })).doc;
    const [node] = createNodeBuilder()(doc.devices, null, new Map(), new Map());
    expect([node.type, node.ariaLabel, node.data.address]).toEqual(['host', 'Server-1', '203.0.113.80/24']);
  });

  it('names each node by its hostname and shows a computer’s address', () => {
    const build = createNodeBuilder();
    let doc = network();
    let nodes = build(doc.devices, null, new Map(), new Map());
    expect(nodes.map((n) => [n.id, n.type, n.ariaLabel])).toEqual([
      ['pc-1', 'host', 'PC-1'],
      ['switch-1', 'relay', 'Switch-1'],
      ['switch-2', 'relay', 'Switch-2'],
    ]);
    expect(nodes[0].data.address).toBeNull();
    expect(nodes[1].data.address).toBeUndefined();

    doc = ok(setInterface(doc, 'pc-1', 'eth0', { ipv4: '10.0.0.5/8' })).doc;
    nodes = build(doc.devices, null, new Map(), new Map());
    expect(nodes[0].data.address).toBe('10.0.0.5/8');

    doc = ok(setAddressing(doc, 'pc-1', 'eth0', 'dhcp')).doc;
    nodes = build(doc.devices, null, new Map(), new Map());
    expect(nodes[0].data.address).toBe('address by DHCP');
    // Once leased (as of the event shown), the lease is the caption; stepped back before it, the caption is as before.
    const leased = build(doc.devices, null, new Map(), new Map(), { 'pc-1': '192.168.1.100/24' });
    expect(leased[0].data.address).toBe('192.168.1.100/24');
    expect(leased[1]).toBe(nodes[1]);
    expect(build(doc.devices, null, new Map(), new Map(), {})[0].data.address).toBe('address by DHCP');
  });

  it('reuses the node objects of devices that did not change', () => {
    const build = createNodeBuilder();
    const doc = network();
    const first = build(doc.devices, null, new Map(), new Map());
    const renamed = ok(renameDevice(doc, 'switch-2', 'Core')).doc;
    const second = build(renamed.devices, 'pc-1', new Map(), new Map());
    expect(second[1]).toBe(first[1]);
    expect(second[0]).not.toBe(first[0]);
    expect(second[0].selected).toBe(true);
    // Selecting changes the node but not its data, so the node component need not re-render.
    expect(second[0].data).toBe(first[0].data);
    expect(second[2].ariaLabel).toBe('Core');
  });

  it('shows a dragged device where the pointer is, and keeps measured sizes', () => {
    const build = createNodeBuilder();
    const doc = network();
    const drag = new Map([['switch-1', { x: 500, y: 80 }]]);
    const sizes = new Map([['switch-1', { width: 110, height: 90 }]]);
    const nodes = build(doc.devices, null, drag, sizes);
    expect(nodes[1].position).toEqual({ x: 500, y: 80 });
    expect(nodes[1].measured).toEqual({ width: 110, height: 90 });
    expect(nodes[0].position).toEqual(doc.devices[0].position);
  });
});

describe('edges from the document', () => {
  it('draws one cable per link with both interface names, and marks the selected one', () => {
    const doc = network();
    const edges = buildEdges(doc.links, doc.devices, 'l1');
    expect(edges[0]).toMatchObject({
      id: 'l1',
      source: 'pc-1',
      target: 'switch-1',
      selected: true,
      ariaLabel: 'Cable PC-1 eth0 to Switch-1 p1',
      data: { aInterface: 'eth0', bInterface: 'p1', parallelIndex: 0, parallelCount: 1 },
    });
    expect(edges[1].selected).toBe(false);
  });

  it('numbers cables between the same two devices, whichever end is a', () => {
    const doc = network();
    const edges = buildEdges(doc.links, doc.devices, null);
    expect(edges.slice(1).map((e) => [e.data?.parallelIndex, e.data?.parallelCount])).toEqual([
      [0, 2],
      [1, 2],
    ]);
  });
});
