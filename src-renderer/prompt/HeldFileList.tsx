import type { PromptFileView } from '../../src-shared/bridge.ts';
import { formatBytes } from '../format.ts';

/** The files of a batch: name and where it landed, size, format. */
export function HeldFileList({ files }: { files: readonly PromptFileView[] }) {
  const totalBytes = files.reduce((sum, file) => sum + file.sizeBytes, 0);
  return (
    <table className="held-files">
      <caption>
        {files.length === 1 ? '1 file' : `${files.length} files`}, {formatBytes(totalBytes)}
      </caption>
      <thead>
        <tr>
          <th scope="col">File</th>
          <th scope="col">Size</th>
          <th scope="col">Format</th>
        </tr>
      </thead>
      <tbody>
        {files.map((file) => (
          <tr key={file.quarantineId}>
            <td>
              <span className="file-name">{file.name}</span>
              <span className="file-path">{file.path}</span>
            </td>
            <td className="number">{formatBytes(file.sizeBytes)}</td>
            <td>{file.format ?? 'unknown'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
