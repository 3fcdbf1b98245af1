import { describe, expect, it } from 'vitest';
import { addDevice, connect, removeDevice, setInterface, type Edit } from './edits';
import { emptyDocument, type NetworkDocument } from './schema';
import { validateDocument } from './validate';
import { addVm, setVmMode, VM_FIRST_SLOT, VM_SLOT_STEP } from './vm-edits';
import { VM_NEEDS_HOST } from './vm-rules';

function done<T extends object>(edit: Edit<T>): NetworkDocument {
  if (!edit.ok) throw new Error(edit.error);
  expect(validateDocument(edit.doc)).toEqual({ ok: true, value: edit.doc });
  return Object.freeze(edit.doc);
}

function errorOf(edit: Edit): string {
  if (edit.ok) throw new Error('expected the edit to be refused');
  return edit.error;
}

/** PC-1 and Switch-1. */
function host(): NetworkDocument {
  return done(addDevice(done(addDevice(emptyDocument(), 'computer')), 'switch'));
}

describe('addVm', () => {
  it('adds VM-1, VM-2 inside the host, side by side under it, each with a fresh MAC on DHCP', () => {
    let doc = done(addVm(host(), 'pc-1'));
    doc = done(addVm(doc, 'pc-1', 'host-only'));
    const [vm1, vm2] = doc.devices.filter((d) => d.kind === 'vm');
    expect(vm1).toMatchObject({ id: 'vm-1', name: 'VM-1', vm: { host: 'pc-1', mode: 'nat' }, position: VM_FIRST_SLOT });
    expect(vm2).toMatchObject({ id: 'vm-2', name: 'VM-2', vm: { host: 'pc-1', mode: 'host-only' }, position: { x: VM_FIRST_SLOT.x + VM_SLOT_STEP, y: VM_FIRST_SLOT.y } });
    expect(vm1.interfaces).toEqual([{ name: 'eth0', mac: '02:00:00:00:00:02', addressing: 'dhcp' }]);
    expect(vm2.interfaces[0].mac).toBe('02:00:00:00:00:03');
  });

  it('refuses anything but a computer as host, and a VM added without one', () => {
    expect(errorOf(addVm(host(), 'switch-1'))).toBe(`Switch-1 is a switch. ${VM_NEEDS_HOST}`);
    expect(errorOf(addVm(host(), 'pc-9'))).toBe('There is no device with id "pc-9"');
    expect(errorOf(addDevice(host(), 'vm'))).toBe(VM_NEEDS_HOST);
  });
});

describe('setVmMode', () => {
  it('changes the mode and refuses devices that are not VMs or modes that do not exist', () => {
    const doc = done(setVmMode(done(addVm(host(), 'pc-1')), 'vm-1', 'bridged'));
    expect(doc.devices.find((d) => d.id === 'vm-1')?.vm).toEqual({ host: 'pc-1', mode: 'bridged' });
    expect(errorOf(setVmMode(doc, 'pc-1', 'nat'))).toBe('PC-1 is a computer, not a VM: only a VM has a network mode');
    expect(errorOf(setVmMode(doc, 'vm-1', 'wifi' as never))).toBe('"mode" should be one of "nat", "bridged", "host-only", not "wifi"');
  });

  it('lets a NAT VM share an address with its host\'s LAN, but not once bridged onto it', () => {
    let doc = done(addVm(host(), 'pc-1'));
    doc = done(setInterface(doc, 'pc-1', 'eth0', { ipv4: '192.168.1.10/24' }));
    doc = done(setInterface(doc, 'vm-1', 'eth0', { ipv4: '192.168.1.10/24' }));
    expect(errorOf(setVmMode(doc, 'vm-1', 'bridged'))).toBe(
      "Bridged mode would put PC-1 eth0 and VM-1 eth0 in one network, and both have 192.168.1.10: change one of the addresses first (an address can be used again only behind another NAT, like another home router's LAN)",
    );
    expect(setVmMode(doc, 'vm-1', 'host-only').ok).toBe(true);
  });
});

