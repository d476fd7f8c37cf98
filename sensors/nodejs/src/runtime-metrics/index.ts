import type { Meter } from '@opentelemetry/api';
import type { TracerStats } from '../stats.js';
import { registerEventLoop } from './event-loop.js';
import { registerGc } from './gc.js';
import { registerMemory } from './memory.js';
import { registerProcess } from './process.js';
import { registerTracerStats } from './tracer-stats.js';

/** Registers every runtime metric on `meter`; returns a function that unregisters them. */
export function registerRuntimeMetrics(meter: Meter, stats: TracerStats): () => void {
  const stops = [
    registerEventLoop(meter),
    registerMemory(meter),
    registerGc(meter),
    registerProcess(meter),
    registerTracerStats(meter, stats),
  ];
  return () => stops.forEach((stop) => stop());
}
