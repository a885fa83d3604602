// Writes a zip archive of stored (uncompressed) entries, entry by entry to the file (only the
// central directory is kept in memory): enough for the importer's tests and its benchmark to build
// an AllPublicXML-style bulk file without a zip tool or a zip-writing dependency. Layout from the
// ZIP application note (PKWARE APPNOTE.TXT): local headers + data, central directory, end record.
// No ZIP64: archives up to 4 GiB and 65,535 entries.
import { closeSync, openSync, writeSync } from "node:fs";
import { crc32 } from "node:zlib";

export class StoredZipWriter {
  private readonly fd: number;
  private readonly central: Buffer[] = [];
  private offset = 0;
  private count = 0;

  constructor(file: string) {
    this.fd = openSync(file, "w");
  }

  add(entryName: string, content: string | Buffer): void {
    const name = Buffer.from(entryName, "utf8");
    const data = typeof content === "string" ? Buffer.from(content, "utf8") : content;
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(0, 8); // stored
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(0x0800, 8);
    dir.writeUInt32LE(crc, 16);
    dir.writeUInt32LE(data.length, 20);
    dir.writeUInt32LE(data.length, 24);
    dir.writeUInt16LE(name.length, 28);
    dir.writeUInt32LE(this.offset, 42);
    for (const b of [local, name, data]) writeSync(this.fd, b);
    this.central.push(dir, name);
    this.offset += local.length + name.length + data.length;
    this.count++;
  }

  close(): void {
    const dir = Buffer.concat(this.central);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.count, 8);
    end.writeUInt16LE(this.count, 10);
    end.writeUInt32LE(dir.length, 12);
    end.writeUInt32LE(this.offset, 16);
    writeSync(this.fd, dir);
    writeSync(this.fd, end);
    closeSync(this.fd);
  }
}

export function writeStoredZip(file: string, entries: { name: string; data: string | Buffer }[]): void {
  const zip = new StoredZipWriter(file);
  for (const e of entries) zip.add(e.name, e.data);
  zip.close();
}
