#!/usr/bin/env node
// The `copywarden` command. It runs the TypeScript sources directly, which needs Node 22.18 or
// later (type stripping) and node:sqlite; inside this repository `npm run` provides Node 24.
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  process.stderr.write(
    `copywarden needs Node.js 22.18 or later; this is ${process.versions.node}.\n` +
      'Run it through npm (npm run agent, npx copywarden), which uses the Node.js the project installs.\n',
  );
  process.exit(1);
}

const { main } = await import('../src-main/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
