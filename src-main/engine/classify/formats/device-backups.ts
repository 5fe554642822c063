import type { Detector } from '../detection.ts';

/** Android `adb backup`: four text lines, the fourth naming the encryption (file magic "android"). */
const androidBanner = 'ANDROID BACKUP\n';
const maxAndroidHeaderBytes = 64;

/** Android `adb backup` files; line 4 is `none` for a plaintext backup. */
export const detectAndroidBackup: Detector = ({ view }) => {
  if (!view.matches(0, androidBanner)) {
    return null;
  }

  // Lines: banner, version, compressed flag, encryption
  const header = view.latin1(0, Math.min(view.headLength, maxAndroidHeaderBytes)) ?? '';
  const [, version, compressed, encryption] = header.split('\n');
  const reasons = ['"ANDROID BACKUP" banner', `version ${version ?? '?'}`];
  if (compressed === '1') {
    reasons.push('compressed');
  }
  const hasEncryptionLine = encryption !== undefined && header.split('\n').length > 4;
  if (hasEncryptionLine) {
    reasons.push(`encryption ${encryption}`);
  }

  return {
    format: 'android-backup',
    category: 'device-backup',
    rule: 'always',
    confidence: 'high',
    encrypted: hasEncryptionLine ? encryption !== 'none' : null,
    reasons,
  };
};
