// Entry of the e2e suite: `run()` is what VS Code test runners (@vscode/test-electron) call;
// `runSuite()` returns the per-test results for the code-server launcher's runner extension.
import Mocha from 'mocha';
import { registerLanguageTests } from './languages.e2e';
import { registerCollateTests } from './collate.e2e';
import { registerScreenshotTests } from './screenshots.e2e';
import { registerFeatureTests } from './features.e2e';
import { registerLensWindowTests } from './lensWindow.e2e';
import { registerGrammarTests } from './grammar.e2e';
import { registerLargeTests } from './large.e2e';
import { registerTraceTests } from './trace.e2e';
import { registerInvestigateTests } from './investigate.e2e';
import { registerFailureTests } from './failures.e2e';
import { registerTimelineTests } from './timeline.e2e';
import { registerLocaleTests } from './locale.e2e';
import { registerOpenFromDiskTests } from './openFromDisk.e2e';

export interface TestResult {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs: number;
  error?: string;
}

export interface SuiteResult {
  passes: number;
  failures: number;
  pending: number;
  tests: TestResult[];
  durationMs: number;
}

export function runSuite(): Promise<SuiteResult> {
  // ZIMBRA_LOGS_E2E_GREP runs only the tests whose full title matches (a developer's shortcut;
  // CI runs them all).
  const grep = process.env.ZIMBRA_LOGS_E2E_GREP || undefined;
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec', grep });
  // The test files are bundled into this file: define the BDD globals, then register the tests.
  mocha.suite.emit('pre-require', globalThis, 'zimbra-logs-e2e', mocha);
  describe('Zimbra Logs in VS Code', () => {
    registerLanguageTests();
    registerCollateTests();
    registerGrammarTests();
    registerFeatureTests();
    registerLensWindowTests();
    registerTraceTests();
    registerInvestigateTests();
    registerFailureTests();
    registerLocaleTests();
    registerLargeTests();
    registerOpenFromDiskTests();
    registerTimelineTests();
    registerScreenshotTests();
  });

  const started = Date.now();
  const tests: TestResult[] = [];
  return new Promise((resolve) => {
    const runner = mocha.run(() => {
      resolve({
        passes: tests.filter((t) => t.state === 'passed').length,
        failures: tests.filter((t) => t.state === 'failed').length,
        pending: tests.filter((t) => t.state === 'pending').length,
        tests,
        durationMs: Date.now() - started,
      });
    });
    runner.on('pass', (t: Mocha.Test) => tests.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration ?? 0 }));
    runner.on('pending', (t: Mocha.Test) => tests.push({ title: t.fullTitle(), state: 'pending', durationMs: 0 }));
    runner.on('fail', (t: Mocha.Runnable, err: Error) =>
      tests.push({ title: t.fullTitle(), state: 'failed', durationMs: t.duration ?? 0, error: err?.stack || String(err) }),
    );
  });
}

export async function run(): Promise<void> {
  const r = await runSuite();
  console.log(`${r.passes} passed, ${r.failures} failed${r.pending ? `, ${r.pending} skipped` : ''}`);
  if (r.failures > 0) throw new Error(`${r.failures} of ${r.tests.length} e2e tests failed`);
}
