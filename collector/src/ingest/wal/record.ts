/**
 * Write-ahead-log record framing. A record is a 12-byte header (magic, version, meta length, payload length, CRC-32
 * of meta + body) followed by a small JSON meta object and the body bytes. The reader accepts records up to the
 * first one that is incomplete or fails its checksum: a torn write at the tail (the process or the machine died
 * mid-append) is cut there, and every record before it was written whole.
 */
import { crc32 } from 'node:zlib';

const MAGIC = 0xa7;
const VERSION = 1;
export const HEADER_BYTES = 12;

/** What a record says about its body (the WAL does not interpret it). */
export type RecordMeta = Record<string, unknown>;

export interface WalRecord {
  meta: RecordMeta;
  body: Buffer;
}

/** Header + meta + body, ready to append (the body is not copied: the parts are written with writev). */
export function encodeRecord(meta: RecordMeta, body: Buffer): Buffer[] {
  const m = Buffer.from(JSON.stringify(meta));
  if (m.length > 0xffff) throw new Error('write-ahead-log record meta too large');
  const head = Buffer.allocUnsafe(HEADER_BYTES);
  head[0] = MAGIC;
  head[1] = VERSION;
  head.writeUInt16LE(m.length, 2);
  head.writeUInt32LE(body.length, 4);
  head.writeUInt32LE(crc32(body, crc32(m)), 8);
  return [head, m, body];
}

export interface ParsedSegment {
  records: WalRecord[];
  /** bytes of whole, valid records from the start of the file */
  validBytes: number;
  /** why reading stopped before the end of the file, when it did */
  problem?: string;
}

/** Every whole, valid record of a segment file's bytes, in order, and where they end. */
export function parseSegment(data: Buffer): ParsedSegment {
  const records: WalRecord[] = [];
  let pos = 0;
  while (pos < data.length) {
    if (data.length - pos < HEADER_BYTES) return { records, validBytes: pos, problem: `incomplete record header at byte ${pos}` };
    if (data[pos] !== MAGIC || data[pos + 1] !== VERSION) return { records, validBytes: pos, problem: `no record header at byte ${pos}` };
    const metaLen = data.readUInt16LE(pos + 2);
    const bodyLen = data.readUInt32LE(pos + 4);
    const end = pos + HEADER_BYTES + metaLen + bodyLen;
    if (end > data.length)
      return { records, validBytes: pos, problem: `record at byte ${pos} is cut short (${end - data.length} bytes missing)` };
    const m = data.subarray(pos + HEADER_BYTES, pos + HEADER_BYTES + metaLen);
    const body = data.subarray(pos + HEADER_BYTES + metaLen, end);
    if (crc32(body, crc32(m)) !== data.readUInt32LE(pos + 8))
      return { records, validBytes: pos, problem: `checksum mismatch in the record at byte ${pos}` };
    let meta: RecordMeta;
    try {
      meta = JSON.parse(m.toString('utf8')) as RecordMeta;
    } catch {
      return { records, validBytes: pos, problem: `unreadable record meta at byte ${pos}` };
    }
    records.push({ meta, body });
    pos = end;
  }
  return { records, validBytes: pos };
}
