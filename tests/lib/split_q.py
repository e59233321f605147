"""split_q.py OUT: aresolv-query --batch output, each query's on one line
("N block | block ..."), made comparable across servers: the reply's
length, AA flag and authority and additional sections are the server
software's (dnsmasq's, or aresolv's answers mode), not the records'."""
import re
import sys

blocks = re.split(r"(?m)^query: ", open(sys.argv[1]).read())[1:]
for i, b in enumerate(blocks):
    b = b.strip()
    b = re.sub(r"^ret=\d+ ", "ret=N ", b, flags=re.M)
    b = re.sub(r" aa=[01]", "", b)
    b = re.sub(r" ns=\d+ ar=\d+$", "", b, flags=re.M)
    b = "\n".join(l for l in b.split("\n") if not l.startswith(("ns ", "ar ")))
    print(i, b.replace("\n", " | "))
