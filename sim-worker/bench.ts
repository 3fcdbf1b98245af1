/**
 * `npm run bench [-- --leaves L --hosts H --count K] [--json]`: a tree of
 * switches (one root, L leaf switches, H computers on each leaf), every
 * computer pinging a computer on the next leaf switch. Prints frames
 * transmitted and forwarded per wall-clock second and peak memory.
 */
import { COPPER_DEFAULTS, DOCUMENT_FORMAT, DOCUMENT_VERSION, type DeviceDoc, type LinkDoc, type NetworkDocument } from './document/schema';
import { Simulation } from './engine/simulation';

interface TreeOptions {
  leaves: number;
  hosts: number;
  count: number;
}

/** Written straight as a document: the edit functions check every name and address, which is quadratic at this size. */
export function switchTree({ leaves, hosts }: TreeOptions): NetworkDocument {
  const devices: DeviceDoc[] = [];
  const links: LinkDoc[] = [];
  const ports = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `p${i + 1}` }));
  const cable = (a: string, ai: string, b: string, bi: string) =>
    links.push({ id: `l${links.length + 1}`, a: { device: a, interface: ai }, b: { device: b, interface: bi }, ...COPPER_DEFAULTS });
  devices.push({ id: 'root', kind: 'switch', name: 'Root', position: { x: 0, y: 0 }, interfaces: ports(leaves) });
  for (let l = 0; l < leaves; l++) {
    const leaf = `leaf-${l + 1}`;
    devices.push({ id: leaf, kind: 'switch', name: `Leaf-${l + 1}`, position: { x: l * 200, y: 200 }, interfaces: ports(hosts + 1) });
    cable('root', `p${l + 1}`, leaf, `p${hosts + 1}`);
    for (let h = 0; h < hosts; h++) {
      const n = l * hosts + h;
      const id = `pc-${n + 1}`;
      const mac = `02:00:${hex(n >> 24)}:${hex(n >> 16)}:${hex(n >> 8)}:${hex(n)}`;
      devices.push({ id, kind: 'computer', name: `PC-${n + 1}`, position: { x: l * 200, y: 400 + h * 40 }, interfaces: [{ name: 'eth0', mac, ipv4: `${hostAddress(n)}/16` }] });
      cable(id, 'eth0', leaf, `p${h + 1}`);
    }
  }
  return { format: DOCUMENT_FORMAT, version: DOCUMENT_VERSION, devices, links };
}

function hex(n: number): string {
  return (n & 255).toString(16).padStart(2, '0');
}

function hostAddress(n: number): string {
  return `10.0.${(n + 1) >> 8}.${(n + 1) & 255}`;
}

function parseOptions(argv: string[]): TreeOptions & { json: boolean } {
  const options = { leaves: 8, hosts: 32, count: 10, json: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--json') options.json = true;
    else if (flag === '--leaves' || flag === '--hosts' || flag === '--count') {
      const value = Number(argv[++i]);
      if (!Number.isInteger(value) || value < 1) throw new Error(`${flag} needs a whole number of at least 1`);
      options[flag.slice(2) as 'leaves' | 'hosts' | 'count'] = value;
    } else throw new Error(`unknown option ${flag}; use --leaves L --hosts H --count K [--json]`);
  }
  return options;
}

function main(): void {
  const options = parseOptions(process.argv.slice(2));
  const doc = switchTree(options);
  const sim = new Simulation(doc);
  const total = options.leaves * options.hosts;
  for (let n = 0; n < total; n++) {
    const target = hostAddress((n + options.hosts + 1) % total);
    sim.act({ kind: 'ping', device: `pc-${n + 1}`, target, count: options.count, intervalMs: 1 });
  }
  let framesTransmitted = 0;
  let framesForwarded = 0;
  let echoReplies = 0;
  sim.trace.addSink((event) => {
    if (event.type === 'send') framesTransmitted++;
    else if (event.type === 'forward' || event.type === 'flood') framesForwarded++;
    else if (event.type === 'deliver' && event.summary.startsWith('Echo (ping) reply')) echoReplies++;
  });
  let peakRss = process.memoryUsage().rss;
  const started = process.hrtime.bigint();
  while (!sim.quiet) {
    sim.run({ maxTasks: 20_000 });
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const result = {
    scenario: `switch tree: ${options.leaves} leaves × ${options.hosts} hosts, ${options.count} pings each`,
    computers: total,
    framesTransmitted,
    framesForwarded,
    echoReplies,
    wallSeconds: Number(wallSeconds.toFixed(3)),
    framesPerSecond: Math.round(framesTransmitted / wallSeconds),
    forwardsPerSecond: Math.round(framesForwarded / wallSeconds),
    peakRssMiB: Math.round(peakRss / 2 ** 20),
  };
  if (options.json) {
    console.log(JSON.stringify(result));
    return;
  }
  console.log(result.scenario);
  console.log(`  computers                 ${result.computers}`);
  console.log(`  frames transmitted        ${result.framesTransmitted}`);
  console.log(`  frames forwarded          ${result.framesForwarded} (switch decisions)`);
  console.log(`  echo replies received     ${result.echoReplies} of ${total * options.count}`);
  console.log(`  wall time                 ${result.wallSeconds} s`);
  console.log(`  frames per wall-second    ${result.framesPerSecond.toLocaleString('en')} transmitted, ${result.forwardsPerSecond.toLocaleString('en')} forwarded`);
  console.log(`  peak memory (RSS)         ${result.peakRssMiB} MiB`);
}

try {
  main();
} catch (e) {
  console.error(`error: ${(e as Error).message}`);
  process.exitCode = 2;
}
