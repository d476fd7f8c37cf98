import { clip } from '../http.js';
import { since, stateWord, valueVsThreshold } from '../format.js';
import type { Notification } from '../types.js';

/** Slack's documented Block Kit limits (incoming webhooks). */
export const SLACK_LIMITS = {
  header: 150,
  sectionText: 3000,
  fields: 10,
  fieldText: 2000,
  blocks: 50,
  buttonText: 75,
  url: 3000,
  text: 3000,
};

type Block = Record<string, unknown>;
const EMOJI: Record<string, string> = {
  Critical: ':red_circle:',
  Warning: ':large_orange_circle:',
  Resolved: ':white_check_mark:',
  Test: ':test_tube:',
};

/** Escapes &, <, > as Slack's mrkdwn requires. */
export const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const md = (text: string, max: number) => ({ type: 'mrkdwn', text: clip(text, max) });

/**
 * The Block Kit message of a notification: header (state and title), the paragraph, fields (entity, signal,
 * value vs threshold, since), the root-cause line for incidents, a button to the Argus page, a context line.
 * Every text is cut to Slack's limits, so a long title or explanation never gets the message refused.
 */
export function slackMessage(n: Notification): { text: string; blocks: Block[] } {
  const e = n.event;
  const word = stateWord(n);
  const title = `${word}: ${e.title}`;
  const fields: Array<[string, string]> = [
    ['Entity', `${e.entity.name} (${e.entity.type})`],
    ['Severity', e.severity],
  ];
  if (e.signal) fields.push(['Signal', e.signal.name]);
  const vt = valueVsThreshold(e);
  if (vt) fields.push(['Value', vt]);
  fields.push([e.state === 'resolved' || n.kind === 'resolve' ? 'Lasted' : 'Since', since(e)]);
  if (e.host) fields.push(['Host', e.host]);
  const blocks: Block[] = [
    { type: 'header', text: { type: 'plain_text', text: clip(`${EMOJI[word] ?? ''} ${title}`.trim(), SLACK_LIMITS.header), emoji: true } },
    { type: 'section', text: md(esc(e.text || e.title), SLACK_LIMITS.sectionText) },
    {
      type: 'section',
      fields: fields.slice(0, SLACK_LIMITS.fields).map(([k, v]) => md(`*${esc(k)}*\n${esc(v)}`, SLACK_LIMITS.fieldText)),
    },
  ];
  if (e.rootCause) {
    blocks.push({
      type: 'section',
      text: md(`*Root cause:* ${esc(e.rootCause.name)}\n${esc(e.rootCause.explanation)}`, SLACK_LIMITS.sectionText),
    });
  }
  if (e.suggestion) blocks.push({ type: 'section', text: md(`*Suggestion:* ${esc(e.suggestion)}`, SLACK_LIMITS.sectionText) });
  const traces = (e.exampleTraces ?? []).filter((t) => /^https?:\/\//.test(t.link) && t.link.length <= 500);
  if (traces.length) {
    const lines = traces.map(
      (t) => `<${t.link}|${esc(t.traceId.slice(0, 16))}> ${esc(t.service)} ${esc(t.endpoint)}${t.error ? ' (error)' : ''}`,
    );
    blocks.push({ type: 'section', text: md(`*Example traces:*\n${lines.join('\n')}`, SLACK_LIMITS.sectionText) });
  }
  if (/^https?:\/\//.test(e.link) && e.link.length <= SLACK_LIMITS.url) {
    blocks.push({
      type: 'actions',
      elements: [{ type: 'button', text: { type: 'plain_text', text: clip('Open in Argus', SLACK_LIMITS.buttonText) }, url: e.link }],
    });
  }
  blocks.push({ type: 'context', elements: [md(esc(`Argus ${e.type} ${e.id}`), SLACK_LIMITS.fieldText)] });
  return { text: clip(`${title} (${e.entity.name})`, SLACK_LIMITS.text), blocks: blocks.slice(0, SLACK_LIMITS.blocks) };
}
