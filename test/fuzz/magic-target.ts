/**
 * A target for the harness's own tests: a crash behind four nested byte comparisons ("FUZZ"), which random
 * mutation of "AAAA" practically never reaches at once and coverage feedback reaches one byte at a time.
 */
import type { FuzzTarget } from './harness.js';

export const magicTarget: FuzzTarget = {
  name: 'test-magic',
  covers: 'the harness itself',
  documented: (e) => e instanceof RangeError,
  run(d) {
    if (d.length > 64) {
      // never reached: the harness cuts inputs to maxBytes (the coverage report's test expects this line uncovered)
      throw new RangeError('too long');
    }
    if (d[0] === 0x46) {
      if (d[1] === 0x55) {
        if (d[2] === 0x5a) {
          if (d[3] === 0x5a) throw new Error('reached FUZZ');
          return 'FUZ';
        }
        return 'FU';
      }
      return 'F';
    }
    return 'none';
  },
  seeds: () => [Buffer.from('AAAA')],
  maxBytes: 64,
};
