/** ISO-8601 text of a time in ms, as the accounts routes answer times */
export const iso = (ms: number) => new Date(ms).toISOString();
