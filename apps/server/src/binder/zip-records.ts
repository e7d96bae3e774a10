/*
 * The byte layouts of the ZIP records the binder writes (PKWARE APPNOTE 6.3.x), and nothing else: no
 * I/O, no state. Entries are written as they stream, so every entry has general purpose bit 3 (CRC-32
 * and sizes follow the data in a data descriptor) and bit 11 (the name is UTF-8). An entry whose size is
 * known to need ZIP64 says so in its local header (a ZIP64 extra field), which tells readers that its
 * data descriptor holds 8-byte sizes; the central directory carries the real sizes and offsets, in a
 * ZIP64 extra field when one does not fit in 32 bits.
 */

/** The largest value of a 32-bit field; the value itself means "see the ZIP64 record". */
export const ZIP32_LIMIT = 0xffffffff;
/** The largest entry count of the classic end record; the value itself means "see ZIP64". */
export const ZIP16_LIMIT = 0xffff;

const UTF8_NAMES = 1 << 11;
const DATA_DESCRIPTOR = 1 << 3;
const FLAGS = UTF8_NAMES | DATA_DESCRIPTOR;
const VERSION_UTF8 = 20;
const VERSION_ZIP64 = 45;
// Made by Unix (3) to spec 6.3, so the external attributes below are read as a Unix mode.
const VERSION_MADE_BY = (3 << 8) | 63;
// A regular file, rw-r--r--.
const FILE_ATTRIBUTES = (0o100644 << 16) >>> 0;

/** How an entry's bytes are stored: 0 stored as is, 8 deflated. */
export type ZipMethod = 0 | 8;

/** What the central directory needs to know of an entry once it is written. */
export interface ZipEntryRecord {
  readonly name: Buffer;
  readonly method: ZipMethod;
  readonly dosTime: DosDateTime;
  /** Unix seconds, for the extended timestamp. */
  readonly unixTime: number;
  readonly crc32: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly offset: number;
  /** The local header has a ZIP64 extra field and the data descriptor 8-byte sizes. */
  readonly zip64Local: boolean;
}

export interface DosDateTime {
  readonly date: number;
  readonly time: number;
}

const DOS_MIN = new Date(1980, 0, 1);
const DOS_MAX = new Date(2107, 11, 31, 23, 59, 58);

/**
 * The MS-DOS date and time of `date` in the server's time zone (the format has no zone, and readers
 * take it as local time), clamped to 1980..2107; two-second precision. The extended timestamp field
 * carries the exact UTC second.
 */
export function dosDateTime(date: Date): DosDateTime {
  const d = date < DOS_MIN ? DOS_MIN : date > DOS_MAX ? DOS_MAX : date;
  return {
    date: (d.getDate() & 0x1f) | (((d.getMonth() + 1) & 0xf) << 5) | (((d.getFullYear() - 1980) & 0x7f) << 9),
    time: Math.floor(d.getSeconds() / 2) | ((d.getMinutes() & 0x3f) << 5) | ((d.getHours() & 0x1f) << 11),
  };
}

/** Seconds since 1970 clamped to the signed 32 bits of the extended timestamp field. */
export function unixTime(date: Date): number {
  return Math.min(0x7fffffff, Math.max(-0x80000000, Math.floor(date.getTime() / 1000)));
}

/** Info-ZIP extended timestamp ("UT"), modification time only: exact to the second, in UTC. */
function timestampExtra(unix: number): Buffer {
  const b = Buffer.alloc(9);
  b.writeUInt16LE(0x5455, 0);
  b.writeUInt16LE(5, 2);
  b.writeUInt8(1, 4);
  b.writeInt32LE(unix, 5);
  return b;
}

/** The local file header that starts an entry; CRC-32 and sizes come later, in the data descriptor. */
export function localFileHeader(entry: {
  name: Buffer;
  method: ZipMethod;
  dosTime: DosDateTime;
  unixTime: number;
  zip64: boolean;
}): Buffer {
  const extraLength = 9 + (entry.zip64 ? 20 : 0);
  const b = Buffer.alloc(30 + entry.name.length + extraLength);
  b.writeUInt32LE(0x04034b50, 0);
  b.writeUInt16LE(entry.zip64 ? VERSION_ZIP64 : VERSION_UTF8, 4);
  b.writeUInt16LE(FLAGS, 6);
  b.writeUInt16LE(entry.method, 8);
  b.writeUInt16LE(entry.dosTime.time, 10);
  b.writeUInt16LE(entry.dosTime.date, 12);
  // CRC-32 0; sizes 0, or 0xFFFFFFFF pointing at the ZIP64 field (whose sizes are 0 too: bit 3).
  b.writeUInt32LE(0, 14);
  b.writeUInt32LE(entry.zip64 ? ZIP32_LIMIT : 0, 18);
  b.writeUInt32LE(entry.zip64 ? ZIP32_LIMIT : 0, 22);
  b.writeUInt16LE(entry.name.length, 26);
  b.writeUInt16LE(extraLength, 28);
  entry.name.copy(b, 30);
  let at = 30 + entry.name.length;
  timestampExtra(entry.unixTime).copy(b, at);
  at += 9;
  if (entry.zip64) {
    b.writeUInt16LE(0x0001, at);
    b.writeUInt16LE(16, at + 2);
    // Original and compressed size: 0, as bit 3 says; the data descriptor has them.
  }
  return b;
}

