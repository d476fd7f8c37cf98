export { createProtoWriter, varintSize, WIRE, type ProtoWriter } from './proto-writer.js';
export { createProtoReader, ProtoReadError, type ProtoReader } from './proto-reader.js';
