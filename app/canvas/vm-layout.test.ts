import { describe, expect, it } from 'vitest';
import { addDevice } from '../../sim-worker/document/edits';
import { emptyDocument, type NetworkDocument } from '../../sim-worker/document/schema';
import { addVm } from '../../sim-worker/document/vm-edits';
import { createNodeBuilder, NODE_SIZE_ESTIMATE } from './flow-model';
import { deviceLabel, selectableDevice } from './vm-layout';

function ok<T extends { ok: boolean }>(result: T): Extract<T, { ok: true }> {
  if (!result.ok) throw new Error(JSON.stringify(result));
  return result as Extract<T, { ok: true }>;
}

/** PC-1 with two VMs, and Switch-1 after them in the document. */
function hostWithTwoVms(): NetworkDocument {
  let doc = ok(addDevice(emptyDocument(), 'computer')).doc;
  doc = ok(addVm(doc, 'pc-1')).doc;
  doc = ok(addVm(doc, 'pc-1', 'bridged')).doc;
  return ok(addDevice(doc, 'switch')).doc;
}

describe('a host with VMs on the canvas', () => {
  it('draws its VMs as its children, after every parent, with its virtual switch between them', () => {
    const nodes = createNodeBuilder()(hostWithTwoVms().devices, null, new Map(), new Map());
    expect(nodes.map((n) => [n.id, n.type, n.parentId])).toEqual([
      ['pc-1', 'host', undefined],
      ['switch-1', 'relay', undefined],
      ['pc-1/vswitch', 'vswitch', 'pc-1'],
      ['vm-1', 'host', 'pc-1'],
      ['vm-2', 'host', 'pc-1'],
    ]);
    expect(nodes.find((n) => n.id === 'vm-2')?.data.address).toBe('Bridged mode');
    expect(nodes.find((n) => n.id === 'pc-1/vswitch')).toMatchObject({ ariaLabel: 'PC-1 virtual switch', selectable: false, deletable: false });
  });

  it('frames the host and all its VMs, and widens the frame as a VM is dragged out', () => {
    const doc = hostWithTwoVms();
    const build = createNodeBuilder();
    const group = () => build(doc.devices, null, dragging, new Map()).find((n) => n.id === 'pc-1')!.data.group!;
    let dragging = new Map();
    const before = group();
    const vm2 = doc.devices.find((d) => d.id === 'vm-2')!;
    expect(before.x).toBeLessThan(0);
    expect(before.x + before.width).toBeGreaterThan(vm2.position.x + NODE_SIZE_ESTIMATE.width);
    expect(before.y + before.height).toBeGreaterThan(vm2.position.y + NODE_SIZE_ESTIMATE.height);
    dragging = new Map([['vm-2', { x: 600, y: 150 }]]);
    expect(group().width).toBeGreaterThan(before.width + 300);
  });

  it('names and selects a virtual switch by its host', () => {
    const { devices } = hostWithTwoVms();
    expect(deviceLabel(devices, 'pc-1/vswitch')).toBe('PC-1 virtual switch');
    expect(deviceLabel(devices, 'vm-1')).toBe('VM-1');
    expect(selectableDevice('pc-1/vswitch')).toBe('pc-1');
    expect(selectableDevice('vm-1')).toBe('vm-1');
  });
});
