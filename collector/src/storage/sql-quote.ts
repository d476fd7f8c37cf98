/** Quoting for the few statements built from names and values that query parameters cannot carry (DDL, SETTINGS, PART). */

/** an identifier in backquotes (a table or column name) */
export const ident = (name: string) => `\`${name.replace(/[`\\]/g, (c) => `\\${c}`)}\``;

/** a string literal in single quotes, or a number as it is */
export const literal = (v: string | number) => (typeof v === 'number' ? String(v) : `'${v.replace(/[\\']/g, (c) => `\\${c}`)}'`);
