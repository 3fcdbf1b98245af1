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
  await page.getByRole('button', { name: 'Fit View' }).click();
  await settledBox(device(page, 'VM-2'));
  await page.screenshot({ path: '/tmp/vmshot/host-with-two-vms.png' });

  // Dropped on empty canvas: refused, with the reason.
  const canvasBox = (await canvas.boundingBox())!;
  await vmButton.dragTo(canvas, { targetPosition: { x: 40, y: canvasBox.height - 40 } });
  await expect(page.getByText('A VM runs inside a computer: drop it onto one')).toBeVisible();
  await expect(device(page, 'VM-3')).toHaveCount(0);
});
