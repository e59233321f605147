"""query_opcode.py: corpus lines from stdin to stdout, but for a raw
query (--query HEX) whose opcode is not QUERY: dnsmasq answers those
REFUSED up to 2.89 (Debian 12) and NOTIMP from 2.90 (Debian 13), so what
a recording or a file gives for them is one dnsmasq's, not the records'."""
import re
import sys

for line in sys.stdin:
    m = re.search(r"--query[ =]([0-9a-fA-F]{6})", line)
    if m and int(m.group(1)[4:6], 16) & 0x78:
        continue
    sys.stdout.write(line)
