/**
 * A fixed instant for test fixtures that is always inside the retention window: the start of the hour before the
 * one the test run started in, plus 123 ms. Data older than the retention TTL is dropped on insert, so fixtures
 * must never use calendar dates.
 */
export const TEST_BASE_MS = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3_600_000 + 123;
/** TEST_BASE_MS in nanoseconds, as OTLP carries it */
export const TEST_BASE_NS = BigInt(TEST_BASE_MS) * 1_000_000n;
/** TEST_BASE_NS + offset nanoseconds, as an OTLP/JSON decimal string */
export const testNanos = (offsetNs: bigint | number = 0): string => String(TEST_BASE_NS + BigInt(offsetNs));