describe('a VM and the rest of the document', () => {
  it('goes when its host is removed; removing the VM alone leaves the host', () => {
    const doc = done(addVm(done(addVm(host(), 'pc-1')), 'pc-1'));
    expect(done(removeDevice(doc, 'pc-1')).devices.map((d) => d.id)).toEqual(['switch-1']);
    expect(done(removeDevice(doc, 'vm-1')).devices.map((d) => d.id)).toEqual(['pc-1', 'switch-1', 'vm-2']);
  });

  it('takes no cable', () => {
    const doc = done(addVm(host(), 'pc-1'));
    expect(errorOf(connect(doc, { device: 'vm-1' }, { device: 'switch-1' }))).toBe('VM-1 is a VM: it takes no cable. Its network mode wires it through its host (choose NAT, bridged or host-only)');
  });
});

describe('validating VMs', () => {
  const vm = { id: 'vm-1', kind: 'vm', name: 'VM-1', position: { x: 0, y: 150 }, interfaces: [{ name: 'eth0', mac: '02:00:00:00:00:02', addressing: 'dhcp' }], vm: { host: 'pc-1', mode: 'nat' } };
  const pc = { id: 'pc-1', kind: 'computer', name: 'PC-1', position: { x: 0, y: 0 }, interfaces: [{ name: 'eth0', mac: '02:00:00:00:00:01' }] };
  const sw = { id: 'sw-1', kind: 'switch', name: 'Switch-1', position: { x: 0, y: 0 }, interfaces: [{ name: 'p1' }] };
  const file = (devices: object[], links: object[] = []) => ({ format: 'flintnet', version: 1, devices, links });
  const problems = (input: object) => {
    const result = validateDocument(input);
    return result.ok ? [] : result.problems;
  };

  it('keeps a good VM with its host and mode', () => {
    const result = validateDocument(file([pc, vm]));
    expect(result.ok && result.value.devices[1].vm).toEqual({ host: 'pc-1', mode: 'nat' });
  });

  it('says where a VM’s host is missing or is not a computer', () => {
    expect(problems(file([vm]))).toEqual([{ path: '$.devices[0].vm.host', message: 'VM-1 runs inside "pc-1", but there is no device with that id: a VM needs a computer to run on' }]);
    expect(problems(file([{ ...sw, id: 'pc-1' }, vm]))).toEqual([{ path: '$.devices[1].vm.host', message: 'VM-1 runs inside Switch-1, which is a switch: only a computer can host VMs' }]);
  });

  it('refuses a missing or bad vm field, a vm field on another kind, and a VM with other interfaces', () => {
    expect(problems(file([pc, { ...vm, vm: undefined }]))).toEqual([{ path: '$.devices[1].vm', message: 'VM-1: "vm" is missing: it should be its host and network mode, like {"host": "pc-1", "mode": "nat"}' }]);
    expect(problems(file([pc, { ...vm, vm: { host: 'pc-1', mode: 'wifi' } }]))).toEqual([{ path: '$.devices[1].vm.mode', message: 'VM-1: "mode" should be one of "nat", "bridged", "host-only", not "wifi"' }]);
    expect(problems(file([{ ...pc, vm: { host: 'pc-1', mode: 'nat' } }]))).toEqual([{ path: '$.devices[0].vm', message: 'PC-1: PC-1 is a computer: only a VM has a "vm" field (its host and network mode)' }]);
    expect(problems(file([pc, { ...vm, interfaces: [...vm.interfaces, { name: 'eth1', mac: '02:00:00:00:00:03' }] }]))).toEqual([
      { path: '$.devices[1].interfaces', message: 'VM-1 is a VM: it has exactly one network card, "eth0" (it has "eth0", "eth1")' },
    ]);
  });

  it('refuses a cable to a VM, at the end that names it', () => {
    const cable = { id: 'l1', a: { device: 'sw-1', interface: 'p1' }, b: { device: 'vm-1', interface: 'eth0' }, medium: 'copper', bandwidthBps: 1e9, delayNs: 1000 };
    expect(problems(file([pc, sw, vm], [cable]))).toEqual([
      { path: '$.links[0].b.device', message: 'Link "l1": VM-1 is a VM: it takes no cable. Its network mode wires it through its host (choose NAT, bridged or host-only)' },
    ]);
  });
});
