import { expect, test } from '@playwright/test';
import { addDevice, chooseAddressing, connectTo, device, enableDhcpServer, select, setField } from '../e2e/helpers';

const out = '/tmp/h';

test('shots', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 1400 });
  await page.goto('/');
  const inspector = page.getByRole('complementary', { name: 'Inspector' });
  for (const kind of ['Computer', 'Switch', 'Router', 'Home router', 'Computer'] as const) await addDevice(page, kind);
  await select(page, 'Router-1');
  await setField(page, 'eth0 IPv4 address', '192.168.10.1/24');
  await connectTo(page, 'Switch-1');
  await enableDhcpServer(page, 'eth0');
  await select(page, 'PC-1');
  await chooseAddressing(page, 'eth0', 'DHCP');
  await connectTo(page, 'Switch-1');
  await select(page, 'Router-1');
  await inspector.getByLabel('eth0 Pool end', { exact: true }).fill('192.168.10.50');
  await page.waitForTimeout(500);
  await inspector.locator('.dhcp-server-section').screenshot({ path: `${out}/router-dhcp.png` });
  await inspector.getByLabel('eth0 Pool end', { exact: true }).press('Escape');
  await select(page, 'PC-1');
  await expect(inspector.getByLabel('eth0 IPv4 address (from DHCP)', { exact: true })).toHaveValue(/192/, { timeout: 20000 });
  await page.waitForTimeout(500);
  await inspector.screenshot({ path: `${out}/pc-dhcp.png` });
  await inspector.locator('.iface').first().screenshot({ path: `${out}/pc-dhcp-iface.png` });
  await select(page, 'PC-2');
  await chooseAddressing(page, 'eth0', 'DHCP');
  await page.waitForTimeout(800);
  await inspector.screenshot({ path: `${out}/pc-waiting.png` });
  await select(page, 'Home-router-1');
  await page.waitForTimeout(500);
  await inspector.screenshot({ path: `${out}/home-router.png` });
  await inspector.locator('.inspector-section').nth(1).screenshot({ path: `${out}/home-router-ifaces.png` });
  await inspector.locator('.dhcp-server-section').screenshot({ path: `${out}/home-router-dhcp.png` });
  await page.screenshot({ path: `${out}/page.png` });
  await expect(device(page, 'PC-1')).toBeVisible();
});
