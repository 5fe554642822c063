// electron-builder's afterAllArtifactBuild hook. electron-builder signs and notarises the app
// bundle; this notarises and staples the PKG and DMG around it as well, so that Gatekeeper
// accepts them offline and Jamf and Intune deploy them without warnings. It runs only on macOS,
// only with the notarisation variables electron-builder itself uses, and skips a PKG that was
// built without an installer certificate (the notary service refuses those).
import { execFile } from 'node:child_process';
import { extname } from 'node:path';
import process from 'node:process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Which installers are notarised. */
const notarisedExtensions = new Set(['.pkg', '.dmg']);

/** The credentials from the environment, in electron-builder's order of preference; null if none. */
export function notarisationCredentials(env) {
  if (env.APPLE_API_KEY && env.APPLE_API_KEY_ID && env.APPLE_API_ISSUER) {
    return {
      appleApiKey: env.APPLE_API_KEY,
      appleApiKeyId: env.APPLE_API_KEY_ID,
      appleApiIssuer: env.APPLE_API_ISSUER,
    };
  }
  if (env.APPLE_ID && env.APPLE_APP_SPECIFIC_PASSWORD && env.APPLE_TEAM_ID) {
    return {
      appleId: env.APPLE_ID,
      appleIdPassword: env.APPLE_APP_SPECIFIC_PASSWORD,
      teamId: env.APPLE_TEAM_ID,
    };
  }
  if (env.APPLE_KEYCHAIN_PROFILE) {
    return { keychainProfile: env.APPLE_KEYCHAIN_PROFILE, keychain: env.APPLE_KEYCHAIN };
  }
  return null;
}

/** The hook: returns no extra artifacts. */
export default async function notarizeInstallers(buildResult) {
  const credentials = notarisationCredentials(process.env);
  const installers = buildResult.artifactPaths.filter((path) =>
    notarisedExtensions.has(extname(path)),
  );
  if (process.platform !== 'darwin' || credentials === null || installers.length === 0) {
    return [];
  }

  // @electron/notarize comes with electron-builder; it submits, waits and staples.
  const { notarize } = await import('@electron/notarize');
  for (const installer of installers) {
    if (extname(installer) === '.pkg' && !(await isSignedPackage(installer))) {
      process.stderr.write(
        `skipped notarising ${installer}: it is not signed (CSC_INSTALLER_LINK)\n`,
      );
      continue;
    }
    await notarize({ appPath: installer, ...credentials });
  }
  return [];
}

async function isSignedPackage(path) {
  try {
    await run('pkgutil', ['--check-signature', path]);
    return true;
  } catch {
    return false;
  }
}
