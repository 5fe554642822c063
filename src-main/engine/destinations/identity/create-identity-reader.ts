import type { Logger } from '../../base/logger.ts';
import { LinuxIdentityReader } from './linux-identity-reader.ts';
import { MacosIdentityReader } from './macos-identity-reader.ts';
import { emptyIdentityReader, type IdentityReader } from './volume-identity.ts';
import { WindowsIdentityReader } from './windows-identity-reader.ts';

/** The identity reader of a platform; one that learns nothing where there is none. */
export function createIdentityReader(platform: NodeJS.Platform, logger: Logger): IdentityReader {
  switch (platform) {
    case 'linux':
      return new LinuxIdentityReader({ logger });
    case 'darwin':
      return new MacosIdentityReader({ logger });
    case 'win32':
      return new WindowsIdentityReader({ logger });
    default:
      return emptyIdentityReader;
  }
}
