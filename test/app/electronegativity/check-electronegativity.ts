// `npm run check:electronegativity [SARIF_FILE]`: runs Electronegativity on the desktop sources
// and fails (exit 1) on any finding of medium severity or above, or on a source it could not
// parse (and so never checked). Lower findings are printed for review.
import { failingSeverities, runElectronegativity } from './electronegativity.ts';

const sarifFile = process.argv[2];
const { findings, unparsed } = await runElectronegativity(
  sarifFile === undefined ? {} : { sarifFile },
);
const failing = findings.filter((finding) => failingSeverities.has(finding.severity));

for (const finding of findings) {
  const mark = failingSeverities.has(finding.severity) ? 'FAIL' : 'note';
  console.log(
    `${mark} ${finding.check} (${finding.severity}, ${finding.confidence}) ${finding.file}:${finding.location}: ${finding.description}`,
  );
}
for (const { file, message } of unparsed) {
  console.log(`FAIL could not parse ${file}: ${message}`);
}
console.log(
  `Electronegativity: ${findings.length} findings, ${failing.length} of medium severity or above, ${unparsed.length} files not parsed.`,
);
process.exitCode = failing.length > 0 || unparsed.length > 0 ? 1 : 0;
