import type { Health, ServiceType } from '../api/types';

const LABEL: Record<Health, string> = { ok: 'Healthy', warning: 'Warning', critical: 'Critical', unknown: 'No calls' };

export function HealthDot({ health }: { health: Health }) {
  return <span className={`dot ${health}`} role="img" aria-label={LABEL[health]} title={LABEL[health]} />;
}

export function HealthBadge({ health }: { health: Health }) {
  return <span className={`badge ${health}`}>{LABEL[health]}</span>;
}

/** Small icons for a service's type (service, database, queue, external host). */
export function TypeIcon({ type, size = 14 }: { type: ServiceType; size?: number }) {
  const common = {
    width: size,
    height: size,
    viewBox: '0 0 16 16',
    'aria-hidden': true,
    fill: 'none',
    stroke: 'currentColor',
    strokeWidth: 1.4,
  };
  switch (type) {
    case 'database':
      return (
        <svg {...common}>
          <ellipse cx="8" cy="3.5" rx="5.5" ry="2" />
          <path d="M2.5 3.5v9c0 1.1 2.5 2 5.5 2s5.5-.9 5.5-2v-9M2.5 8c0 1.1 2.5 2 5.5 2s5.5-.9 5.5-2" />
        </svg>
      );
    case 'messaging':
      return (
        <svg {...common}>
          <rect x="1.5" y="4" width="13" height="8" rx="1.5" />
          <path d="M4.5 6.5v3M7 6.5v3M9.5 6.5v3M12 6.5v3" />
        </svg>
      );
    case 'external':
      return (
        <svg {...common}>
          <circle cx="8" cy="8" r="6" />
          <path d="M2 8h12M8 2c2 2 2 10 0 12M8 2c-2 2-2 10 0 12" />
        </svg>
      );
    default:
      return (
        <svg {...common}>
          <rect x="2" y="2.5" width="12" height="11" rx="2" />
          <path d="M5 6l2 2-2 2M8.5 10.5H11" />
        </svg>
      );
  }
}

export const TYPE_LABEL: Record<ServiceType, string> = {
  service: 'Service',
  database: 'Database',
  messaging: 'Queue',
  external: 'External',
};
