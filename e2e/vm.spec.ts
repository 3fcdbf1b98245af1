import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { addDevice, connectTo, device, select, settledBox } from './helpers';

test('a VM goes inside the computer it is dropped onto, drawn in the host’s group with a virtual switch', async ({ page }) => {
  await page.goto('/');
  await addDevice(page, 'Computer');
  await addDevice(page, 'Switch');
  await expect(device(page, 'Switch-1')).toBeVisible();
  await settledBox(device(page, 'PC-1'));
  await select(page, 'PC-1');
  await connectTo(page, 'Switch-1');
  const canvas = page.getByRole('main', { name: 'Canvas' });
  const vmButton = page.getByRole('complementary', { name: 'Palette' }).getByRole('button', { name: 'VM', exact: true });

  // Dropped on PC-1: inside it.
  await vmButton.dragTo(device(page, 'PC-1'));
  await expect(device(page, 'VM-1')).toBeVisible();
  await expect(canvas.getByLabel('PC-1 virtual switch', { exact: true })).toBeVisible();
  // Clicked with PC-1 selected (the keyboard's way): a second VM inside it.
  await select(page, 'PC-1');
  await vmButton.click();
  await expect(device(page, 'VM-2')).toBeVisible();

  await select(page, 'VM-2');
  const inspector = page.getByRole('complementary', { name: 'Inspector' });
  await inspector.getByRole('radio', { name: /^Host-only/ }).check();
  await expect(canvas.getByText('Host-only mode')).toBeVisible();
  // Its interface is on the host's virtual switch, not on a cable; it can be captured all the same (its DHCP exchange with the host).
  await expect(inspector.getByTitle('On PC-1’s virtual switch: its network mode wires it, not a cable')).toHaveText('→ virtual switch');
  await expect(inspector.getByText('no cable', { exact: true })).toHaveCount(0);
  await expect(inspector.getByLabel('eth0 IPv4 address (from DHCP)', { exact: true })).toHaveValue('192.168.56.101/24');
  const download = page.waitForEvent('download');
  await inspector.getByRole('button', { name: 'Save capture of VM-2 eth0' }).click();
  const file = join(tmpdir(), 'flintnet-e2e-vm.pcap');
  await (await download).saveAs(file);
  const protocols = execFileSync('tshark', ['-r', file, '-T', 'fields', '-e', 'frame.protocols'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  expect(protocols).toContain('eth:ethertype:ip:udp:dhcp');

  // Dropped on empty canvas: refused, with the reason.
  const canvasBox = (await canvas.boundingBox())!;
  await vmButton.dragTo(canvas, { targetPosition: { x: 40, y: canvasBox.height - 40 } });
  await expect(page.getByText('A VM runs inside a computer: drop it onto one')).toBeVisible();
  await expect(device(page, 'VM-3')).toHaveCount(0);
});
