// A test-only extension that test/e2e/run.mjs places in code-server's extensions folder.
// When ZIMBRA_LOGS_E2E names a results file (code-server passes its environment on to the
// extension host), it runs the mocha suite (ZIMBRA_LOGS_E2E_SUITE, out/e2e/suite/index.js)
// in this extension host and writes the results there as JSON. Does nothing otherwise.
'use strict';
const fs = require('fs');

function write(file, obj) {
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(obj, null, 2));
  fs.renameSync(`${file}.tmp`, file);
}

exports.activate = function activate() {
  const results = process.env.ZIMBRA_LOGS_E2E;
  const suite = process.env.ZIMBRA_LOGS_E2E_SUITE;
  if (!results || !suite) return;
  // Once per launch: a reloaded window restarts the extension host, which must not run it again.
  const started = `${results}.started`;
  try {
    fs.writeFileSync(started, String(process.pid), { flag: 'wx' });
  } catch {
    return;
  }
  setImmediate(async () => {
    try {
      const result = await require(suite).runSuite();
      write(results, result);
    } catch (e) {
      write(results, { error: String((e && e.stack) || e), passes: 0, failures: 0, pending: 0, tests: [] });
    }
  });
};

exports.deactivate = function deactivate() {};
