import type { AlertEventView } from '@argus/api';

export type EventType = AlertEventView['type'];
export type EventSeverity = AlertEventView['severity'];
export type EventState = AlertEventView['state'];
export type EntityRef = AlertEventView['entity'];

/** A change, an issue or an incident, as stored in alert_events; the API answers it without `tenant` (`eventView`). */
export type AlertEvent = AlertEventView & { tenant: string };

/** The API view of an event (@argus/api `alertEvent`): every field but the tenant. */
export function eventView(e: AlertEvent): AlertEventView {
  const { tenant: _tenant, ...view } = e;
  return view;
}
