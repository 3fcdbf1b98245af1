import { expect, test, type Page } from '@playwright/test';
import { addDevice, chooseAddressing, connectTo, device, enableDhcpServer, runCommand, select, setField, undo } from './helpers';

const inspector = (page: Page) => page.getByRole('complementary', { name: 'Inspector' });
/** The address a computer's eth0 leased, as its inspector shows it (read-only) once the lease is in. */
const leased = (page: Page) => inspector(page).getByLabel('eth0 IPv4 address (from DHCP)', { exact: true });

test('two LANs joined by a router that serves both by DHCP: addresses come, ping crosses, traceroute lists the router', async ({ page }) => {
  await page.goto('/');
  for (const kind of ['Computer', 'Computer', 'Switch', 'Switch', 'Router'] as const) await addDevice(page, kind);
  for (const name of ['PC-1', 'PC-2', 'Switch-1', 'Switch-2', 'Router-1']) await expect(device(page, name)).toBeVisible();

  // The router: an address on each LAN, and a DHCP server on each, as "Enable" proposes it.
  await select(page, 'Router-1');
  await expect(inspector(page).getByRole('heading', { name: 'DHCP server (off)' })).toBeVisible();
  await setField(page, 'eth0 IPv4 address', '192.168.1.1/24');
  await connectTo(page, 'Switch-1');
  await setField(page, 'eth1 IPv4 address', '192.168.2.1/24');
  await connectTo(page, 'Switch-2');
  await enableDhcpServer(page, 'eth0');
  await enableDhcpServer(page, 'eth1');
  await expect(inspector(page).getByLabel('eth0 Pool start', { exact: true })).toHaveValue('192.168.1.100');
  await expect(inspector(page).getByLabel('eth1 Pool end', { exact: true })).toHaveValue('192.168.2.199');

  // A pool that would hand out the router's own address is refused as it is typed, and nothing changes.
  const poolStart = inspector(page).getByLabel('eth0 Pool start', { exact: true });
  await poolStart.fill('192.168.1.1');
  await expect(poolStart).toHaveAttribute('aria-invalid', 'true');
  await expect(inspector(page)).toContainText("holds 192.168.1.1, eth0's own address");
  await poolStart.press('Escape');
  await expect(poolStart).toHaveValue('192.168.1.100');

  // Turned off and back on by undo.
  await inspector(page).getByRole('button', { name: 'Turn off the DHCP server on eth1' }).click();
  await expect(inspector(page).getByRole('button', { name: 'Enable DHCP server on eth1' })).toBeVisible();
  await undo(page);
  await expect(inspector(page).getByLabel('eth1 Pool end', { exact: true })).toHaveValue('192.168.2.199');

  // Both computers take their address by DHCP.
  for (const [pc, lan] of [['PC-1', 1], ['PC-2', 2]] as const) {
    await select(page, pc);
    await chooseAddressing(page, 'eth0', 'DHCP');
    await expect(inspector(page).getByLabel('eth0 IPv4 address', { exact: true })).toHaveCount(0);
    await connectTo(page, `Switch-${lan}`);
  }

  // Once the network has loaded, each computer holds the first address of its LAN's pool, and the router as gateway.
  await select(page, 'PC-1');
  await expect(leased(page)).toHaveValue('192.168.1.100/24', { timeout: 30_000 });
  await expect(inspector(page).getByLabel('eth0 gateway (from DHCP)', { exact: true })).toHaveValue('192.168.1.1');
  await expect(inspector(page).getByRole('tab', { name: /^DHCP lease/ })).toBeVisible();
  await select(page, 'PC-2');
  await expect(leased(page)).toHaveValue('192.168.2.100/24', { timeout: 30_000 });
  // The canvas captions each computer with the address it was leased.
  await expect(device(page, 'PC-1')).toContainText('192.168.1.100/24');
  await expect(device(page, 'PC-2')).toContainText('192.168.2.100/24');

  // An IPv6 address beside the leased IPv4 one: checked like IPv4, with the link-local address made from the MAC.
  await setField(page, 'eth0 IPv6 address', '2001:db8:2::10');
  await expect(inspector(page)).toContainText('needs a prefix length to say how big its network is');
  await setField(page, 'eth0 IPv6 address', '2001:db8:2::10/64');
  await expect(inspector(page).getByLabel('eth0 IPv6 address', { exact: true })).toHaveValue('2001:db8:2::10/64');
  await expect(inspector(page)).toContainText(/Link-local fe80::[0-9a-f:]+ \(from its MAC\)/);
  await expect(leased(page)).toHaveValue('192.168.2.100/24');

  await select(page, 'PC-1');
  await runCommand(page, 'Ping', '192.168.2.100');
  const terminal = inspector(page).getByLabel('Terminal on PC-1');
  await expect(terminal).toContainText('4 packets transmitted, 4 received, 0% packet loss', { timeout: 30_000 });

  await runCommand(page, 'Traceroute', '192.168.2.100');
  await expect(terminal).toContainText(/ 1 {2}192\.168\.1\.1 \(192\.168\.1\.1\) {2}\d+\.\d{3} ms/, { timeout: 30_000 });
  await expect(terminal).toContainText(/ 2 {2}192\.168\.2\.100 \(192\.168\.2\.100\) {2}\d+\.\d{3} ms/, { timeout: 30_000 });

  // The router's lease table lists both computers.
  await select(page, 'Router-1');
  await inspector(page).getByRole('tab', { name: /^DHCP leases/ }).click();
  await expect(inspector(page).getByRole('tabpanel')).toContainText('192.168.1.100');
  await expect(inspector(page).getByRole('tabpanel')).toContainText('192.168.2.100');
});

