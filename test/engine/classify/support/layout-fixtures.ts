/**
 * Minimal files built from published layouts, for formats whose tools are not available on Linux
 * test machines. Each builder names the public source of the layout it follows.
 */
import { crc32 } from 'node:zlib';
import { ByteBuilder, textBytes } from './bytes.ts';

/** Veeam storage header: version at 0, then 01 00 00 00, 03 00 00 00, "md5\0" (PhotoRec). */
export function veeamBackup(): Uint8Array {
  return new ByteBuilder(0x2000)
    .uint32LE(0, 0x0d)
    .hex(4, '01 00 00 00 03 00 00 00')
    .ascii(12, 'md5\0').bytes;
}

/** Acronis True Image 2013+: magic at 0, reversed magic closing the last 512-byte block. */
export function acronisBackup(): Uint8Array {
  return new ByteBuilder(1024).hex(0, 'ce 24 b9 a2 20 00 00').hex(1017, '00 00 20 a2 b9 24 ce')
    .bytes;
}

/** Older Acronis `.tib`: B4 6E 68 44 at 0 (PhotoRec file_tib.c). */
export function acronisLegacyBackup(): Uint8Array {
  return new ByteBuilder(1024).hex(0, 'b4 6e 68 44').bytes;
}

/** Options of an MTF TAPE block. */
export interface MtfOptions {
  softwareName?: string;
  unicode?: boolean;
  passwordAlgorithm?: number;
}

/**
 * An MTF stream's TAPE descriptor block (Microsoft Tape Format 1.00a): common block header, then
 * the TAPE fields, the software name placed through its size/offset pair at 80/82, and the header
 * checksum at 50 (XOR of the 25 preceding 16-bit words).
 */
export function mtfTape(options: MtfOptions = {}): Uint8Array {
  // Common block header
  const block = new ByteBuilder(2048)
    .ascii(0, 'TAPE')
    .uint8(10, 14)
    .uint8(48, options.unicode === true ? 2 : 1);

  // TAPE fields
  block
    .uint16LE(62, options.passwordAlgorithm ?? 0)
    .uint16LE(84, 1024)
    .uint8(93, 1);
  if (options.softwareName !== undefined) {
    const name = encodeMtfString(options.softwareName, options.unicode === true);
    block.uint16LE(80, name.length).uint16LE(82, 128);
    block.bytes.set(name, 128);
  }

  // Checksum
  let checksum = 0;
  for (let offset = 0; offset < 50; offset += 2) {
    checksum ^= (block.bytes[offset] ?? 0) | ((block.bytes[offset + 1] ?? 0) << 8);
  }
  return block.uint16LE(50, checksum).ascii(1024, 'SFMB').bytes;
}

function encodeMtfString(text: string, unicode: boolean): Uint8Array {
  if (!unicode) {
    return textBytes(text);
  }
  const builder = new ByteBuilder(text.length * 2);
  for (let index = 0; index < text.length; index++) {
    builder.uint16LE(index * 2, text.charCodeAt(index));
  }
  return builder.bytes;
}

/** Norton Ghost first file (file magic "archive", PhotoRec file_gho.c); password bytes at 12. */
export function ghostImage(hasPassword: boolean): Uint8Array {
  const image = new ByteBuilder(1024).hex(0, 'fe ef 01 09').hex(8, '01 01');
  return hasPassword ? image.hex(12, '5a 17 c3 09 00 00 00 01').bytes : image.bytes;
}

/** Symantec v2i: "$CAN" at 0 and 13 04 08 00 at 20 (PhotoRec file_v2i.c). */
export function v2iImage(): Uint8Array {
  return new ByteBuilder(1024).ascii(0, '$CAN').hex(20, '13 04 08 00').bytes;
}

/**
 * Macrium Reflect X: a $JSON metadata block then the 20-byte footer, the uint64 offset of the first
 * metadata block and "MACRIUM_FILE" (mrimgx_file_layout FILE_LAYOUT.md, ENCRYPTION.md).
 */
export function macriumXImage(encrypted: boolean): Uint8Array {
  const json = `{"_encryption": {"enable": ${String(encrypted)}, "key_iterations": 10000}}`;
  const image = new ByteBuilder(8192).ascii(4096, '$JSON   ').ascii(4112, json);
  return image.uint64LE(8192 - 20, 4096n).ascii(8192 - 12, 'MACRIUM_FILE').bytes;
}

/** One-magic formats, each a small file with its magic in place (sources in the classifier). */
export function magicFile(offset: number, magic: string, sizeBytes = 1024): Uint8Array {
  const builder = new ByteBuilder(sizeBytes);
  return /^[0-9a-f]{2}( [0-9a-f]{2})*$/.test(magic)
    ? builder.hex(offset, magic).bytes
    : builder.ascii(offset, magic).bytes;
}

