/**
 * Writing buffers to a file completely. `FileHandle.writev` (like write(2)) may write fewer bytes than asked without
 * an error: a disk that fills up in the middle of a write takes what fits and refuses the rest only on the next
 * call. A caller that ignores the count believes a torn write is whole (the write-ahead log would acknowledge a
 * record it cannot read back; an insert file would hold half a row). This writes what is left until everything is
 * written, and throws the disk's error (ENOSPC) when it takes nothing more.
 */

/** the most buffers one writev call takes (IOV_MAX is 1024 on Linux) */
const MAX_BUFFERS = 512;

/** what writeAll needs of a file handle (a FileHandle is one) */
export interface VectorWriter {
  writev(buffers: Buffer[]): Promise<{ bytesWritten: number }>;
}

export async function writeAll(fh: VectorWriter, buffers: readonly Buffer[]): Promise<number> {
  let total = 0;
  let i = 0;
  let offset = 0; // bytes of buffers[i] already written
  while (i < buffers.length) {
    const batch: Buffer[] = [];
    let asked = 0;
    for (let j = i; j < buffers.length && batch.length < MAX_BUFFERS; j++) {
      const b = j === i && offset > 0 ? buffers[j].subarray(offset) : buffers[j];
      batch.push(b);
      asked += b.length;
    }
    if (asked === 0) break;
    const { bytesWritten } = await fh.writev(batch);
    if (bytesWritten <= 0) throw noSpace();
    total += bytesWritten;
    // step past what was written: whole buffers, then into a partly written one
    let left = bytesWritten;
    while (left > 0 && i < buffers.length) {
      const rest = buffers[i].length - offset;
      if (left >= rest) {
        left -= rest;
        i++;
        offset = 0;
      } else {
        offset += left;
        left = 0;
      }
    }
    while (i < buffers.length && buffers[i].length === 0) i++;
  }
  return total;
}

/** what a write that makes no progress means here: the disk is full */
function noSpace(): NodeJS.ErrnoException {
  const e: NodeJS.ErrnoException = new Error('ENOSPC: no space left on device, write (nothing more was written)');
  e.code = 'ENOSPC';
  return e;
}
