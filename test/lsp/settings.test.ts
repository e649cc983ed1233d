// Protocol tests: where the server gets its settings from clients other than VS Code (pushed with
// workspace/didChangeConfiguration, given at initialize, pulled), what it registers, and bad values.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  ConfigurationParams,
  ConfigurationRequest,
  DidChangeConfigurationNotification,
  DocumentSymbolRequest,
  LogMessageNotification,
  LogMessageParams,
  MessageType,
  PublishDiagnosticsNotification,
  PublishDiagnosticsParams,
  RegistrationParams,
  RegistrationRequest,
} from 'vscode-languageserver-protocol/node';
import { FailedLoginsRequest } from '../../common/investigateProtocol';
import { TestServer } from './client';

// Two bursts of failed logins: 6 failures from one address, 5 against one account.
const AUDIT = 'test/fixtures/investigate/logs/audit.log';

/** A server whose diagnostics, log messages and registration requests are recorded. */
async function start(init: Parameters<typeof TestServer.start>[0], pulled?: (p: ConfigurationParams) => unknown[]) {
  const published: PublishDiagnosticsParams[] = [];
  const logged: LogMessageParams[] = [];
  const registrations: RegistrationParams[] = [];
  const pulls: ConfigurationParams[] = [];
  let wake: () => void = () => {};
  const server = await TestServer.start(init, (c) => {
    c.onNotification(PublishDiagnosticsNotification.type, (p) => {
      published.push(p);
      wake();
    });
    c.onNotification(LogMessageNotification.type, (p) => void logged.push(p));
    c.onRequest(RegistrationRequest.type, (p) => void registrations.push(p));
    if (pulled)
      c.onRequest(ConfigurationRequest.type, (p) => {
        pulls.push(p);
        return pulled(p);
      });
  });
  /** The login-burst lines of the first diagnostics published from `from` on that have bursts (the quick ones have none). */
  const bursts = async (from = 0): Promise<number[]> => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const p = published.slice(from).find((d) => d.diagnostics.some((x) => x.code === 'login-burst'));
      if (p) return p.diagnostics.filter((x) => x.code === 'login-burst').map((x) => x.range.start.line);
      if (Date.now() > deadline) throw new Error(`no burst diagnostics; published: ${JSON.stringify(published.slice(from).map((d) => d.diagnostics.map((x) => x.code)))}`);
      await new Promise<void>((r) => {
        wake = r;
        setTimeout(r, 200);
      });
    }
  };
  const push = (settings: unknown) => server.connection.sendNotification(DidChangeConfigurationNotification.type, { settings });
  /** Pushes each of `settings` in turn; the login-burst lines of the diagnostics published after. */
  const burstsAfter = async (...settings: unknown[]): Promise<number[]> => {
    const mark = published.length;
    for (const x of settings) await push(x);
    return bursts(mark);
  };
  return { server, published, logged, registrations, pulls, bursts, burstsAfter };
}

test('a client without workspace/configuration pushes settings: the open log is diagnosed again with them', async () => {
  const s = await start({ capabilities: { workspace: { didChangeConfiguration: { dynamicRegistration: false } } } });
  try {
    const uri = await s.server.open(AUDIT, 'zimbra-log');
    assert.deepEqual(await s.bursts(), [1, 8]);
    // Neovim's `settings`, pushed: bursts of 6 failures at least leave the first one.
    assert.deepEqual(await s.burstsAfter({ zimbraLogs: { security: { burstCount: 6 } } }), [1]);
    // The Failed Logins request goes by them too, unless it gives its own.
    assert.equal((await s.server.connection.sendRequest(FailedLoginsRequest, { uri })).bursts, 1);
    assert.equal((await s.server.connection.sendRequest(FailedLoginsRequest, { uri, burstCount: 5 })).bursts, 2);
    // Another server's settings in the same push leave ours as they were.
    assert.deepEqual(await s.burstsAfter({ otherServer: { enabled: true } }), [1]);
    // Dotted keys, as a flat settings file has them: 2 failures within a minute make a burst, so
    // the failures 40 s apart from one address still do, those 2 minutes apart against carol no longer.
    const lines = await s.burstsAfter({ zimbraLogs: { 'security.burstCount': 2, 'security.burstMinutes': 1 } });
    assert.equal(lines[0], 1);
    assert.ok(lines.every((l) => l < 8), String(lines));
    assert.deepEqual(s.registrations, []);
  } finally {
    await s.server.stop();
  }
});

test('settings given in initializationOptions apply from the first diagnostics', async () => {
  // As documented; and Helix's whole `config` table, which has the section at its top.
  for (const initializationOptions of [{ settings: { security: { burstCount: 6 } } }, { zimbraLogs: { security: { burstCount: 6 } } }]) {
    const s = await start({ capabilities: {}, initializationOptions });
    try {
      await s.server.open(AUDIT, 'zimbra-log');
      assert.deepEqual(await s.bursts(), [1], JSON.stringify(initializationOptions));
    } finally {
      await s.server.stop();
    }
  }
});

test('dynamicRegistration false: no client/registerCapability; true: didChangeConfiguration is registered for zimbraLogs', async () => {
  const pulled = () => [{ security: { burstCount: 6 } }];
  const without = await start({ capabilities: { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: false } } } }, pulled);
  const withIt = await start({ capabilities: { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } } } }, pulled);
  try {
    const uri = await without.server.open(AUDIT, 'zimbra-log');
    await withIt.server.open(AUDIT, 'zimbra-log');
    // Both pull (per document) and use what they get.
    assert.deepEqual(await without.bursts(), [1]);
    assert.deepEqual(await withIt.bursts(), [1]);
    assert.deepEqual(without.pulls[0].items, [{ scopeUri: uri, section: 'zimbraLogs' }]);
    assert.deepEqual(without.registrations, []);
    assert.deepEqual(withIt.registrations.flatMap((r) => r.registrations.map((x) => [x.method, x.registerOptions])), [['workspace/didChangeConfiguration', { section: 'zimbraLogs' }]]);
  } finally {
    await without.server.stop();
    await withIt.server.stop();
  }
});

test('bad values fall back to the defaults: no error, one warning naming each, the server serving on', async () => {
  const s = await start({ capabilities: {} });
  try {
    const uri = await s.server.open(AUDIT, 'zimbra-log');
    assert.deepEqual(await s.bursts(), [1, 8]);
    assert.deepEqual(await s.burstsAfter({ zimbraLogs: { security: { burstCount: 6 } } }), [1]);
    // Bad values replace the pushed ones with the defaults, not with the values before.
    assert.deepEqual(await s.burstsAfter({ zimbraLogs: { security: { burstCount: 'many', burstMinutes: -3 }, diagnostics: { minimumLevel: 42, deliveryFailures: 'no' }, accounts: 'strict', compressed: { maxSize: 0 } } }), [1, 8]);
    assert.deepEqual(await s.burstsAfter(null, { zimbraLogs: 7 }), [1, 8]);
    const symbols = await s.server.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } });
    assert.ok(Array.isArray(symbols));
    assert.deepEqual(s.logged.filter((m) => m.type === MessageType.Error), []);
    const warnings = s.logged.filter((m) => m.type === MessageType.Warning).map((m) => m.message.split(':')[1]?.trim());
    assert.deepEqual(warnings.sort(), ['zimbraLogs.compressed.maxSize', 'zimbraLogs.diagnostics.deliveryFailures', 'zimbraLogs.diagnostics.minimumLevel', 'zimbraLogs.security.burstCount', 'zimbraLogs.security.burstMinutes']);
  } finally {
    await s.server.stop();
  }
});
