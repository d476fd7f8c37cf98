import { z } from 'zod';

const compiles = (source: string) => {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
};

/** A sensor setting holding a regular expression: `def` when unset, rejected (naming `what`) when it does not compile. */
export const regexSetting = (what: string, def: string) =>
  z.string().default(def).refine(compiles, `${what} must be a valid regular expression`);
