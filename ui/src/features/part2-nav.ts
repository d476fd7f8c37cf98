export interface NavItem {
  to: '/infrastructure' | '/websites' | '/events' | '/alerts' | '/settings/channels';
  label: string;
  /** `g <key>` jumps there */
  key: string;
  /** an SVG path in a 24 x 24 box */
  icon: string;
}

/** Navigation entries of the infrastructure, websites, events and alerting views (the frame renders them as groups). */
export const PART2_NAV: ReadonlyArray<{ group: string; items: readonly NavItem[] }> = [
  {
    group: 'Infrastructure',
    items: [
      { to: '/infrastructure', label: 'Infrastructure', key: 'i', icon: 'M4 20V9h4v11M10 20V4h4v16M16 20v-8h4v8M3 20h18' },
      { to: '/websites', label: 'Websites', key: 'w', icon: 'M3 5h18v14H3zM3 9h18M6 7h.01M9 7h.01' },
      { to: '/events', label: 'Events', key: 'e', icon: 'M12 3v3M12 18v3M5 12H3M21 12h-2M12 8a4 4 0 1 1 0 8 4 4 0 0 1 0-8z' },
    ],
  },
  {
    group: 'Alerting',
    items: [
      { to: '/alerts', label: 'Alerts', key: 'a', icon: 'M12 3a6 6 0 0 0-6 6v4l-2 3h16l-2-3V9a6 6 0 0 0-6-6zM10 19a2 2 0 0 0 4 0' },
      { to: '/settings/channels', label: 'Channels', key: 'c', icon: 'M4 6h16v10H8l-4 4zM8 10h8M8 13h5' },
    ],
  },
];

/** `g <key>` shortcuts of these entries, for the shortcuts list. */
export const PART2_KEYS: Array<[string, string]> = PART2_NAV.flatMap((g) => g.items.map((n): [string, string] => [`g ${n.key}`, n.label]));
