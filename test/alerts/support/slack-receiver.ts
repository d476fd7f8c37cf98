import { startHttpReceiver, type Received, type Reply } from './http-receiver.js';

/** Slack's documented limits for incoming-webhook messages (Block Kit). */
const LIMITS = { blocks: 50, header: 150, sectionText: 3000, fields: 10, fieldText: 2000, buttonText: 75, url: 3000, contextElements: 10 };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function textObject(t: unknown, where: string, max: number, kinds: string[]): string[] {
  if (!isObj(t)) return [`${where}: missing text object`];
  const errs: string[] = [];
  if (!kinds.includes(String(t.type))) errs.push(`${where}: text type must be ${kinds.join('|')}`);
  if (typeof t.text !== 'string' || t.text.length === 0) errs.push(`${where}: empty text`);
  else if (t.text.length > max) errs.push(`${where}: text longer than ${max}`);
  return errs;
}

/** Checks a message against Block Kit's structure and limits; returns the problems (none = valid). */
export function validateSlackMessage(m: unknown): string[] {
  if (!isObj(m)) return ['body is not a JSON object'];
  const errs: string[] = [];
  if (typeof m.text !== 'string' || !m.text) errs.push('text (notification fallback) missing');
  if (!Array.isArray(m.blocks) || m.blocks.length === 0) return [...errs, 'blocks missing'];
  if (m.blocks.length > LIMITS.blocks) errs.push(`more than ${LIMITS.blocks} blocks`);
  m.blocks.forEach((b: unknown, i: number) => {
    const at = `blocks[${i}]`;
    if (!isObj(b)) return void errs.push(`${at}: not an object`);
    switch (b.type) {
      case 'header':
        errs.push(...textObject(b.text, at, LIMITS.header, ['plain_text']));
        break;
      case 'section':
        if (b.text === undefined && b.fields === undefined) errs.push(`${at}: section needs text or fields`);
        if (b.text !== undefined) errs.push(...textObject(b.text, at, LIMITS.sectionText, ['mrkdwn', 'plain_text']));
        if (b.fields !== undefined) {
          if (!Array.isArray(b.fields) || b.fields.length > LIMITS.fields) errs.push(`${at}: at most ${LIMITS.fields} fields`);
          else
            b.fields.forEach((f: unknown, j: number) =>
              errs.push(...textObject(f, `${at}.fields[${j}]`, LIMITS.fieldText, ['mrkdwn', 'plain_text'])),
            );
        }
        break;
      case 'actions':
        if (!Array.isArray(b.elements) || b.elements.length === 0 || b.elements.length > 25) errs.push(`${at}: 1-25 elements`);
        else
          b.elements.forEach((e: unknown, j: number) => {
            if (!isObj(e) || e.type !== 'button') return void errs.push(`${at}.elements[${j}]: not a button`);
            errs.push(...textObject(e.text, `${at}.elements[${j}]`, LIMITS.buttonText, ['plain_text']));
            if (typeof e.url !== 'string' || e.url.length > LIMITS.url || !/^https?:\/\//.test(e.url))
              errs.push(`${at}.elements[${j}]: bad url`);
          });
        break;
      case 'context':
        if (!Array.isArray(b.elements) || b.elements.length === 0 || b.elements.length > LIMITS.contextElements)
          errs.push(`${at}: 1-10 elements`);
        else
          b.elements.forEach((e: unknown, j: number) =>
            errs.push(...textObject(e, `${at}.elements[${j}]`, LIMITS.fieldText, ['mrkdwn', 'plain_text'])),
          );
        break;
      case 'divider':
        break;
      default:
        errs.push(`${at}: unknown block type ${String(b.type)}`);
    }
  });
  return errs;
}

/**
 * A Slack-compatible incoming webhook: 400 `invalid_blocks` for a message outside Block Kit's structure or
 * limits, 429 with Retry-After when a second message arrives within a second of the last accepted one (Slack's
 * one message per second per webhook), `ok` otherwise. `failNext` queues extra answers (e.g. one 429).
 */
export async function startSlackReceiver() {
  const invalid: Array<{ received: Received; errors: string[] }> = [];
  const rateLimited: Received[] = [];
  const receiver = await startHttpReceiver((r, accepted): Reply => {
    const errors = validateSlackMessage(r.json);
    if (errors.length) {
      invalid.push({ received: r, errors });
      return { status: 400, body: 'invalid_blocks' };
    }
    const last = accepted.at(-1);
    if (last && r.at - last.at < 1000) {
      rateLimited.push(r);
      return { status: 429, body: 'rate_limited', headers: { 'retry-after': '1' } };
    }
    return { status: 200, body: 'ok' };
  });
  return { ...receiver, invalid, rateLimited };
}

export type SlackReceiver = Awaited<ReturnType<typeof startSlackReceiver>>;
