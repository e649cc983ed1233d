// Issue 14, defect 2: a mailbox.log result is linked to a delivery only through what it belongs
// to (the Message-ID, or the LMTP session of that Message-ID: the thread's `Delivering message`
// followed by its `rejecting message` for the same sender), and it never overrides the MTA's own
// status (test/fixtures/trace/quota):
//   q-1  sent (250 from LMTP); later, on the same LMTP thread, another sender's message to the same
//        recipient is refused at RCPT time: q-1 is delivered, the refusal is q-2's.
//   q-2  deferred at RCPT TO (452 Over quota): the refusal from its sender is its result.
//   q-3  two recipients in one LMTP session: one added, one refused over quota (bounced at DATA).
//   q-4  sent, but its session logged a refusal: the MTA's status stands.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { readTraceSet } from '../../server/src/logs/wholeLogs';
import { messageSummary } from '../../server/src/engine/traceText';
import { WorkspaceTraces } from '../../server/src/lsp/traceWorkspace';
import { fixtures } from './helpers';

const dir = path.join(fixtures, 'trace', 'quota');
const files = ['zimbra.log', 'mailbox.log'].map((f) => path.join(dir, f));

async function traced(query: string) {
  const set = await readTraceSet(files, { year: 2026 });
  const ms = set.query(query);
  assert.equal(ms.length, 1, query);
  return ms[0];
}

test('a delivery the MTA logged as sent is not given another message\'s overquota on the same LMTP thread', async () => {
  const m = await traced('q-1@partner.org');
  assert.equal(messageSummary(m), 'mail.partner.org [198.51.100.7] → 5A1B2C3D4E1 → mbox01.example.com Inbox ✓ delivered');
  const mb = m.deliveries[0].mailbox!;
  assert.deepEqual([mb.status, mb.account, mb.events.map((e) => e.line + 1)], ['delivered', 'carol@example.com', [1, 2]]);
});

test('the refusal at RCPT time is the result of the delivery it refused: same recipient, same sender', async () => {
  const m = await traced('q-2@other.org');
  assert.equal(messageSummary(m), 'relay.other.org [203.0.113.40] → 5A1B2C3D4E2 → mbox01.example.com ✗ overquota');
  assert.deepEqual(m.deliveries[0].mailbox!.events.map((e) => e.line + 1), [3]);
});

test('a real overquota in the LMTP session of the message, shown on the bounced delivery, with the session\'s lines', async () => {
  const m = await traced('<q-3@partner.org>');
  assert.equal(messageSummary(m), 'mail.partner.org [198.51.100.7] → 5A1B2C3D4E3 → dave@example.com: mbox01.example.com Inbox ✓ delivered; carol@example.com: mbox01.example.com ✗ overquota');
  const carol = m.deliveries.find((d) => d.delivery.recipient === 'carol@example.com')!;
  assert.equal(carol.delivery.status, 'bounced');
  assert.deepEqual([carol.mailbox!.status, carol.mailbox!.reason, carol.mailbox!.events.map((e) => e.line + 1)], ['overquota', 'overquota', [4, 6]]);
});

test('the MTA\'s status=sent stands whatever mailbox.log says', async () => {
  const m = await traced('q-4@partner.org');
  assert.equal(m.deliveries[0].mailbox, undefined);
  assert.equal(messageSummary(m), 'mail.partner.org [198.51.100.7] → 5A1B2C3D4E4 → lmtp mbox01 ✓ sent');
});

test('the code lens summary of the sent delivery (the folder read as the language server reads it)', async () => {
  const traces = new WorkspaceTraces();
  await traces.setOf(dir);
  const uri = pathToFileURL(files[0]).toString();
  assert.equal(traces.summaryAt(uri, 3, '5A1B2C3D4E1'), 'mail.partner.org [198.51.100.7] → 5A1B2C3D4E1 → mbox01.example.com Inbox ✓ delivered');
  assert.equal(traces.summaryAt(uri, 8, '5A1B2C3D4E2'), 'relay.other.org [203.0.113.40] → 5A1B2C3D4E2 → mbox01.example.com ✗ overquota');
});
