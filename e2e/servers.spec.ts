import { expect, test, type Page } from '@playwright/test';
import { connectTo, device, select, setField } from './helpers';

const inspector = (page: Page) => page.getByRole('complementary', { name: 'Inspector' });
const palette = (page: Page) => page.getByRole('region', { name: 'Palette' }).or(page.getByRole('complementary', { name: 'Palette' }));

/** Runs nslookup or Browse from the selected device's command forms, with playback at full speed. */
async function runForm(page: Page, field: 'Name to look up' | 'URL to browse', button: 'nslookup' | 'Browse', value: string) {
  await inspector(page).getByLabel(field, { exact: true }).fill(value);
  await inspector(page).getByRole('button', { name: button, exact: true }).click();
  await page.getByRole('region', { name: 'Playback' }).getByLabel('Speed').selectOption({ label: 'Fast' });
}

test('a computer finds a web server by name through a DNS server and loads its page', async ({ page }) => {
  await page.goto('/');
  await palette(page).getByRole('button', { name: 'Web server', exact: true }).click();
  await palette(page).getByRole('button', { name: 'DNS server', exact: true }).click();
  await palette(page).getByRole('button', { name: 'Computer', exact: true }).click();
  await palette(page).getByRole('button', { name: 'Switch', exact: true }).click();
  for (const name of ['Server-1', 'Server-2', 'PC-1', 'Switch-1']) await expect(device(page, name)).toBeVisible();

  // The web server: the preset's site, on the LAN.
  await select(page, 'Server-1');
  await expect(inspector(page).getByRole('list', { name: 'Services of Server-1' })).toContainText('web: HTTP on 80, HTTPS on 443');
  await expect(inspector(page).getByRole('list', { name: 'Pages of www.example.test' })).toContainText('/ → 200');
  await setField(page, 'eth0 IPv4 address', '192.168.1.80/24');
  await connectTo(page, 'Switch-1');

  // The DNS server: its preset zone points www at a placeholder address; point it at the web server instead.
  await select(page, 'Server-2');
  await setField(page, 'eth0 IPv4 address', '192.168.1.53/24');
  await connectTo(page, 'Switch-1');
  const records = inspector(page).getByRole('list', { name: 'Records of example.test.' });
  await expect(records).toContainText('www.example.test. 3600 IN A 203.0.113.80');
  await inspector(page).getByRole('button', { name: 'Remove www.example.test. A 203.0.113.80' }).click();
  await expect(records).not.toContainText('203.0.113.80');

  const addRecord = inspector(page).getByRole('form', { name: 'Add a record to example.test.' });
  const recordName = addRecord.getByLabel('Record name', { exact: true });
  // A name without its final dot is refused as it is typed, in the zone rules' words, and nothing is added.
  await recordName.fill('www.example.test');
  await expect(recordName).toHaveAttribute('aria-invalid', 'true');
  await expect(addRecord).toContainText('should be fully qualified, ending in a dot: "www.example.test."');
  await recordName.fill('www.example.test.');
  await addRecord.getByLabel('Record value', { exact: true }).fill('192.168.1.80');
  await addRecord.getByRole('button', { name: 'Add record' }).click();
  await expect(records).toContainText('www.example.test. 3600 IN A 192.168.1.80');
  await page.screenshot({ path: test.info().outputPath('servers-inspector.png') });

  // The computer asks that DNS server.
  await select(page, 'PC-1');
  await setField(page, 'eth0 IPv4 address', '192.168.1.10/24');
  await connectTo(page, 'Switch-1');
  await setField(page, 'DNS servers', '192.168.1.53');
  await expect(inspector(page).getByLabel('DNS servers', { exact: true })).toHaveValue('192.168.1.53');

  const terminal = inspector(page).getByLabel('Terminal on PC-1');
  await runForm(page, 'Name to look up', 'nslookup', 'www.example.test');
  await expect(terminal).toContainText('Server:\t\t192.168.1.53', { timeout: 30_000 });
  await expect(terminal).toContainText('Address: 192.168.1.80', { timeout: 30_000 });

  await runForm(page, 'URL to browse', 'Browse', 'http://www.example.test/');
  await expect(terminal).toContainText('HTTP/1.1 200 OK', { timeout: 30_000 });
  await expect(terminal).toContainText('Welcome to www.example.test', { timeout: 30_000 });

  // The typed terminal: ss lists the browser's connection to the web server; an unknown command says how to get help.
  const commandLine = inspector(page).getByLabel('Command line on PC-1', { exact: true });
  await commandLine.fill('ss');
  await commandLine.press('Enter');
  await expect(terminal).toContainText('PC-1:~$ ss');
  await expect(terminal).toContainText(/TCP\s+192\.168\.1\.10:\d+\s+192\.168\.1\.80:80/);
  await commandLine.fill('ipconfig');
  await commandLine.press('Enter');
  await expect(terminal).toContainText('ipconfig: command not found. Type help for the commands this terminal knows.');
  await terminal.scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('servers-terminal.png') });
});