test('a home router leases its LAN addresses and NATs two computers out through an ISP', async ({ page }) => {
  await page.goto('/');
  for (const kind of ['Home router', 'ISP', 'Computer', 'Computer', 'Computer'] as const) await addDevice(page, kind);
  for (const name of ['Home-router-1', 'ISP-1', 'PC-1', 'PC-2', 'PC-3']) await expect(device(page, name)).toBeVisible();

  // The home router explains its parts; its wan takes a public address from the ISP, and the ISP goes into wan.
  await select(page, 'Home-router-1');
  await expect(inspector(page)).toContainText('port1–port4 are its built-in switch');
  await expect(inspector(page).getByRole('radiogroup', { name: 'wan IPv4 addressing' }).getByRole('radio', { name: 'DHCP' })).toBeChecked();
  await connectTo(page, 'ISP-1');
  await expect(page.getByRole('main', { name: 'Canvas' }).getByLabel(/^Cable (Home-router-1 wan to ISP-1 eth0|ISP-1 eth0 to Home-router-1 wan)$/)).toHaveCount(1);

  // PC-3 is a server beyond the ISP, on the ISP's second network (its customers are on eth0).
  await select(page, 'ISP-1');
  await setField(page, 'eth1 IPv4 address', '198.51.100.1/24');
  await select(page, 'PC-3');
  await setField(page, 'eth0 IPv4 address', '198.51.100.10/24');
  await setField(page, 'eth0 gateway', '198.51.100.1');
  await connectTo(page, 'ISP-1');

  for (const pc of ['PC-1', 'PC-2']) {
    await select(page, pc);
    await chooseAddressing(page, 'eth0', 'DHCP');
    await connectTo(page, 'Home-router-1');
  }

  // The home router's factory DHCP server hands out .100 and .101; which computer asked first is up to the network.
  const addresses: string[] = [];
  for (const pc of ['PC-1', 'PC-2']) {
    await select(page, pc);
    // Read and checked in one step: the field empties for a moment whenever the network reloads.
    let address = '';
    await expect(async () => {
      address = await leased(page).inputValue();
      expect(address).toMatch(/^192\.168\.1\.10[01]\/24$/);
    }).toPass({ timeout: 30_000 });
    addresses.push(address);
  }
  expect([...addresses].sort()).toEqual(['192.168.1.100/24', '192.168.1.101/24']);
  await select(page, 'Home-router-1');
  await expect(inspector(page).getByLabel('wan IPv4 address (from DHCP)', { exact: true })).toHaveValue('192.0.2.100/24', { timeout: 30_000 });

  await select(page, 'PC-1');
  await runCommand(page, 'Ping', '198.51.100.10');
  await expect(inspector(page).getByLabel('Terminal on PC-1')).toContainText('4 packets transmitted, 4 received, 0% packet loss', { timeout: 30_000 });

  // The NAT table maps PC-1's private address to the home router's public one.
  await select(page, 'Home-router-1');
  await inspector(page).getByRole('tab', { name: /^NAT translations/ }).click();
  const nat = inspector(page).getByRole('tabpanel');
  await expect(nat).toContainText(addresses[0].split('/')[0]);
  await expect(nat).toContainText('192.0.2.100');
  await expect(nat).toContainText('198.51.100.10');

  // A port forward: refused inline when it points outside the LAN, listed once it is sound.
  await inspector(page).getByText('Port forwarding').click();
  const form = inspector(page).getByRole('form', { name: 'Add a port forward to Home-router-1' });
  await form.getByLabel('Outside port').fill('5000');
  await form.getByLabel('To LAN address').fill('10.0.0.5');
  await expect(form).toContainText("10.0.0.5 is not on Home-router-1's LAN 192.168.1.0/24");
  await form.getByRole('button', { name: 'Add port forward' }).click();
  await expect(inspector(page).getByRole('list', { name: 'Port forwards of Home-router-1' })).toHaveCount(0);
  await form.getByLabel('To LAN address').fill(addresses[0].split('/')[0]);
  await form.getByRole('button', { name: 'Add port forward' }).click();
  await expect(inspector(page).getByRole('list', { name: 'Port forwards of Home-router-1' })).toContainText(`UDP 5000 → ${addresses[0].split('/')[0]}:5000`);
});
