import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { addDevice, buildTwoComputersOnASwitch, device, select, setField, settledBox } from './helpers';

test('a learner builds PC-1 — Switch-1 — PC-2, pings, and steps back to the first ARP request', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByText(/Drag a Computer/i)).toBeVisible();
  await buildTwoComputersOnASwitch(page);

  await select(page, 'PC-1');
  const inspector = page.getByRole('complementary', { name: 'Inspector' });
  await inspector.getByLabel('Ping destination').fill('192.168.1.2');
  await inspector.getByLabel('Count').fill('3');
  await inspector.getByRole('button', { name: 'Ping', exact: true }).click();

  // The output reaches the terminal as playback reaches it: run playback at full speed.
  const playback = page.getByRole('region', { name: 'Playback' });
  await playback.getByLabel('Speed').selectOption({ label: 'Fast' });
  const terminal = inspector.getByLabel('Terminal on PC-1');
  await expect(terminal).toContainText('3 packets transmitted, 3 received, 0% packet loss', { timeout: 30_000 });
  await expect(terminal).toContainText('64 bytes from 192.168.1.2: icmp_seq=1 ttl=64');

  // Back to the start: the network's start-up comes first, PC-1 announcing its own address (gratuitous ARP).
  await playback.getByRole('button', { name: 'Pause' }).or(playback.getByRole('button', { name: 'Play' })).click();
  await playback.getByRole('button', { name: 'Reset' }).click();
  const events = page.getByRole('region', { name: 'Events' });
  await expect(events.locator('tr[aria-selected="true"]')).toContainText('ARP Announcement for 192.168.1.1');
  // Then the ping: its first line, then PC-1's ARP request, to everyone.
  await events.locator('tr').filter({ hasText: 'Who has 192.168.1.2? Tell 192.168.1.1' }).first().click();
  await expect(events.locator('tr[aria-selected="true"]')).toContainText('Who has 192.168.1.2? Tell 192.168.1.1');
  await playback.getByRole('button', { name: 'Step back' }).click();
  await expect(events.locator('tr[aria-selected="true"]')).toContainText('PING 192.168.1.2');
  await playback.getByRole('button', { name: 'Step forward' }).click();
  const osi = page.getByRole('region', { name: 'OSI layers' });
  await osi.getByRole('button', { name: /Data link/ }).click();
  await expect(osi).toContainText('ff:ff:ff:ff:ff:ff (broadcast)');

  // Forward to the switch's decision, and back again.
  await playback.getByRole('button', { name: 'Step forward' }).click();
  await expect(osi).toContainText('flooding out of p2');
  await playback.getByRole('button', { name: 'Step back' }).click();
  await expect(events.locator('tr[aria-selected="true"]')).toContainText('PC-1');
  await expect(osi).not.toContainText('flooding out of p2');

  // A reload loses nothing.
  await page.reload();
  await expect(device(page, 'PC-1')).toBeVisible();
  await expect(device(page, 'Switch-1')).toBeVisible();
  await expect(page.getByRole('main', { name: 'Canvas' }).getByText('192.168.1.1/24')).toBeVisible();
});

test('a cable can be drawn by dragging from one device to another', async ({ page }) => {
  await page.goto('/');
  await addDevice(page, 'Computer');
  await addDevice(page, 'Switch');
  const handle = device(page, 'PC-1').locator('.react-flow__handle').first();
  // The canvas glides to fit new devices: wait until they stand still before dragging.
  const from = await settledBox(handle);
  const to = await settledBox(device(page, 'Switch-1'));
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 12 });
  await page.mouse.up();
  const cable = page.getByRole('main', { name: 'Canvas' }).getByLabel(/^Cable (PC-1 eth0 to Switch-1 p1|Switch-1 p1 to PC-1 eth0)$/);
  await expect(cable).toHaveCount(1);
  // Undo takes the cable away again.
  await page.keyboard.press('Control+z');
  await expect(cable).toHaveCount(0);
});

