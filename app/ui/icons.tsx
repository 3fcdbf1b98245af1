/**
 * Flintnet's own line icons: 24×24, 1.6px round strokes in currentColor, no fill,
 * so device icons and toolbar icons read as one family. Decorative by default
 * (aria-hidden); the control around an icon carries the accessible name.
 */
import type { ReactNode, SVGProps } from 'react';
import type { DeviceKind } from '../../sim-worker/document/schema';

type IconProps = Omit<SVGProps<SVGSVGElement>, 'children'> & { size?: number };

function Icon({ size = 18, children, ...rest }: IconProps & { children: ReactNode }) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.6}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
      {...rest}
    >
      {children}
    </svg>
  );
}

export function ComputerIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <rect x="3" y="4" width="18" height="12" rx="1.8" />
      <path d="M6.2 7.4c1.4-.5 2.9-.6 4.3-.3" />
      <path d="M12 16v3.6M8.4 20h7.2" />
    </Icon>
  );
}

export function SwitchIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <rect x="2.2" y="5.5" width="19.6" height="13" rx="2.2" />
      <path d="M6 10h11.4M15.4 8.1l2 1.9-2 1.9" />
      <path d="M18 14H6.6M8.6 12.1l-2 1.9 2 1.9" />
    </Icon>
  );
}

export function HubIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <rect x="2.2" y="10" width="19.6" height="8.5" rx="2.2" />
      <path d="M6 14.3h.01M10 14.3h.01M14 14.3h.01M18 14.3h.01" strokeWidth={2.4} />
      <path d="M12 10V4.5M7.6 10 5.2 5.6M16.4 10l2.4-4.4" />
    </Icon>
  );
}

export function RouterIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <circle cx="12" cy="12" r="8.5" />
      <path d="M12 5.5v5M9.8 8.2 12 5.5l2.2 2.7M12 18.5v-5M9.8 15.8l2.2 2.7 2.2-2.7M5.5 12h5M18.5 12h-5" />
    </Icon>
  );
}

/** A home router as it sits on a shelf: a low box with two antennas and its port lights. */
export function HomeRouterIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <rect x="2.5" y="12.5" width="19" height="7" rx="2" />
      <path d="M7 12.5 5.6 4.5M17 12.5l1.4-8" />
      <path d="M6.5 16h.01M9.5 16h.01M12.5 16h.01" strokeWidth={2.4} />
      <path d="M15.5 16h3" />
    </Icon>
  );
}

/** An ISP: the way out to the internet, drawn as the globe. */
export function IspIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <circle cx="12" cy="12" r="8.5" />
      <path d="M3.5 12h17M12 3.5c-2.6 2.4-3.8 5.3-3.8 8.5s1.2 6.1 3.8 8.5M12 3.5c2.6 2.4 3.8 5.3 3.8 8.5s-1.2 6.1-3.8 8.5" />
    </Icon>
  );
}

/** A virtual machine: a computer whose screen holds another, dashed, machine. */
export function VmIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <rect x="3" y="4" width="18" height="12" rx="1.8" />
      <rect x="7" y="7" width="10" height="6" rx="1" strokeDasharray="2 1.6" />
      <path d="M12 16v3.6M8.4 20h7.2" />
    </Icon>
  );
}

/** A server: a rack unit stack, each unit with its status light. */
export function ServerIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <rect x="4" y="3.5" width="16" height="7" rx="1.6" />
      <rect x="4" y="13.5" width="16" height="7" rx="1.6" />
      <path d="M7.5 7h.01M7.5 17h.01" strokeWidth={2.4} />
      <path d="M11 7h5.5M11 17h5.5" />
    </Icon>
  );
}

/** A DNS server: a server unit over a small tree of names. */
export function DnsServerIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <rect x="4" y="3.5" width="16" height="7" rx="1.6" />
      <path d="M7.5 7h.01" strokeWidth={2.4} />
      <path d="M11 7h5.5M12 10.5V14M6.5 20v-2.5a1 1 0 0 1 1-1h9a1 1 0 0 1 1 1V20M12 14v6" />
    </Icon>
  );
}

