// The README's Helix `languages.toml`, read as Helix reads it (TOML, by Python's tomllib) and used
// as Helix uses it: the server it starts, the file names it maps to our languages, and its `config`
// table sent at initialize and as the answer to workspace/configuration. Helix itself is not in
// Debian's packages, so this is the client's side of it, not Helix.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { ConfigurationRequest, PublishDiagnosticsNotification, PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { readmeBlocks, root } from './readme';
import { TestServer } from '../lsp/client';

interface Helix {
  'language-server': Record<string, { command: string; args: string[]; config: Record<string, unknown> }>;
  language: { name: string; 'language-id': string; 'file-types': (string | { glob: string })[]; 'language-servers': string[] }[];
}

function helixToml(): Helix {
  const [toml] = readmeBlocks('Helix', 'toml');
  const r = spawnSync('python3', ['-c', 'import sys, json, tomllib; print(json.dumps(tomllib.loads(sys.stdin.read())))'], { input: toml, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

/** Helix's file-types: a name matches the whole base name, a glob (only `*` here) the path. */
const matches = (type: string | { glob: string }, file: string) =>
  typeof type === 'string' ? path.basename(file) === type : new RegExp(`(^|/)${type.glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`).test(file);

test("the README's Helix languages.toml: our languages, our server, and file names mapped to the right one", () => {
  const h = helixToml();
  const server = h['language-server']['zimbra-logs'];
  assert.equal(server.command, 'node');
  assert.deepEqual([path.basename(server.args[0]), path.basename(path.dirname(server.args[0])), server.args[1]], ['server.js', 'dist', '--stdio']);
  const ids = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).contributes.languages.map((l: { id: string }) => l.id);
  assert.deepEqual(h.language.map((l) => l['language-id']).sort(), [...ids].sort());
  assert.ok(h.language.every((l) => l['language-servers'].includes('zimbra-logs')));
  const languageOf = (file: string) => h.language.filter((l) => l['file-types'].some((t) => matches(t, file))).map((l) => l['language-id']);
  for (const f of ['/var/log/zimbra.log', '/opt/zimbra/log/zimbra.log.1', '/var/log/maillog', 'logs/maillog-20261206']) assert.deepEqual(languageOf(f), ['postfix-log'], f);
  for (const f of ['/opt/zimbra/log/mailbox.log', '/opt/zimbra/log/mailbox.log.2026-12-05', 'audit.log', 'audit.log.1']) assert.deepEqual(languageOf(f), ['zimbra-log'], f);
});

test("the README's Helix config reaches the server as Helix sends it: at initialize, and as the answer to workspace/configuration", async () => {
  const { config } = helixToml()['language-server']['zimbra-logs'];
  const published: PublishDiagnosticsParams[] = [];
  // Helix answers a pull with the value at the section's path in `config` (null when none).
  const at = (section?: string) => (section ?? '').split('.').filter(Boolean).reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), config) ?? null;
  const server = await TestServer.start({ capabilities: { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: false } } }, initializationOptions: config }, (c) => {
    c.onNotification(PublishDiagnosticsNotification.type, (p) => void published.push(p));
    c.onRequest(ConfigurationRequest.type, (p) => p.items.map((i) => at(i.section)));
  });
  try {
    // Two bursts of failed logins: 6 from one address (line 1), 5 against one account (line 8).
    await server.open('test/fixtures/investigate/logs/audit.log', 'zimbra-log');
    const deadline = Date.now() + 10_000;
    let bursts: number[] | undefined;
    while (!bursts && Date.now() < deadline) {
      const p = published.find((d) => d.diagnostics.some((x) => x.code === 'login-burst'));
      bursts = p?.diagnostics.filter((x) => x.code === 'login-burst').map((x) => x.range.start.line);
      if (!bursts) await new Promise((r) => setTimeout(r, 100));
    }
    // burstCount = 6 in the config: the 5 failures against the account are no burst.
    assert.deepEqual(bursts, [1]);
  } finally {
    await server.stop();
  }
});
