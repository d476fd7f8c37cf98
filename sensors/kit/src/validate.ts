/** Shape checks for what sensors return; used by the conformance suite and by the agent before export. */
import type { CollectResult, EntitySnapshot, MetricPoint, SensorEvent } from './types.js';

const METRIC_NAME = /^[A-Za-z][A-Za-z0-9_./-]*$/;

const isAttrValue = (v: unknown) => typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));

function attrsProblem(attrs: unknown, where: string): string | null {
  if (attrs === undefined) return null;
  if (typeof attrs !== 'object' || attrs === null || Array.isArray(attrs)) return `${where}: attributes must be an object`;
  // for-in, not Object.entries: this runs for every point every second (no array of pairs per object)
  const a = attrs as Record<string, unknown>;
  for (const k in a) if (Object.hasOwn(a, k) && !isAttrValue(a[k])) return `${where}: attribute ${k} has a non-scalar value`;
  return null;
}

/** names already checked against METRIC_NAME (a sensor reports the same few names every second) */
const validNames = new Set<string>();
const nameOk = (name: unknown): boolean => {
  if (typeof name !== 'string') return false;
  if (validNames.has(name)) return true;
  if (!METRIC_NAME.test(name)) return false;
  if (validNames.size < 10_000) validNames.add(name);
  return true;
};

export function metricProblem(m: MetricPoint): string | null {
  if (!nameOk(m.name)) return `metric name ${JSON.stringify(m.name)} is invalid`;
  if (typeof m.value !== 'number' || !Number.isFinite(m.value)) return `metric ${m.name}: value must be a finite number`;
  if (m.kind !== undefined && m.kind !== 'gauge' && m.kind !== 'counter') return `metric ${m.name}: kind must be gauge|counter`;
  if (m.kind === 'counter' && m.value < 0) return `metric ${m.name}: counter must not be negative`;
  return attrsProblem(m.attributes, `metric ${m.name}`);
}

export function snapshotProblem(s: EntitySnapshot): string | null {
  if (typeof s.id !== 'string' || !s.id.includes(':')) return `snapshot id ${JSON.stringify(s.id)} must look like <type>:<key>`;
  if (typeof s.type !== 'string' || s.type === '') return `snapshot ${s.id}: type is required`;
  if (typeof s.name !== 'string') return `snapshot ${s.id}: name must be a string`;
  return attrsProblem(s.attributes ?? {}, `snapshot ${s.id}`);
}

export function eventProblem(e: SensorEvent): string | null {
  if (!['info', 'warning', 'critical'].includes(e.severity)) return `event severity ${JSON.stringify(e.severity)} is invalid`;
  if (typeof e.code !== 'string' || !/^[A-Z0-9_]+$/.test(e.code)) return `event code ${JSON.stringify(e.code)} must be UPPER_SNAKE`;
  if (typeof e.message !== 'string' || e.message === '') return `event ${e.code}: message is required`;
  return null;
}

/** All problems of a collect result (empty when well-formed). */
export function collectResultProblems(r: CollectResult): string[] {
  if (!r || !Array.isArray(r.metrics)) return ['collect must resolve to { metrics: MetricPoint[] }'];
  const out: string[] = [];
  for (const m of r.metrics) {
    const p = metricProblem(m);
    if (p) out.push(p);
  }
  for (const s of r.snapshots ?? []) {
    const p = snapshotProblem(s);
    if (p) out.push(p);
  }
  for (const e of r.events ?? []) {
    const p = eventProblem(e);
    if (p) out.push(p);
  }
  return out;
}
