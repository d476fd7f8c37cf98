import { memo } from 'react';
import type { Health, ServiceType } from '../../api/types';

export const NODE_W = 190;
export const NODE_H = 48;
/** the column the health disc is centred in */
const DISC_BOX = 40;

const HEALTH_LABEL: Record<Health, string> = { ok: 'healthy', warning: 'warning', critical: 'critical', unknown: 'no calls' };

export interface ServiceNodeProps {
  id: string;
  name: string;
  type: ServiceType;
  health: Health;
  metric: string;
  /** 0..1: the node's share of the largest value of the size metric */
  scale: number;
  dim: boolean;
  focus: boolean;
  x: number;
  y: number;
}

/**
 * A map node: a circle sized by the chosen metric and colored by health with the type icon as its background image
 * (one element, no SVG per node), the name and the value. Plain elements placed by transform; clicks and keys are handled once for
 * all nodes by NodeLayer. Its accessible name is its text (the title, with the health, where zoomed out).
 */
export const ServiceNode = memo(function ServiceNode({ id, name, type, health, metric, scale, dim, focus, x, y }: ServiceNodeProps) {
  const d = 16 + scale * 22;
  const icon = Math.max(11, d * 0.5);
  return (
    <div
      className={`map-node ${health}${dim ? ' dim' : ''}${focus ? ' focus' : ''}`}
      data-id={id}
      style={{ transform: `translate(${x}px,${y}px)` }}
      title={`${name} (${HEALTH_LABEL[health]})`}
      role="button"
      tabIndex={0}
      aria-pressed={focus}
    >
      <span
        className={`map-disc map-icon ${health} ${type}`}
        style={{ width: d, height: d, margin: `0 ${(DISC_BOX - d) / 2}px`, backgroundSize: `${icon}px` }}
      />
      <div className="map-node-text">
        <div className="map-node-name">{name}</div>
        <div className="map-node-metric">{metric}</div>
      </div>
    </div>
  );
});
