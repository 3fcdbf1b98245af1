import { expect, test } from '@playwright/test';
import { buildTwoLansJoinedByARouter, device, runCommand, select, setField, undo } from './helpers';

test('two LANs joined by a router: ping across, traceroute lists the router, routes are edited inline', async ({ page }) => {
  await page.goto('/');
  await buildTwoLansJoinedByARouter(page);
  const inspector = page.getByRole('complementary', { name: 'Inspector' });

  // The router's inspector: its interfaces with their networks, and both tables as tabs.
  await expect(inspector.getByRole('heading', { name: 'Interfaces' })).toBeVisible();
  await expect(inspector.getByText('192.168.2.255', { exact: true })).toBeVisible();
  await expect(inspector.getByRole('tab', { name: 'Routing table', exact: true })).toHaveAttribute('aria-selected', 'true');
  const tables = inspector.getByRole('tabpanel');
  await expect(tables).toContainText('192.168.2.0/24');

  await select(page, 'PC-1');
  await runCommand(page, 'Ping', '192.168.2.10');
  const terminal = inspector.getByLabel('Terminal on PC-1');
  await expect(terminal).toContainText('4 packets transmitted, 4 received, 0% packet loss', { timeout: 30_000 });
  // The reply crossed the router: TTL 64 less one hop.
  await expect(terminal).toContainText('64 bytes from 192.168.2.10: icmp_seq=1 ttl=63');

  await runCommand(page, 'Traceroute', '192.168.2.10');
  await expect(terminal).toContainText('traceroute to 192.168.2.10 (192.168.2.10), 30 hops max, 60 byte packets');
  await expect(terminal).toContainText(/ 1 {2}192\.168\.1\.1 \(192\.168\.1\.1\) {2}\d+\.\d{3} ms/, { timeout: 30_000 });
  await expect(terminal).toContainText(/ 2 {2}192\.168\.2\.10 \(192\.168\.2\.10\) {2}\d+\.\d{3} ms/, { timeout: 30_000 });
  // The destination answered at hop 2, so traceroute stopped there.
  expect(await terminal.textContent()).not.toMatch(/^ 3 {2}/m);

  // The router's ARP cache now knows both computers, as of the latest event. Its inspector opens at the top, though PC-1's was scrolled down to its commands.
  expect(await inspector.evaluate((panel) => panel.scrollTop)).toBeGreaterThan(0);
  await select(page, 'Router-1');
  expect(await inspector.evaluate((panel) => panel.scrollTop)).toBe(0);
  await inspector.getByRole('tab', { name: 'ARP cache', exact: true }).click();
  await expect(inspector.getByRole('tabpanel')).toContainText('192.168.1.10');
  await expect(inspector.getByRole('tabpanel')).toContainText('192.168.2.10');

  // A route: an invalid one is refused inline and nothing changes; a valid one is listed, and undo takes it away.
  const form = inspector.getByRole('form', { name: 'Add a route to Router-1' });
  const destination = form.getByLabel('Destination', { exact: true });
  await destination.fill('10.0.3.1/24');
  await expect(destination).toHaveAttribute('aria-invalid', 'true');
  await expect(form).toContainText('10.0.3.1/24 is not a network address');
  await form.getByLabel('Via (next router)').fill('172.16.0.1');
  await expect(form).toContainText('172.16.0.1 is not on any of Router-1\'s networks');
  await form.getByRole('button', { name: 'Add route' }).click();
  await expect(inspector.getByRole('list', { name: 'Static routes of Router-1' })).toHaveCount(0);

  await destination.fill('10.0.3.0/24');
  await form.getByLabel('Via (next router)').fill('192.168.2.254');
  await form.getByLabel('Interface', { exact: true }).selectOption('eth1');
  await form.getByLabel('Metric', { exact: true }).fill('10');
  await expect(form.getByRole('alert')).toHaveCount(0);
  await form.getByRole('button', { name: 'Add route' }).click();
  const routes = inspector.getByRole('list', { name: 'Static routes of Router-1' });
  await expect(routes.getByRole('listitem')).toHaveCount(1);
  await expect(routes).toContainText('10.0.3.0/24 via 192.168.2.254 dev eth1 metric 10');
  await expect(inspector.getByRole('heading', { name: 'Routes (1)' })).toBeVisible();
  await expect(destination).toHaveValue('');

  // The same route twice is refused as a whole.
  await destination.fill('10.0.3.0/24');
  await form.getByLabel('Via (next router)').fill('192.168.2.254');
  await expect(form).toContainText('Router-1 already has a route to 10.0.3.0/24 via 192.168.2.254');


  // Removed, and undo brings it back; the half-typed duplicate is then refused again.
  await routes.getByRole('button', { name: 'Remove the route to 10.0.3.0/24 via 192.168.2.254' }).click();
  await expect(routes).toHaveCount(0);
  await expect(form.getByRole('alert')).toHaveCount(0);
  await undo(page);
  await expect(routes.getByRole('listitem')).toHaveCount(1);
  await expect(form).toContainText('Router-1 already has a route to 10.0.3.0/24 via 192.168.2.254');
});

