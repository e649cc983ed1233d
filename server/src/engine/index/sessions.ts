// The lines of each smtpd session, from `connect from` to `disconnect from`, for folding: noted by
// an open document's first pass (documentPass.ts) as its syslog lines come.
import { sessionMarkers } from '../formats/markers';
import { SyslogHeader } from './syslogHeader';
import { SmtpdSession } from './types';

const { postfix: { text: POSTFIX }, smtpd: { text: SMTPD }, connectFrom: { text: CONNECT_FROM }, disconnectFrom: { text: DISCONNECT_FROM } } = sessionMarkers;

export class SmtpdSessions {
  readonly list: SmtpdSession[] = [];
  /** Sessions still open, by PID, with what tells them apart from another program's same PID. */
  private readonly open = new Map<string, { span: SmtpdSession; host: string; program: string }>();

  /** A syslog line (`h` its header): counted when it is an smtpd line. */
  syslog(line: string, n: number, h: SyslogHeader): void {
    if (!line.startsWith(POSTFIX, h.programStart)) return;
    // The daemon is the last part of the program name.
    const daemonStart = line.lastIndexOf('/', h.programEnd - 1) + 1;
    if (h.programEnd - daemonStart !== 5 || !line.startsWith(SMTPD, daemonStart)) return;
    const m = h.message;
    const pid = h.pidStart < 0 ? '' : line.slice(h.pidStart, h.pidEnd);
    if (line.startsWith(CONNECT_FROM, m)) {
      const span: SmtpdSession = { startLine: n, endLine: n };
      this.list.push(span);
      this.open.set(pid, { span, host: line.slice(h.hostStart, h.hostEnd), program: line.slice(h.programStart, h.programEnd) });
      return;
    }
    const s = this.open.get(pid);
    if (!s || s.host.length !== h.hostEnd - h.hostStart || !line.startsWith(s.host, h.hostStart)) return;
    if (s.program.length !== h.programEnd - h.programStart || !line.startsWith(s.program, h.programStart)) return;
    s.span.endLine = n;
    if (line.startsWith(DISCONNECT_FROM, m)) this.open.delete(pid);
  }
}