/** The data descriptor after an entry's bytes: 8-byte sizes when the local header announced ZIP64. */
export function dataDescriptor(entry: ZipEntryRecord): Buffer {
  if (entry.zip64Local) {
    const b = Buffer.alloc(24);
    b.writeUInt32LE(0x08074b50, 0);
    b.writeUInt32LE(entry.crc32, 4);
    b.writeBigUInt64LE(BigInt(entry.compressedSize), 8);
    b.writeBigUInt64LE(BigInt(entry.size), 16);
    return b;
  }
  const b = Buffer.alloc(16);
  b.writeUInt32LE(0x08074b50, 0);
  b.writeUInt32LE(entry.crc32, 4);
  b.writeUInt32LE(entry.compressedSize, 8);
  b.writeUInt32LE(entry.size, 12);
  return b;
}

/** The entry's record in the central directory. */
export function centralDirectoryHeader(entry: ZipEntryRecord): Buffer {
  const zip64 =
    entry.zip64Local ||
    entry.size >= ZIP32_LIMIT ||
    entry.compressedSize >= ZIP32_LIMIT ||
    entry.offset >= ZIP32_LIMIT;
  const extraLength = 9 + (zip64 ? 28 : 0);
  const b = Buffer.alloc(46 + entry.name.length + extraLength);
  b.writeUInt32LE(0x02014b50, 0);
  b.writeUInt16LE(VERSION_MADE_BY, 4);
  b.writeUInt16LE(zip64 ? VERSION_ZIP64 : VERSION_UTF8, 6);
  b.writeUInt16LE(FLAGS, 8);
  b.writeUInt16LE(entry.method, 10);
  b.writeUInt16LE(entry.dosTime.time, 12);
  b.writeUInt16LE(entry.dosTime.date, 14);
  b.writeUInt32LE(entry.crc32, 16);
  b.writeUInt32LE(zip64 ? ZIP32_LIMIT : entry.compressedSize, 20);
  b.writeUInt32LE(zip64 ? ZIP32_LIMIT : entry.size, 24);
  b.writeUInt16LE(entry.name.length, 28);
  b.writeUInt16LE(extraLength, 30);
  // Comment length, disk number start, internal attributes: 0.
  b.writeUInt32LE(FILE_ATTRIBUTES, 38);
  b.writeUInt32LE(zip64 ? ZIP32_LIMIT : entry.offset, 42);
  entry.name.copy(b, 46);
  let at = 46 + entry.name.length;
  timestampExtra(entry.unixTime).copy(b, at);
  at += 9;
  if (zip64) {
    // All three fields, in this order, as all three 32-bit fields above are 0xFFFFFFFF.
    b.writeUInt16LE(0x0001, at);
    b.writeUInt16LE(24, at + 2);
    b.writeBigUInt64LE(BigInt(entry.size), at + 4);
    b.writeBigUInt64LE(BigInt(entry.compressedSize), at + 12);
    b.writeBigUInt64LE(BigInt(entry.offset), at + 20);
  }
  return b;
}

/**
 * The end of the archive: the classic end of central directory record, preceded by the ZIP64 end
 * record and its locator when the entry count, the directory's size or its offset do not fit (or when
 * `forceZip64`).
 */
export function endOfCentralDirectory(directory: {
  entries: number;
  offset: number;
  size: number;
  forceZip64?: boolean;
}): Buffer {
  const { entries, offset, size } = directory;
  const zip64 =
    directory.forceZip64 === true || entries >= ZIP16_LIMIT || offset >= ZIP32_LIMIT || size >= ZIP32_LIMIT;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(zip64 ? ZIP16_LIMIT : entries, 8);
  end.writeUInt16LE(zip64 ? ZIP16_LIMIT : entries, 10);
  end.writeUInt32LE(zip64 ? ZIP32_LIMIT : size, 12);
  end.writeUInt32LE(zip64 ? ZIP32_LIMIT : offset, 16);
  if (!zip64) return end;

  const record = Buffer.alloc(56);
  record.writeUInt32LE(0x06064b50, 0);
  // The size of the rest of this record.
  record.writeBigUInt64LE(44n, 4);
  record.writeUInt16LE(VERSION_MADE_BY, 12);
  record.writeUInt16LE(VERSION_ZIP64, 14);
  record.writeBigUInt64LE(BigInt(entries), 24);
  record.writeBigUInt64LE(BigInt(entries), 32);
  record.writeBigUInt64LE(BigInt(size), 40);
  record.writeBigUInt64LE(BigInt(offset), 48);
  const locator = Buffer.alloc(20);
  locator.writeUInt32LE(0x07064b50, 0);
  // The ZIP64 end record starts right after the central directory.
  locator.writeBigUInt64LE(BigInt(offset + size), 8);
  locator.writeUInt32LE(1, 16);
  return Buffer.concat([record, locator, end]);
}
