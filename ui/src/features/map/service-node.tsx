import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { Health, ServiceType } from '../../api/types';
import { TypeIcon } from '../../components/health';

export const NODE_W = 190;
export const NODE_H = 48;

export type ServiceNodeData = {
  name: string;
  type: ServiceType;
  health: Health;
  metric: string;
  /** 0..1: the node's share of the largest value of the size metric */
  scale: number;
  dim: boolean;
  focus: boolean;
  vertical: boolean;
};

export type ServiceNodeType = Node<ServiceNodeData, 'service'>;

/** A map node: a circle sized by the chosen metric and colored by health, the type icon, the name and the value. */
export const ServiceNode = memo(function ServiceNode({ data }: NodeProps<ServiceNodeType>) {
  const d = 16 + data.scale * 22;
  return (
    <div className={`map-node ${data.health}${data.dim ? ' dim' : ''}${data.focus ? ' focus' : ''}`} title={data.name}>
      <Handle type="target" position={data.vertical ? Position.Top : Position.Left} isConnectable={false} />
      <div className="map-node-disc">
        <span className={`map-disc ${data.health}`} style={{ width: d, height: d }}>
          <TypeIcon type={data.type} size={Math.max(11, d * 0.5)} />
        </span>
      </div>
      <div className="map-node-text">
        <div className="map-node-name">{data.name}</div>
        <div className="map-node-metric">{data.metric}</div>
      </div>
      <Handle type="source" position={data.vertical ? Position.Bottom : Position.Right} isConnectable={false} />
    </div>
  );
});
