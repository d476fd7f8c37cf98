export type { RuleConfig, Rule, Signal, Scope } from '../schema/rules.js';
export type Severity = 'warning' | 'critical';
