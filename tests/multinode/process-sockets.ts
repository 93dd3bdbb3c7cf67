// Which local ports a process uses for its TCP connections to a given port on this machine (Linux /proc): lets a
// local receiver tell which server process a request came from, by the request's client port.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** Client ports of `pid`'s open TCP connections to `remotePort` (IPv4 and IPv6 tables). */
export function clientPortsOf(pid: number, remotePort: number): Set<number> {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) inodes.add(m[1]!);
    } catch {
      // closed between the listing and the read
    }
  }
  const ports = new Set<number>();
  for (const table of ['tcp', 'tcp6']) {
    let text = '';
    try {
      text = readFileSync(`/proc/${pid}/net/${table}`, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 10 || !inodes.has(cols[9]!)) continue;
      const port = (address: string) => parseInt(address.split(':').at(-1)!, 16);
      if (port(cols[2]!) === remotePort) ports.add(port(cols[1]!));
    }
  }
  return ports;
}