test('a router takes another interface, and the subnet calculator gives it an address', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('complementary', { name: 'Palette' }).getByRole('button', { name: 'Router', exact: true }).click();
  await select(page, 'Router-1');
  const inspector = page.getByRole('complementary', { name: 'Inspector' });
  await expect(inspector.getByLabel('eth3 IPv4 address', { exact: true })).toBeVisible();
  await inspector.getByRole('button', { name: 'Add interface' }).click();
  const eth4 = inspector.getByLabel('eth4 IPv4 address', { exact: true });
  await expect(eth4).toHaveValue('');
  const eth4Item = inspector.getByRole('listitem').filter({ has: page.getByLabel('eth4 IPv4 address', { exact: true }) });

  await setField(page, 'eth0 IPv4 address', '10.1.0.1/30');
  // Network, broadcast, usable range and the mask in both forms.
  const eth0Facts = inspector.getByRole('listitem').filter({ has: page.getByLabel('eth0 IPv4 address', { exact: true }) }).locator('.subnet-facts').first();
  await expect(eth0Facts).toContainText('Network10.1.0.0/30');
  await expect(eth0Facts).toContainText('Broadcast10.1.0.3');
  await expect(eth0Facts).toContainText('10.1.0.1 – 10.1.0.2 (2)');
  await expect(eth0Facts).toContainText('255.255.255.252 (/30)');

  await eth4Item.getByText('Subnet calculator').click();
  await eth4Item.getByLabel('Network to split').fill('10.1.0.0/24');
  await eth4Item.getByLabel('Subnets', { exact: true }).fill('4');
  const subnets = eth4Item.getByRole('list', { name: 'Subnets of 10.1.0.0/24' });
  await expect(subnets.getByRole('listitem')).toHaveCount(4);
  await expect(eth4Item).toContainText('4 subnets of /26 (mask 255.255.255.192), 62 usable hosts each.');
  await expect(subnets.getByRole('listitem').nth(1)).toContainText('10.1.0.65 – 10.1.0.126');
  await expect(subnets.getByRole('listitem').nth(1)).toContainText('Broadcast10.1.0.127');

  // The first subnet's first address is eth0's: refused, with the reason, and nothing changes; the second is used.
  await subnets.getByRole('button', { name: 'Use 10.1.0.0/26 on eth4' }).click();
  await expect(eth4Item.getByRole('alert')).toContainText('10.1.0.1 is already used by Router-1 eth0');
  await expect(eth4).toHaveValue('');
  await subnets.getByRole('button', { name: 'Use 10.1.0.64/26 on eth4' }).click();
  await expect(eth4).toHaveValue('10.1.0.65/26');
  await expect(eth4Item.getByRole('status')).toContainText('eth4 now has 10.1.0.65/26.');
  await undo(page);
  await expect(eth4).toHaveValue('');

  await eth4Item.getByLabel('Subnets', { exact: true }).fill('1');
  await expect(eth4Item.getByRole('alert')).toContainText('from 2 to 256');
});

test('the palette offers routers, home routers and ISPs', async ({ page }) => {
  await page.goto('/');
  const palette = page.getByRole('complementary', { name: 'Palette' });
  for (const kind of ['Router', 'Home router', 'ISP']) await expect(palette.getByRole('button', { name: kind, exact: true })).toBeVisible();
  await palette.getByRole('button', { name: 'ISP', exact: true }).click();
  await expect(device(page, 'ISP-1')).toBeVisible();
});
