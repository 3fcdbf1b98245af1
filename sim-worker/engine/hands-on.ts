/**
 * The learner's hands on the hardware while the network runs: cutting and
 * restoring a cable, and the power switch of a device. Both happen at the
 * engine's time now and are traced by the cards and devices they touch.
 */
import type { Result } from '../api';
import type { Device } from '../devices/device';
import type { NetworkDocument } from '../document/schema';

const done: Result<void> = { ok: true, value: undefined };

/** Cuts a cable (`up` false) or puts it back (`up` true). */
export function setCableUp(doc: NetworkDocument, devices: ReadonlyMap<string, Device>, linkId: string, up: boolean): Result<void> {
  const link = doc.links.find((l) => l.id === linkId);
  if (!link) return { ok: false, error: `There is no cable "${linkId}" in this network` };
  const nic = devices.get(link.a.device)?.nics.get(link.a.interface);
  if (!nic?.cable) return { ok: false, error: `The cable "${linkId}" is not plugged in` };
  const between = `between ${devices.get(link.a.device)!.name} ${link.a.interface} and ${devices.get(link.b.device)?.name ?? link.b.device} ${link.b.interface}`;
  if (Boolean(nic.cable.cut) === !up) return { ok: false, error: `The cable ${between} is already ${up ? 'whole' : 'cut'}` };
  nic.setCut(!up, up ? 'the cable was restored' : 'the cable was cut');
  return done;
}

/** Switches a device off or on. */
export function setPower(devices: ReadonlyMap<string, Device>, deviceId: string, on: boolean): Result<void> {
  const device = devices.get(deviceId);
  if (!device) return { ok: false, error: `There is no device "${deviceId}" in this network` };
  if (device.poweredOn === on) return { ok: false, error: `${device.name} is already ${on ? 'on' : 'off'}` };
  if (on) device.powerOn();
  else device.powerOff();
  return done;
}