test('an invalid address is explained inline and not applied', async ({ page }) => {
  await page.goto('/');
  await buildTwoComputersOnASwitch(page);
  await select(page, 'PC-2');
  const inspector = page.getByRole('complementary', { name: 'Inspector' });
  const field = inspector.getByLabel('eth0 IPv4 address', { exact: true });
  await field.fill('192.168.1.1/24');
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(inspector).toContainText('already used by PC-1 eth0');
  await field.press('Enter');
  await field.press('Escape');
  await expect(page.getByRole('main', { name: 'Canvas' }).getByText('192.168.1.2/24')).toBeVisible();
  await setField(page, 'eth0 gateway', '10.0.0.1');
  await expect(inspector).toContainText('not in 192.168.1.0/24');
});

test('opening a broken file is refused with a message and the network is kept', async ({ page }) => {
  await page.goto('/');
  await buildTwoComputersOnASwitch(page);
  const broken = join(tmpdir(), 'flintnet-broken.json');
  writeFileSync(broken, JSON.stringify({ format: 'flintnet', version: 99, devices: [], links: [] }));
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: /Open/ }).click();
  await (await chooser).setFiles(broken);
  await expect(page.getByRole('alert').filter({ hasText: 'newer Flintnet' })).toBeVisible();
  await expect(device(page, 'PC-1')).toBeVisible();
  await expect(device(page, 'PC-2')).toBeVisible();

  const notJson = join(tmpdir(), 'flintnet-not-json.json');
  writeFileSync(notJson, 'this is not a network');
  const chooser2 = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: /Open/ }).click();
  await (await chooser2).setFiles(notJson);
  await expect(page.getByRole('alert').filter({ hasText: /not valid JSON/i })).toBeVisible();
  await expect(device(page, 'Switch-1')).toBeVisible();
});

test('a capture of the whole network opens in tshark with no malformed packets or bad checksums', async ({ page }) => {
  await page.goto('/');
  await buildTwoComputersOnASwitch(page);
  await select(page, 'PC-1');
  const inspector = page.getByRole('complementary', { name: 'Inspector' });
  await inspector.getByLabel('Ping destination').fill('192.168.1.2');
  await inspector.getByLabel('Count').fill('2');
  await inspector.getByRole('button', { name: 'Ping', exact: true }).click();
  const playback = page.getByRole('region', { name: 'Playback' });
  await expect(playback).not.toContainText(/running/i, { timeout: 20_000 });

  const download = page.waitForEvent('download');
  await playback.getByRole('button', { name: /Save capture/ }).click();
  const file = join(tmpdir(), 'flintnet-e2e.pcap');
  await (await download).saveAs(file);
  expect(readFileSync(file).length).toBeGreaterThan(24);

  const tshark = (...args: string[]) => execFileSync('tshark', ['-r', file, '-o', 'ip.check_checksum:TRUE', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const protocols = tshark('-T', 'fields', '-e', 'frame.protocols').trim().split('\n');
  expect(protocols).toContain('eth:ethertype:arp');
  expect(protocols).toContain('eth:ethertype:ip:icmp:data');
  const ipChecksums = tshark('-T', 'fields', '-e', 'ip.checksum.status').split('\n').filter(Boolean);
  expect(ipChecksums.length).toBeGreaterThan(0);
  expect(ipChecksums.every((status) => status === '1')).toBe(true);
  expect(tshark('-Y', '_ws.malformed || _ws.expert.severity >= warning')).toBe('');
});

test('after a long trace was scrolled, a new network’s events still show in the list', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('Network file').setInputFiles('public/examples/home-reaches-a-web-site.json');
  const events = page.getByRole('region', { name: 'Events' });
  await expect(events.getByText(/^\d{3,} events$/)).toBeVisible();
  await events.locator('.event-list__scroller').evaluate((scroller) => scroller.scrollTo(0, scroller.scrollHeight));

  await page.getByRole('button', { name: 'New', exact: true }).click();
  await page.getByRole('button', { name: 'Start new network' }).click();
  await addDevice(page, 'Home router');
  await expect(events.locator('tr').filter({ hasText: 'DHCPDISCOVER on wan' }).first()).toBeVisible();
});
