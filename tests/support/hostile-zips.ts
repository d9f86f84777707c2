// Hostile ZIP archives written byte by byte (no zip library would write them): entries sharing one compressed
// stream, an entry lying about its size, a traversal name, two entries of one name. Used by the unit tests (the
// CLI) and the integration tests (the upload route), so both meet the same files.
import { crc32, deflateRawSync } from "node:zlib";

interface RawEntry {
  name: string;
  /** The bytes as stored (already deflated when method is 8). */
  data: Uint8Array;
  method: 0 | 8;
  crc: number;
  /** As written in the headers; may lie. */
  uncompressedSize: number;
}

function u16(value: number): number[] {
  return [value & 0xff, (value >>> 8) & 0xff];
}
function u32(value: number): number[] {
  return [value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, (value >>> 24) & 0xff];
}

function localHeader(entry: RawEntry): number[] {
  const name = [...Buffer.from(entry.name)];
  return [
    ...u32(0x04034b50),
    ...u16(20),
    ...u16(0),
    ...u16(entry.method),
    ...u16(0),
    ...u16(0),
    ...u32(entry.crc),
    ...u32(entry.data.length),
    ...u32(entry.uncompressedSize),
    ...u16(name.length),
    ...u16(0),
    ...name,
  ];
}

function centralHeader(entry: RawEntry, offset: number): number[] {
  const name = [...Buffer.from(entry.name)];
  return [
    ...u32(0x02014b50),
    ...u16(20),
    ...u16(20),
    ...u16(0),
    ...u16(entry.method),
    ...u16(0),
    ...u16(0),
    ...u32(entry.crc),
    ...u32(entry.data.length),
    ...u32(entry.uncompressedSize),
    ...u16(name.length),
    ...u16(0),
    ...u16(0),
    ...u16(0),
    ...u16(0),
    ...u32(0),
    ...u32(offset),
    ...name,
  ];
}

/**
 * Writes the local entries in order, then a central directory; `directory` lists (entry index, name) pairs,
 * so several directory entries may point at one local entry.
 */
function writeZip(entries: RawEntry[], directory?: Array<{ index: number; name: string }>): Uint8Array {
  const parts: number[] = [];
  const offsets: number[] = [];
  const chunks: Buffer[] = [];
  let size = 0;
  for (const entry of entries) {
    offsets.push(size);
    const header = Buffer.from(localHeader(entry));
    chunks.push(header, Buffer.from(entry.data));
    size += header.length + entry.data.length;
  }
  const dirStart = size;
  const list = directory ?? entries.map((entry, index) => ({ index, name: entry.name }));
  for (const item of list)
    parts.push(...centralHeader({ ...entries[item.index], name: item.name }, offsets[item.index]));
  const dir = Buffer.from(parts);
  const end = Buffer.from([
    ...u32(0x06054b50),
    ...u16(0),
    ...u16(0),
    ...u16(list.length),
    ...u16(list.length),
    ...u32(dir.length),
    ...u32(dirStart),
    ...u16(0),
  ]);
  return new Uint8Array(Buffer.concat([...chunks, dir, end]));
}

function deflated(name: string, content: Uint8Array, declared = content.length): RawEntry {
  return {
    name,
    data: deflateRawSync(content, { level: 9 }),
    method: 8,
    crc: crc32(content),
    uncompressedSize: declared,
  };
}

/** A customizations.xml of about `bytes` that compresses about as well as a real one (~10:1 to 50:1). */
export function bulkyCustomizations(bytes: number): Uint8Array {
  let seed = 7;
  const next = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % 64).toString(36);
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const table = `<Entity><Name>t${i}</Name><EntityInfo><entity Name="t${i}"><attributes>${Array.from({ length: 8 }, () => `<attribute PhysicalName="c${next()}"><Type>nvarchar</Type></attribute>`).join("")}</attributes></entity></EntityInfo></Entity>`;
    parts.push(table);
    size += table.length;
  }
  return Buffer.from(`<ImportExportXml><Entities>${parts.join("")}</Entities></ImportExportXml>`);
}

/** The probe's file: one ~1 MB entry and `count` directory entries all pointing at its local data (~43 KB). */
export function overlappingZip(count = 400): Uint8Array {
  const entry = deflated("customizations.xml", bulkyCustomizations(1024 * 1024));
  const directory = Array.from({ length: count }, (_, i) => ({
    index: 0,
    name: i === 0 ? "customizations.xml" : `Entities/t${i}/Entity.xml`,
  }));
  return writeZip([entry], directory);
}

/** An entry that declares 1,000 bytes and inflates to 8 MB (zeros): the declared ratio looks harmless. */
export function lyingBombZip(): Uint8Array {
  return writeZip([deflated("customizations.xml", new Uint8Array(8 * 1024 * 1024), 1000)]);
}

/** A customizations.xml and a "../" entry (zip slip). */
export function slipZip(): Uint8Array {
  const xml = bulkyCustomizations(2000);
  return writeZip([deflated("customizations.xml", xml), deflated("../../outside/evil.xml", Buffer.from("<x/>"))]);
}

/** Two entries named customizations.xml with different content: which one would a reader take? */
export function duplicateNamesZip(): Uint8Array {
  const xml = bulkyCustomizations(2000);
  return writeZip([deflated("customizations.xml", xml), deflated("Customizations.xml", Buffer.from("<x/>"))]);
}
