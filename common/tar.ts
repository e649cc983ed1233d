// The tar format, as far as logs need it: ustar/GNU headers (512-byte blocks), GNU long names
// (`L`) and pax `path=` records, regular files only. Pure: bytes in, entries out. Used by the
// client's file system provider (archives read whole, within a size limit) and by the server's
// disk index (members streamed).

export interface TarEntry {
  name: string;
  size: number;
  /** `0` regular file, `5` directory, ... (typeflag). */
  type: string;
}

export class TarError extends Error {}

function text(b: Uint8Array, s: number, n: number): string {
  let e = s;
  while (e < s + n && b[e] !== 0) e++;
  return new TextDecoder().decode(b.subarray(s, e));
}

function octal(b: Uint8Array, s: number, n: number): number {
  // Base-256 (GNU) for sizes of 8 GB and more.
  if (b[s] & 0x80) {
    let v = b[s] & 0x7f;
    for (let i = 1; i < n; i++) v = v * 256 + b[s + i];
    return v;
  }
  const t = text(b, s, n).trim();
  if (!/^[0-7]*$/.test(t)) throw new TarError('not a tar archive (bad number in a header)');
  return t ? parseInt(t, 8) : 0;
}

function isZero(b: Uint8Array, s: number): boolean {
  for (let i = s; i < s + 512; i++) if (b[i] !== 0) return false;
  return true;
}

/** The header at `s` (512 bytes), or null for an end-of-archive (all-zero) block. */
export function tarHeader(b: Uint8Array, s: number): TarEntry | null {
  if (isZero(b, s)) return null;
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : b[s + i];
  if (octal(b, s + 148, 8) !== sum) throw new TarError('not a tar archive, or a corrupt one (header checksum mismatch)');
  const prefix = text(b, s + 345, 155);
  const name = text(b, s, 100);
  const type = String.fromCharCode(b[s + 156] || 48);
  return { name: prefix && text(b, s + 257, 6) === 'ustar' ? `${prefix}/${name}` : name, size: octal(b, s + 124, 12), type };
}

function paxPath(data: Uint8Array): string | undefined {
  const s = new TextDecoder().decode(data);
  const m = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(s);
  return m?.[1];
}

/** The largest long-name or pax header kept (a path is at most a few KB). */
const MAX_META = 1 << 20;

const padded = (n: number) => Math.ceil(n / 512) * 512;

/**
 * A tar archive fed in chunks of any size. `wants(entry)` says whether a regular file's data is
 * wanted: it then comes to `data` in order. `end()` throws when the archive stopped mid-member.
 */
export class TarStream {
  private head = new Uint8Array(512);
  private headFill = 0;
  /** Bytes of the current member still to come, then padding to skip. */
  private remaining = 0;
  private padding = 0;
  private current?: { entry: TarEntry; wanted: boolean; meta?: Uint8Array[] };
  private longName?: string;
  private ended = false;

  constructor(
    private readonly wants: (e: TarEntry) => boolean,
    private readonly data: (chunk: Uint8Array, e: TarEntry) => void,
  ) {}

  push(chunk: Uint8Array): void {
    let i = 0;
    while (i < chunk.length && !this.ended) {
      if (this.remaining > 0) {
        const n = Math.min(this.remaining, chunk.length - i);
        const part = chunk.subarray(i, i + n);
        const c = this.current!;
        if (c.meta) c.meta.push(part.slice());
        else if (c.wanted) this.data(part, c.entry);
        this.remaining -= n;
        i += n;
        if (this.remaining === 0) this.finishMember();
        continue;
      }
      if (this.padding > 0) {
        const n = Math.min(this.padding, chunk.length - i);
        this.padding -= n;
        i += n;
        continue;
      }
      const n = Math.min(512 - this.headFill, chunk.length - i);
      this.head.set(chunk.subarray(i, i + n), this.headFill);
      this.headFill += n;
      i += n;
      if (this.headFill === 512) {
        this.headFill = 0;
        this.header();
      }
    }
  }

  private header(): void {
    const e = tarHeader(this.head, 0);
    if (!e) {
      this.ended = true;
      return;
    }
    const meta = e.type === 'L' || e.type === 'x' || e.type === 'g';
    if (this.longName !== undefined && !meta) {
      e.name = this.longName;
      this.longName = undefined;
    }
    const regular = e.type === '0' || e.type === '7';
    // A long name or pax record is kept whole: one larger than any path is not a log archive.
    if (meta && e.size > MAX_META) throw new TarError(`not a log archive (a ${e.size}-byte ${e.type === 'L' ? 'long-name' : 'pax'} header)`);
    this.current = { entry: e, wanted: !meta && regular && this.wants(e), meta: meta ? [] : undefined };
    this.remaining = e.size;
    this.padding = padded(e.size) - e.size;
    if (e.size === 0) this.finishMember();
  }

  private finishMember(): void {
    const c = this.current!;
    if (c.meta) {
      const all = new Uint8Array(c.meta.reduce((a, x) => a + x.length, 0));
      let o = 0;
      for (const x of c.meta) {
        all.set(x, o);
        o += x.length;
      }
      if (c.entry.type === 'L') this.longName = text(all, 0, all.length);
      else if (c.entry.type === 'x') this.longName = paxPath(all) ?? this.longName;
    }
  }

  /** After the last chunk: an archive cut off inside a member or a header is an error. */
  end(): void {
    if (this.ended) return;
    if (this.remaining > 0 || this.headFill > 0) throw new TarError('truncated tar archive (it ends inside a member)');
  }
}

/** The regular files of a whole archive in memory, with where their data is. */
export function listTar(b: Uint8Array): { entry: TarEntry; offset: number }[] {
  const out: { entry: TarEntry; offset: number }[] = [];
  let s = 0;
  let longName: string | undefined;
  while (s + 512 <= b.length) {
    const e = tarHeader(b, s);
    if (!e) return out;
    const data = s + 512;
    if (data + e.size > b.length) throw new TarError(`truncated tar archive (member ${e.name} is cut off)`);
    if (e.type === 'L') longName = text(b, data, e.size);
    else if (e.type === 'x') longName = paxPath(b.subarray(data, data + e.size)) ?? longName;
    else if (e.type !== 'g') {
      if (longName !== undefined) e.name = longName;
      longName = undefined;
      if (e.type === '0' || e.type === '7') out.push({ entry: e, offset: data });
    }
    s = data + padded(e.size);
  }
  if (s < b.length || b.length === 0) throw new TarError('truncated tar archive');
  return out;
}

/** Whether a (decompressed) stream starts with a ustar or GNU tar header. */
export function isTarHeader(b: Uint8Array): boolean {
  if (b.length < 512) return false;
  const magic = String.fromCharCode(...b.subarray(257, 262));
  if (magic !== 'ustar') return false;
  try {
    return tarHeader(b, 0) !== null;
  } catch {
    return false;
  }
}

/** A name that says "tar inside gzip". */
export function isTarName(name: string): boolean {
  return /\.(tar\.gz|tgz|tar)$/i.test(name);
}
