import type { GraphNode } from './graph.js';
import type { RankedCause } from './root-cause.js';

const clock = (ms: number) => new Date(ms).toISOString().slice(11, 19) + ' UTC';

export function describeNode(n: GraphNode): string {
  if (n.kind === 'entity') return `${n.entityType ?? 'entity'} ${n.name}`;
  if (n.kind === 'service') return `service ${n.name}`;
  return `${n.kind} ${n.name}`;
}

/**
 * One paragraph naming the root cause, what is wrong with it since when, the changes on it, and what it
 * explains; plus what the runner-up was, so a reader can judge the choice.
 */
export function explainRootCause(top: RankedCause, affected: GraphNode[], runnerUp?: RankedCause): string {
  const parts: string[] = [];
  const what = describeNode(top.node);
  const anomalies = [...top.anomalies].sort((a, b) => a.since - b.since);
  if (anomalies.length)
    parts.push(
      `${what} is the most downstream failing component: ${anomalies.map((a) => `${a.summary} since ${clock(a.since)}`).join('; ')}.`,
    );
  else parts.push(`${what} is the most downstream component showing the problem.`);
  const changes = [...top.changes].sort((a, b) => b.at - a.at).slice(0, 3);
  if (changes.length)
    parts.push(`Recent change${changes.length > 1 ? 's' : ''} on it: ${changes.map((c) => `${c.summary} at ${clock(c.at)}`).join('; ')}.`);
  const others = top.explains.filter((id) => id !== top.node.id);
  const names = affected.filter((n) => others.includes(n.id)).map(describeNode);
  if (names.length)
    parts.push(
      `It explains the problems of ${names.slice(0, 6).join(', ')}${names.length > 6 ? ` and ${names.length - 6} more` : ''}, which depend on it.`,
    );
  if (runnerUp)
    parts.push(`Next candidate: ${describeNode(runnerUp.node)} (explains ${runnerUp.explains.length} of the affected components).`);
  return parts.join(' ');
}