/** A web server: a server unit under a globe. */
export function WebServerIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <rect x="4" y="14" width="16" height="6.5" rx="1.6" />
      <path d="M7.5 17.25h.01" strokeWidth={2.4} />
      <circle cx="12" cy="7" r="4.5" />
      <path d="M7.5 7h9M12 2.5c-1.3 1.3-1.9 2.8-1.9 4.5s.6 3.2 1.9 4.5M12 2.5c1.3 1.3 1.9 2.8 1.9 4.5s-.6 3.2-1.9 4.5" />
    </Icon>
  );
}

export const PRESET_ICONS: Record<'dns-server' | 'web-server', (props: IconProps) => ReactNode> = {
  'dns-server': DnsServerIcon,
  'web-server': WebServerIcon,
};

export const DEVICE_ICONS: Record<DeviceKind, (props: IconProps) => ReactNode> = {
  computer: ComputerIcon,
  switch: SwitchIcon,
  hub: HubIcon,
  router: RouterIcon,
  'home-router': HomeRouterIcon,
  isp: IspIcon,
  vm: VmIcon,
  server: ServerIcon,
};

export function NewIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M14 3H6.8A1.8 1.8 0 0 0 5 4.8v14.4A1.8 1.8 0 0 0 6.8 21h10.4a1.8 1.8 0 0 0 1.8-1.8V8z" />
      <path d="M14 3v5h5M12 11.5v6M9 14.5h6" />
    </Icon>
  );
}

export function OpenIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M3 7.2V18a1.8 1.8 0 0 0 1.8 1.8h14.4A1.8 1.8 0 0 0 21 18V9.6a1.8 1.8 0 0 0-1.8-1.8h-7L10.4 5H4.8A1.8 1.8 0 0 0 3 6.8z" />
    </Icon>
  );
}

export function SaveIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M12 4v11M7.5 10.5 12 15l4.5-4.5" />
      <path d="M4 16.5v2.2A1.8 1.8 0 0 0 5.8 20.5h12.4a1.8 1.8 0 0 0 1.8-1.8v-2.2" />
    </Icon>
  );
}

export function UndoIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M8.5 5 4.5 9l4 4" />
      <path d="M4.5 9h9.8a5.2 5.2 0 0 1 0 10.4H10" />
    </Icon>
  );
}

export function RedoIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="m15.5 5 4 4-4 4" />
      <path d="M19.5 9H9.7a5.2 5.2 0 0 0 0 10.4H14" />
    </Icon>
  );
}

export function TrashIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M4.5 6.5h15M9.5 6.5V4.8c0-.5.4-.8.8-.8h3.4c.4 0 .8.3.8.8v1.7" />
      <path d="m6.3 6.5.9 12.6c.1.9.8 1.4 1.6 1.4h6.4c.8 0 1.5-.5 1.6-1.4l.9-12.6M10 10.5v6M14 10.5v6" />
    </Icon>
  );
}

export function CableIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <rect x="2.5" y="8.5" width="5" height="7" rx="1.2" />
      <rect x="16.5" y="8.5" width="5" height="7" rx="1.2" />
      <path d="M7.5 12c3-3.2 6-3.2 9 0" />
    </Icon>
  );
}

export function CloseIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="m6.5 6.5 11 11M17.5 6.5l-11 11" />
    </Icon>
  );
}

export function InfoIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <circle cx="12" cy="12" r="8.6" />
      <path d="M12 11v5.2M12 7.9h.01" />
    </Icon>
  );
}

export function WarningIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M10.4 4.6 3.2 17.3A1.8 1.8 0 0 0 4.8 20h14.4a1.8 1.8 0 0 0 1.6-2.7L13.6 4.6a1.8 1.8 0 0 0-3.2 0z" />
      <path d="M12 9.5v4.2M12 16.7h.01" />
    </Icon>
  );
}

/** The wordmark's flint: a knapped stone throwing a spark. */
export function FlintMark(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M5 19.5 3.8 13l4.4-6.6 7 1.3 2.4 6.3-5.1 5.2z" />
      <path d="m8.2 6.4 2.6 5.3 4.4-4M10.8 11.7l1.7 7.8M3.8 13l7-1.3 6.8 2.3" />
      <path d="M18.2 3.2v2.6M16.9 4.5h2.6" />
    </Icon>
  );
}
