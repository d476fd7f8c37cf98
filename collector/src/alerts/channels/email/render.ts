import { iso, since, stateWord, valueVsThreshold } from '../format.js';
import type { Notification } from '../types.js';

const html = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const COLOR: Record<string, string> = { Critical: '#c62828', Warning: '#ef6c00', Resolved: '#2e7d32', Test: '#1565c0' };

function rows(n: Notification): Array<[string, string]> {
  const e = n.event;
  const out: Array<[string, string]> = [
    ['Entity', `${e.entity.name} (${e.entity.type})`],
    ['Severity', e.severity],
  ];
  if (e.signal) out.push(['Signal', e.signal.name]);
  const vt = valueVsThreshold(e);
  if (vt) out.push(['Value', vt]);
  out.push(['Started', `${iso(e.startMs)} (${since(e)})`]);
  if (e.endMs !== undefined) out.push(['Ended', iso(e.endMs)]);
  if (e.host) out.push(['Host', e.host]);
  return out;
}

/** Subject, plain text and HTML of an alert e-mail. */
export function renderEmail(n: Notification): { subject: string; text: string; html: string } {
  const e = n.event;
  const word = stateWord(n);
  const subject = `[Argus] ${word}: ${e.title}`.replace(/[\r\n]+/g, ' ').slice(0, 250);
  const lines = [subject, '', e.text, '', ...rows(n).map(([k, v]) => `${k}: ${v}`)];
  if (e.rootCause) lines.push('', `Root cause: ${e.rootCause.name}`, e.rootCause.explanation);
  if (e.suggestion) lines.push('', `Suggestion: ${e.suggestion}`);
  const traces = e.exampleTraces ?? [];
  if (traces.length)
    lines.push('', 'Example traces:', ...traces.map((t) => `  ${t.service} ${t.endpoint}${t.error ? ' (error)' : ''}: ${t.link}`));
  lines.push('', `Open in Argus: ${e.link}`, '', `Argus ${e.type} ${e.id}`);
  const table = rows(n)
    .map(([k, v]) => `<tr><th align="left" style="padding:2px 12px 2px 0">${html(k)}</th><td>${html(v)}</td></tr>`)
    .join('');
  const body = [
    `<h2 style="color:${COLOR[word] ?? '#333'};margin:0 0 8px">${html(`${word}: ${e.title}`)}</h2>`,
    `<p>${html(e.text)}</p>`,
    `<table style="border-collapse:collapse">${table}</table>`,
    e.rootCause ? `<h3>Root cause: ${html(e.rootCause.name)}</h3><p>${html(e.rootCause.explanation)}</p>` : '',
    e.suggestion ? `<p><b>Suggestion:</b> ${html(e.suggestion)}</p>` : '',
    traces.length
      ? `<p><b>Example traces:</b></p><ul>${traces
          .map(
            (t) =>
              `<li><a href="${html(t.link)}">${html(t.traceId.slice(0, 16))}</a> ${html(`${t.service} ${t.endpoint}${t.error ? ' (error)' : ''}`)}</li>`,
          )
          .join('')}</ul>`
      : '',
    /^https?:\/\//.test(e.link) ? `<p><a href="${html(e.link)}">Open in Argus</a></p>` : '',
    `<p style="color:#777;font-size:12px">Argus ${html(e.type)} ${html(e.id)}</p>`,
  ].join('\n');
  return { subject, text: lines.join('\n'), html: `<!doctype html><html><body style="font-family:sans-serif">${body}</body></html>` };
}
