#!/usr/bin/env node
// Compiles bridge/contracts/src/*.sol with the pinned solc-js through its
// standard-JSON API (the solcjs CLI mangles JSON output) and writes, for every
// contract defined there, <Name>.abi.json and <Name>.bin into the output
// directory given as the only argument. Output is byte-for-byte deterministic:
// sorted keys, fixed settings, no timestamps or absolute paths.
'use strict';

const fs = require('fs');
const path = require('path');
const solc = require('solc');

const EXPECTED_SOLC = '0.8.30';
const SETTINGS = {
  optimizer: { enabled: true, runs: 20000 },
  viaIR: true,
  evmVersion: 'cancun',
  metadata: { bytecodeHash: 'none' },
  outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] } },
};

function main() {
  const outDir = process.argv[2];
  if (!outDir) {
    console.error('usage: build.js <output-dir>');
    process.exit(2);
  }
  if (!solc.version().startsWith(EXPECTED_SOLC + '+')) {
    throw new Error(`solc ${solc.version()} loaded, want ${EXPECTED_SOLC}: run ./scripts/deps.sh`);
  }
  const root = path.resolve(__dirname, '..', '..');
  const srcDir = path.join(__dirname, 'src');
  const files = fs.readdirSync(srcDir).filter((f) => f.endsWith('.sol')).sort();
  const sources = {};
  for (const f of files) {
    sources[f] = { content: fs.readFileSync(path.join(srcDir, f), 'utf8') };
  }
  const input = { language: 'Solidity', sources, settings: SETTINGS };

  // Imports resolve only inside node_modules, so a build never depends on
  // anything outside the pinned packages.
  const findImports = (p) => {
    const full = path.join(root, 'node_modules', p);
    if (!full.startsWith(path.join(root, 'node_modules') + path.sep)) return { error: `import outside node_modules: ${p}` };
    try {
      return { contents: fs.readFileSync(full, 'utf8') };
    } catch (e) {
      return { error: `cannot read import ${p}: ${e.message}` };
    }
  };

  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));
  const errors = (output.errors || []).filter((e) => e.severity === 'error');
  for (const e of output.errors || []) console.error(e.formattedMessage);
  if (errors.length) process.exit(1);

  fs.mkdirSync(outDir, { recursive: true });
  for (const f of files) {
    const contracts = output.contracts[f] || {};
    for (const name of Object.keys(contracts).sort()) {
      const c = contracts[name];
      fs.writeFileSync(path.join(outDir, `${name}.abi.json`), JSON.stringify(c.abi, null, 2) + '\n');
      fs.writeFileSync(path.join(outDir, `${name}.bin`), c.evm.bytecode.object + '\n');
      const runtimeBytes = c.evm.deployedBytecode.object.length / 2;
      console.error(`built ${name}: runtime ${runtimeBytes} bytes`);
      if (runtimeBytes > 24576) throw new Error(`${name} runtime ${runtimeBytes} bytes exceeds EIP-170's 24576`);
    }
  }
}

main();
