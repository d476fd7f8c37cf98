import type { AlertRule, AlertRuleConfig, AlertScope, AlertSignal } from '@argus/api';

export type RuleConfig = AlertRuleConfig;
export type Rule = AlertRule;
export type Signal = AlertSignal;
export type Scope = AlertScope;
export type Severity = 'warning' | 'critical';
