/** Counters the tracer keeps about itself; exported with the runtime metrics. */
export interface TracerStats {
  /** spans handed to the exporter and acknowledged */
  exported: number;
  /** spans dropped because the bounded queue was full */
  droppedQueueFull: number;
  /** spans dropped because their export failed (agent/collector down or overloaded) */
  droppedExportFailed: number;
}

export function createStats(): TracerStats {
  return { exported: 0, droppedQueueFull: 0, droppedExportFailed: 0 };
}
