import { z } from 'zod';
import {
  alertBlueprintsResponse,
  alertBody,
  alertChannelBody,
  alertChannelsResponse,
  alertChannelView,
  alertConfiguration,
  alertImportResponse,
  alertsResponse,
  alertView,
  channelTestResponse,
  detectThresholdBody,
  detectThresholdResponse,
} from './alerts.js';
import {
  alertEvent,
  alertEventParams,
  alertEventsQuery,
  alertEventsResponse,
  alertNotificationsQuery,
  alertNotificationsResponse,
  incidentResponse,
} from './alerts-events.js';
import { route } from './route.js';

const t = 'alerts';
const idParams = z.object({ id: z.string().max(64) });
const channelNotFound = { status: 404, code: 'ALERT_CHANNEL_NOT_FOUND', when: 'no channel with this id in the tenant' } as const;
const alertNotFound = { status: 404, code: 'ALERT_NOT_FOUND', when: 'no alert with this id in the tenant' } as const;
const eventNotFound = { status: 404, code: 'ALERT_EVENT_NOT_FOUND', when: 'no such event (or not an incident/issue)' } as const;
const channelInvalid = [
  { status: 400, code: 'ALERT_CHANNEL_INVALID', when: "the type's options are wrong (the message names the field)" },
  { status: 400, code: 'ALERT_CHANNEL_UNKNOWN_TYPE', when: 'not slack, webhook, pagerduty or email' },
] as const;
const alertInvalid = [
  { status: 400, code: 'ALERT_INVALID', when: 'a field is wrong or missing (the message names it), or an unknown channel id' },
  { status: 400, code: 'ALERT_UNKNOWN_BLUEPRINT', when: 'no such blueprint (the message lists them)' },
] as const;
const deleted = z.object({ deleted: z.string() });

/**
 * The alerting routes, by operation id. Bodies of channels and alerts are validated by the collector with the
 * schemas above and answer the domain's own codes (ALERT_CHANNEL_INVALID, ALERT_INVALID ...) instead of
 * INVALID_PARAM; `bodyType`/`responseType` mark the YAML routes (alerts as code).
 */
