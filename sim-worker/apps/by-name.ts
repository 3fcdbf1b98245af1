/**
 * A host name where an IP address is accepted (ping, traceroute): the
 * program asks the stub resolver first, as getaddrinfo does, then starts
 * with the address; or it prints why the name could not be resolved, in
 * the program's own words ("ping: nx.test: Name or service not known").
 * IPv4 only: the names are looked up as A records.
 */
import type { Result } from '../api';
import type { IpDevice } from '../devices/device';
import { hostNameProblem } from '../document/services-rules';
import { parseIpv4 } from '../wire/address';

/** The name in `text` if it is a host name (not an address, which has its own parser and messages); undefined otherwise. */
export function hostNameTarget(text: string): string | undefined {
  const name = text.trim().replace(/\.$/, '');
  // All digits and dots is a mistyped IPv4 address, not a name; a colon, an IPv6 address.
  if (/^[\d.]*$/.test(name) || name.includes(':')) return undefined;
  return hostNameProblem(name, 'The name') === undefined ? name : undefined;
}

/** Looks `name` up on the device, then calls `start` with its first address, or prints the failure as `app`. */
export function startByName(device: IpDevice, app: 'ping' | 'traceroute', name: string, start: (address: number) => void): Result<void> {
  const resolver = device.dns;
  if (!resolver) return { ok: false, error: `${device.name} has no DNS resolver, so it cannot look up ${name}: give an IP address instead` };
  resolver.resolve(name, 'A', (result) => {
    if (!device.poweredOn) return;
    const address = result.ok ? parseIpv4(result.value.addresses[0]) : undefined;
    if (address?.ok) return start(address.value);
    const why = result.ok ? 'the answer held no address' : result.error;
    // iputils ping and Linux traceroute say it each their own way.
    const lines = app === 'ping' ? [`ping: ${name}: ${why}`] : [`${name}: ${why}`, `Cannot handle "host" cmdline arg \`${name}' on position 1 (argc 1)`];
    device.runProgram(app, (run) => ({
      start: () => {
        for (const line of lines) {
          device.ctx.trace.record({ device: device.id, type: 'app', protocol: app, summary: line, layers: [{ layer: 7, protocol: app, reason: `${name} could not be turned into an address (${why}), so ${app} cannot start` }], app: { name: app, run, line } });
        }
      },
      stop: () => undefined,
    }));
  });
  return { ok: true, value: undefined };
}