/** Outlook PST header (MS-PST 2.2.2.6): Unicode version 23, bCryptMethod at 513. */
export function pstFile(cryptMethod: number): Uint8Array {
  return new ByteBuilder(1024)
    .ascii(0, '!BDN')
    .ascii(8, 'SM')
    .uint16LE(10, 23)
    .uint8(513, cryptMethod).bytes;
}

/** QCOW2 header (QEMU docs/interop/qcow2.txt) with a chosen version and crypt_method. */
export function qcowHeader(version: number, cryptMethod: number): Uint8Array {
  const cryptOffset = version === 1 ? 36 : 32;
  return new ByteBuilder(512)
    .hex(0, '51 46 49 fb')
    .uint32BE(4, version)
    .uint32BE(cryptOffset, cryptMethod).bytes;
}

/** A fixed VHD: raw guest bytes, then the footer with disk type 2 at EOF-512 (VHD spec). */
export function fixedVhd(guest: Uint8Array = new Uint8Array(4096)): Uint8Array {
  const image = new ByteBuilder(guest.length + 512);
  image.bytes.set(guest, 0);
  return image
    .ascii(guest.length, 'conectix')
    .ascii(guest.length + 28, 'vpc ')
    .uint32BE(guest.length + 60, 2).bytes;
}

/** A PostgreSQL custom-format dump header (pg_backup_archiver.c WriteHead): 1.14, format 1. */
export function pgCustomDumpHeader(): Uint8Array {
  return new ByteBuilder(512).ascii(0, 'PGDMP').hex(5, '01 0e 00 04 08 01').bytes;
}

/** The first lines mysqldump writes (mysqldump.c), optionally behind a BOM and blank lines. */
export function mysqlDumpText(prefix = ''): Uint8Array {
  return textBytes(
    `${prefix}-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)\n--\n` +
      '-- Host: localhost    Database: shop\n' +
      '-- ------------------------------------------------------\n' +
      '-- Server version\t8.0.36\n\nCREATE TABLE `orders` (`id` int);\n',
  );
}

/** The first lines mariadb-dump writes. */
export function mariadbDumpText(): Uint8Array {
  return textBytes(
    '-- MariaDB dump 10.19  Distrib 10.11.6-MariaDB, for debian-linux-gnu (x86_64)\n--\n' +
      '-- Host: localhost    Database: shop\n',
  );
}

/** Android `adb backup` header (file magic "android"). */
export function androidBackup(encryption: string): Uint8Array {
  return textBytes(`ANDROID BACKUP\n5\n1\n${encryption}\n\u0000\u0001binary`);
}

/** A minimal baseline JPEG-shaped file: SOI, APP0 JFIF, EOI. */
export function jpegFile(): Uint8Array {
  return new ByteBuilder(64)
    .hex(0, 'ff d8 ff e0 00 10')
    .ascii(6, 'JFIF\0')
    .hex(11, '01 01 00 00 01 00 01 00 00')
    .hex(62, 'ff d9').bytes;
}

/** A 1x1 PNG: signature, IHDR, IDAT, IEND, with real CRCs (PNG spec). */
export function pngFile(): Uint8Array {
  const chunks = [
    pngChunk('IHDR', '00 00 00 01 00 00 00 01 08 00 00 00 00'),
    pngChunk('IDAT', '78 9c 63 60 00 00 00 02 00 01'),
    pngChunk('IEND', ''),
  ];
  const signature = new ByteBuilder(8).hex(0, '89 50 4e 47 0d 0a 1a 0a').bytes;
  return Buffer.concat([signature, ...chunks]);
}

function pngChunk(type: string, hexData: string): Uint8Array {
  const data = new ByteBuilder(hexData.length === 0 ? 0 : hexData.split(' ').length).hex(
    0,
    hexData,
  ).bytes;
  const chunk = new ByteBuilder(12 + data.length).uint32BE(0, data.length).ascii(4, type);
  chunk.bytes.set(data, 8);
  return chunk.uint32BE(8 + data.length, crc32(chunk.bytes.subarray(4, 8 + data.length))).bytes;
}

/** An ISO base media (mp4) start: an `ftyp` box then an empty `mdat` box (ISO/IEC 14496-12). */
export function mp4File(brand: string): Uint8Array {
  return new ByteBuilder(32)
    .uint32BE(0, 24)
    .ascii(4, 'ftyp')
    .ascii(8, brand)
    .uint32BE(12, 0x200)
    .ascii(16, `${brand}mp41`)
    .uint32BE(24, 8)
    .ascii(28, 'mdat').bytes;
}
