/** The WiX component that writes the machine's Run key for Copywarden. */
export declare const autostartComponent: string;

/** Inserts the autostart component into the ProductComponents group of a WiX project. */
export declare function addAutostart(project: string): string;

/** electron-builder's msiProjectCreated hook: edits project.wxs at `projectPath` in place. */
export default function msiProjectCreated(projectPath: string): Promise<void>;