export const alertRoutes = {
  listAlertChannels: route({
    method: 'get',
    path: '/alert-channels',
    tag: t,
    summary: 'Alert channels (secrets redacted)',
    response: alertChannelsResponse,
  }),
  createAlertChannel: route({
    method: 'post',
    path: '/alert-channels',
    tag: t,
    summary: 'Create a channel: Slack, webhook (Standard Webhooks), PagerDuty or e-mail',
    body: alertChannelBody,
    status: 201,
    response: alertChannelView,
    errors: channelInvalid,
  }),
  getAlertChannel: route({
    method: 'get',
    path: '/alert-channels/:id',
    tag: t,
    summary: 'One channel (secrets redacted)',
    params: idParams,
    response: alertChannelView,
    errors: [channelNotFound],
  }),
  updateAlertChannel: route({
    method: 'put',
    path: '/alert-channels/:id',
    tag: t,
    summary: 'Replace a channel ("<redacted>" keeps the stored secret)',
    params: idParams,
    body: alertChannelBody,
    response: alertChannelView,
    errors: [channelNotFound, ...channelInvalid],
  }),
  deleteAlertChannel: route({
    method: 'delete',
    path: '/alert-channels/:id',
    tag: t,
    summary: 'Delete a channel no alert uses',
    params: idParams,
    response: deleted,
    errors: [channelNotFound, { status: 409, code: 'ALERT_CHANNEL_IN_USE', when: 'alerts still use it (the message names them)' }],
  }),
  testAlertChannel: route({
    method: 'post',
    path: '/alert-channels/:id/test',
    tag: t,
    summary: 'Send a test message now and answer with the delivery result',
    params: idParams,
    response: channelTestResponse,
    errors: [
      channelNotFound,
      { status: 502, code: 'ALERT_CHANNEL_TEST_FAILED', when: 'the receiver did not accept it (the message says why)' },
    ],
  }),
  listAlertBlueprints: route({
    method: 'get',
    path: '/alerts/blueprints',
    tag: t,
    summary: 'The blueprints an alert can be made from',
    response: alertBlueprintsResponse,
  }),
  exportAlerts: route({
    method: 'get',
    path: '/alerts/export',
    tag: t,
    summary: 'Every channel and alert of the tenant as one YAML document (alerts as code)',
    query: z.object({ secrets: z.enum(['true', 'false']).optional().meta({ description: 'true: include secrets (default redacted)' }) }),
    response: alertConfiguration,
    responseType: 'application/yaml',
  }),
  importAlerts: route({
    method: 'post',
    path: '/alerts/import',
    tag: t,
    summary: 'Apply a YAML document (JSON is YAML too): merge, or replace (deletes what the file lacks); a bad file changes nothing',
    query: z.object({ mode: z.enum(['merge', 'replace']).default('merge') }),
    body: alertConfiguration,
    bodyType: 'application/yaml',
    response: alertImportResponse,
    errors: [
      { status: 400, code: 'ALERT_IMPORT_INVALID', when: 'not YAML, wrong apiVersion, or an invalid channel/alert (the message names it)' },
      { status: 413, code: 'BODY_TOO_LARGE', when: 'over 2 MB' },
    ],
  }),
  detectAlertThreshold: route({
    method: 'post',
    path: '/alerts/detect-threshold',
    tag: t,
    summary: 'Suggest static thresholds for a service or endpoint blueprint from the last days',
    body: detectThresholdBody,
    response: detectThresholdResponse,
    errors: alertInvalid,
  }),
  listAlerts: route({ method: 'get', path: '/alerts', tag: t, summary: 'Alerts with their evaluation status', response: alertsResponse }),
  createAlert: route({
    method: 'post',
    path: '/alerts',
    tag: t,
    summary: 'Create an alert from a blueprint or the full form',
    body: alertBody,
    status: 201,
    response: alertView,
    errors: alertInvalid,
  }),
  getAlert: route({
    method: 'get',
    path: '/alerts/:id',
    tag: t,
    summary: 'One alert with its series: value, threshold, baseline, open issue',
    params: idParams,
    response: alertView,
    errors: [alertNotFound],
  }),
  updateAlert: route({
    method: 'put',
    path: '/alerts/:id',
    tag: t,
    summary: 'Replace an alert (either form)',
    params: idParams,
    body: alertBody,
    response: alertView,
    errors: [alertNotFound, ...alertInvalid],
  }),
  deleteAlert: route({
    method: 'delete',
    path: '/alerts/:id',
    tag: t,
    summary: 'Delete an alert',
    params: idParams,
    response: deleted,
    errors: [alertNotFound],
  }),
  enableAlert: route({
    method: 'post',
    path: '/alerts/:id/enable',
    tag: t,
    summary: 'Enable an alert',
    params: idParams,
    response: alertView,
    errors: [alertNotFound],
  }),
  disableAlert: route({
    method: 'post',
    path: '/alerts/:id/disable',
    tag: t,
    summary: 'Disable an alert',
    params: idParams,
    response: alertView,
    errors: [alertNotFound],
  }),
  listAlertEvents: route({
    method: 'get',
    path: '/events',
    tag: t,
    summary: 'Changes, issues and incidents, newest first (default: the last 24 h)',
    query: alertEventsQuery,
    response: alertEventsResponse,
  }),
  getAlertEvent: route({
    method: 'get',
    path: '/events/:id',
    tag: t,
    summary: 'One change, issue or incident',
    params: alertEventParams,
    response: alertEvent,
    errors: [eventNotFound],
  }),
  getIncident: route({
    method: 'get',
    path: '/incidents/:id',
    tag: t,
    summary: 'An incident: root cause and explanation, candidates, example traces, triggers, related issues and changes, timeline',
    params: alertEventParams,
    response: incidentResponse,
    errors: [eventNotFound],
  }),
  acknowledgeIncident: route({
    method: 'post',
    path: '/incidents/:id/acknowledge',
    tag: t,
    summary: 'Acknowledge an incident (or an issue)',
    params: alertEventParams,
    response: alertEvent,
    errors: [eventNotFound],
  }),
  closeIncident: route({
    method: 'post',
    path: '/incidents/:id/close',
    tag: t,
    summary: 'Close an incident (or an issue) by hand: its channels get the resolve',
    params: alertEventParams,
    response: alertEvent,
    errors: [eventNotFound, { status: 409, code: 'ALERT_EVENT_NOT_OPEN', when: 'already resolved or closed' }],
  }),
  listAlertNotifications: route({
    method: 'get',
    path: '/alert-notifications',
    tag: t,
    summary: 'The delivery log: notifications with every attempt',
    query: alertNotificationsQuery,
    response: alertNotificationsResponse,
  }),
};
export type AlertRouteId = keyof typeof alertRoutes;
