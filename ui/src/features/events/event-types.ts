/** Events of the alerting API (GET /api/v1/events, /incidents/:id): changes, issues and incidents (docs/api.md "Alerts"). */

import type { AlertEventView } from '@argus/api';

/** One change, issue or incident (type-only alias of @argus/api's alertEvent). */
export type AlertEvent = AlertEventView;
export type AlertEventType = AlertEvent['type'];
export type AlertSeverity = AlertEvent['severity'];
