// electron-builder's msiProjectCreated hook: adds to the generated WiX project a component that
// starts Copywarden at login for every user (the machine's Run key). Windows Installer removes
// the value with the product and keeps it across upgrades. The data each user's agent keeps
// (%LOCALAPPDATA%\Copywarden: activity log, quarantine) is not the MSI's and stays.
import { readFile, writeFile } from 'node:fs/promises';

/** Never change: Windows Installer tracks the component by this id across versions. */
const componentGuid = '{D78DA0E4-CF47-46BC-8F21-A0FF0F5B4C5A}';

/** The component, referring to the main executable by the file id electron-builder gives it. */
export const autostartComponent = [
  `<Component Id="copywardenAutostart" Guid="${componentGuid}">`,
  '  <RegistryValue Root="HKLM" Key="Software\\Microsoft\\Windows\\CurrentVersion\\Run"',
  '    Name="Copywarden" Type="string" Value="&quot;[#mainExecutable]&quot;" KeyPath="yes"/>',
  '</Component>',
].join('\n');

/** Inserts the component into the product's component group. */
export function addAutostart(project) {
  const marker = /(<ComponentGroup Id="ProductComponents"[^>]*>)/;
  if (!marker.test(project)) {
    throw new Error('the MSI project has no ProductComponents group to add the Run key to');
  }
  return project.replace(marker, `$1\n${autostartComponent}`);
}

/** The hook: electron-builder passes the path of project.wxs before WiX compiles it. */
export default async function msiProjectCreated(projectPath) {
  const project = await readFile(projectPath, 'utf8');
  await writeFile(projectPath, addAutostart(project));
}
