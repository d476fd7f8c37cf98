/** Version of the tracer, sent as telemetry.sdk.version (kept in step with package.json). */
export const TRACER_VERSION = '0.1.0';
