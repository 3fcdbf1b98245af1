import { expect, type Locator, type Page } from '@playwright/test';

/** A device node on the canvas, by hostname (exact, so "PC-1" is not "PC-10" or a cable "PC-1 eth0 …"). */
export function device(page: Page, name: string) {
  return page.getByRole('main', { name: 'Canvas' }).getByLabel(name, { exact: true });
}

export async function addDevice(page: Page, kind: 'Computer' | 'Switch' | 'Hub' | 'Router' | 'Home router' | 'ISP') {
  await page.getByRole('region', { name: 'Palette' }).or(page.getByRole('complementary', { name: 'Palette' })).getByRole('button', { name: kind, exact: true }).click();
}

/** Clicks a device until the inspector shows it: a click while the canvas is still fitting its view can miss. */
export async function select(page: Page, name: string) {
  const nameField = page.getByRole('complementary', { name: 'Inspector' }).getByLabel('Name', { exact: true });
  await expect(async () => {
    await device(page, name).click();
    await expect(nameField).toHaveValue(name, { timeout: 1_000 });
  }).toPass({ timeout: 10_000 });
}

/** Types into an inspector field and presses Enter, which applies a valid value. */
export async function setField(page: Page, label: string, value: string) {
  const field = page.getByRole('complementary', { name: 'Inspector' }).getByLabel(label, { exact: true });
  await field.fill(value);
  await field.press('Enter');
}

/** Cables the selected device to another one through the inspector's keyboard path. */
export async function connectTo(page: Page, other: string) {
  const inspector = page.getByRole('complementary', { name: 'Inspector' });
  await inspector.getByLabel('Connect to', { exact: true }).selectOption({ label: other });
  await inspector.getByRole('button', { name: 'Connect', exact: true }).click();
}

/** PC-1 192.168.1.1/24 — Switch-1 — PC-2 192.168.1.2/24, built only through the UI. */
export async function buildTwoComputersOnASwitch(page: Page) {
  await addDevice(page, 'Computer');
  await addDevice(page, 'Computer');
  await addDevice(page, 'Switch');
  await expect(device(page, 'PC-1')).toBeVisible();
  await expect(device(page, 'PC-2')).toBeVisible();
  await expect(device(page, 'Switch-1')).toBeVisible();

  await select(page, 'PC-1');
  await setField(page, 'eth0 IPv4 address', '192.168.1.1/24');
  await connectTo(page, 'Switch-1');
  await select(page, 'PC-2');
  await setField(page, 'eth0 IPv4 address', '192.168.1.2/24');
  await connectTo(page, 'Switch-1');
  await expect(page.getByRole('main', { name: 'Canvas' }).getByText('192.168.1.2/24')).toBeVisible();
}

/** The element's box once it has stopped moving (the canvas animates its viewport). */
export async function settledBox(locator: Locator) {
  let last = await locator.boundingBox();
  for (let i = 0; i < 50; i++) {
    await locator.page().waitForTimeout(100);
    const box = await locator.boundingBox();
    if (box && last && box.x === last.x && box.y === last.y && box.width === last.width) return box;
    last = box;
  }
  throw new Error('the element never stopped moving');
}

/**
 * Two LANs joined by a router, built only through the UI:
 * PC-1 192.168.1.10/24 — Switch-1 — Router-1 eth0 192.168.1.1/24 | eth1 192.168.2.1/24 — Switch-2 — PC-2 192.168.2.10/24,
 * each computer with its side's router address as gateway.
 */
export async function buildTwoLansJoinedByARouter(page: Page) {
  for (const kind of ['Computer', 'Computer', 'Switch', 'Switch', 'Router'] as const) await addDevice(page, kind);
  for (const name of ['PC-1', 'PC-2', 'Switch-1', 'Switch-2', 'Router-1']) await expect(device(page, name)).toBeVisible();

  for (const [pc, lan] of [['PC-1', 1], ['PC-2', 2]] as const) {
    await select(page, pc);
    await setField(page, 'eth0 IPv4 address', `192.168.${lan}.10/24`);
    await setField(page, 'eth0 gateway', `192.168.${lan}.1`);
    await connectTo(page, `Switch-${lan}`);
  }
  await select(page, 'Router-1');
  await setField(page, 'eth0 IPv4 address', '192.168.1.1/24');
  await connectTo(page, 'Switch-1');
  await setField(page, 'eth1 IPv4 address', '192.168.2.1/24');
  await connectTo(page, 'Switch-2');
  const canvas = page.getByRole('main', { name: 'Canvas' });
  await expect(canvas.getByLabel(/^Cable (Router-1 eth1 to Switch-2 p\d|Switch-2 p\d to Router-1 eth1)$/)).toHaveCount(1);
  await expect(canvas.getByText('192.168.2.10/24')).toBeVisible();
}

/** Runs a command (Ping, Traceroute) from the selected device's inspector, with playback at full speed. */
export async function runCommand(page: Page, command: 'Ping' | 'Traceroute', target: string) {
  const inspector = page.getByRole('complementary', { name: 'Inspector' });
  await inspector.getByLabel(`${command} destination`, { exact: true }).fill(target);
  await inspector.getByRole('button', { name: command, exact: true }).click();
  await page.getByRole('region', { name: 'Playback' }).getByLabel('Speed').selectOption({ label: 'Fast' });
}

/** The toolbar's Undo button (Ctrl+Z does the same outside text fields). */
export async function undo(page: Page) {
  await page.getByRole('button', { name: /^Undo/ }).click();
}

/** Switches an interface of the selected device between Static and DHCP. */
export async function chooseAddressing(page: Page, interfaceName: string, addressing: 'Static' | 'DHCP') {
  const inspector = page.getByRole('complementary', { name: 'Inspector' });
  await inspector.getByRole('radiogroup', { name: `${interfaceName} IPv4 addressing` }).getByRole('radio', { name: addressing, exact: true }).check();
}

/** Turns on the selected device's DHCP server on one interface, with the pool the inspector proposes. */
export async function enableDhcpServer(page: Page, interfaceName: string) {
  const inspector = page.getByRole('complementary', { name: 'Inspector' });
  await inspector.getByRole('button', { name: `Enable DHCP server on ${interfaceName}`, exact: true }).click();
  await expect(inspector.getByLabel(`${interfaceName} Pool start`, { exact: true })).toBeVisible();
}
