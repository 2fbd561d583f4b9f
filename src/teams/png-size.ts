import { SocbotError } from '../errors';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * Width and height of a PNG, read from its IHDR chunk. Throws CONFIG_INVALID when the bytes are not a
 * PNG (Teams rejects other image formats for app icons).
 *
 * @example
 *   pngSize(readFileSync('teams/color.png')); // { width: 192, height: 192 }
 */
export function pngSize(bytes: Buffer, name = 'the icon'): { width: number; height: number } {
  if (
    bytes.length < 24 ||
    !bytes.subarray(0, 8).equals(PNG_SIGNATURE) ||
    bytes.toString('ascii', 12, 16) !== 'IHDR'
  ) {
    throw new SocbotError(
      'CONFIG_INVALID',
      `${name} is not a PNG file. Teams app icons must be PNG images.`,
      {
        reason: 'teams-icon',
      },
    );
  }
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}
