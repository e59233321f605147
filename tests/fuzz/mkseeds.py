#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz harnesses into tests/fuzz/corpus/.

    python3 tests/fuzz/mkseeds.py

The DNS answers are built here byte by byte (header, question, answer and
authority records, with and without name compression) as a server would
send them to aresolv.  The output is committed; run this again only to
change the seeds.
"""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "corpus")

A, NS, CNAME, SOA, PTR, TXT, AAAA = 1, 2, 5, 6, 12, 16, 28
IN, CH = 1, 3


def write(harness, name, data):
    d = os.path.join(OUT, harness)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


class Packet:
    """A DNS message with RFC 1035 name compression (when compress)."""

    def __init__(self, qname, qtype, rcode=0, compress=True, qid=0x1234, flags=0x8180):
        self.qname, self.qtype, self.rcode, self.flags = qname, qtype, rcode, flags
        self.compress, self.qid = compress, qid
        self.buf = bytearray()
        self.names = {}
        self.an, self.ns = [], []

    def name(self, name):
        out = bytearray()
        labels = [l for l in name.split(".") if l] if name != "." else []
        for i in range(len(labels)):
            rest = ".".join(labels[i:]).lower()
            if self.compress and rest in self.names:
                out += struct.pack(">H", 0xC000 | self.names[rest])
                return bytes(out)
            pos = len(self.buf) + len(out)
            if pos < 0x3FFF:
                self.names.setdefault(rest, pos)
            lab = labels[i].encode("latin-1")
            out += bytes([len(lab)]) + lab
        return bytes(out + b"\0")

    def rr(self, section, name, rtype, rdata, ttl=300, rclass=IN):
        section.append((name, rtype, rdata, ttl, rclass))
        return self

    def answer(self, name, rtype, rdata, ttl=300, rclass=IN):
        return self.rr(self.an, name, rtype, rdata, ttl, rclass)

    def authority(self, name, rtype, rdata, ttl=300):
        return self.rr(self.ns, name, rtype, rdata, ttl)

    def pack(self):
        flags = self.flags | self.rcode   # default QR, RD, RA
        self.buf = bytearray(struct.pack(">HHHHHH", self.qid, flags, 1,
                                         len(self.an), len(self.ns), 0))
        self.names = {}
        self.buf += self.name(self.qname) + struct.pack(">HH", self.qtype, IN)
        for name, rtype, rdata, ttl, rclass in self.an + self.ns:
            self.buf += self.name(name)
            start = len(self.buf) + 10
            if callable(rdata):       # rdata with names: compressed at its place
                body = rdata(self, start)
            else:
                body = rdata
            self.buf += struct.pack(">HHIH", rtype, rclass, ttl, len(body)) + body
        return bytes(self.buf)


def ipv4(s):
    return bytes(int(x) for x in s.split("."))


def ipv6(s):
    import ipaddress
    return ipaddress.IPv6Address(s).packed


def target(name):
    """rdata that is a domain name (CNAME, PTR), compressed in place."""
    def build(p, at):
        saved = p.buf
        p.buf = bytearray(saved) + bytes(at - len(saved))
        out = p.name(name)
        p.buf = saved
        return out
    return build


def soa(p, at):
    return (target("ns1.example.com")(p, at) + b"\x0ahostmaster\x07example\x03com\x00"
            + struct.pack(">IIIII", 2024010101, 7200, 3600, 1209600, 300))


def answers():
    w = lambda n, p: write("answer", n, p if isinstance(p, bytes) else p.pack())
    w("a-one", Packet("www.example.com", A).answer("www.example.com", A, ipv4("93.184.216.34")))
    w("a-three", Packet("multi.example.com", A)
      .answer("multi.example.com", A, ipv4("192.0.2.1"))
      .answer("multi.example.com", A, ipv4("192.0.2.2"))
      .answer("MULTI.example.com", A, ipv4("192.0.2.3")))
    w("a-cname-chain", Packet("www.example.com", A)
      .answer("www.example.com", CNAME, target("edge.example.net"))
      .answer("edge.example.net", CNAME, target("host.cdn.example.org"))
      .answer("host.cdn.example.org", A, ipv4("198.51.100.7"))
      .answer("host.cdn.example.org", A, ipv4("198.51.100.8")))
    w("a-uncompressed", Packet("plain.example.com", A, compress=False)
      .answer("plain.example.com", CNAME, target("other.example.com"))
      .answer("other.example.com", A, ipv4("203.0.113.9")))
    w("aaaa-one", Packet("www.example.com", AAAA)
      .answer("www.example.com", AAAA, ipv6("2001:db8::1")))
    w("aaaa-cname", Packet("v6.example.com", AAAA)
      .answer("v6.example.com", CNAME, target("v6.example.net"))
      .answer("v6.example.net", AAAA, ipv6("2001:db8:1::10"))
      .answer("v6.example.net", AAAA, ipv6("fe80::1")))
    w("a-and-aaaa", Packet("dual.example.com", A)
      .answer("dual.example.com", A, ipv4("192.0.2.50"))
      .answer("dual.example.com", AAAA, ipv6("2001:db8::50"))
      .answer("dual.example.com", TXT, b"\x05hello"))
    w("ptr-v4", Packet("4.3.2.1.in-addr.arpa", PTR)
      .answer("4.3.2.1.in-addr.arpa", PTR, target("host.example.com"))
      .answer("4.3.2.1.in-addr.arpa", PTR, target("alias.example.com")))
    v6ptr = ".".join(reversed(ipv6("2001:db8::1").hex())) + ".ip6.arpa"
    w("ptr-v6", Packet(v6ptr, PTR).answer(v6ptr, PTR, target("six.example.com")))
    w("ptr-cname", Packet("5.2.0.192.in-addr.arpa", PTR)
      .answer("5.2.0.192.in-addr.arpa", CNAME, target("5.0/26.2.0.192.in-addr.arpa"))
      .answer("5.0/26.2.0.192.in-addr.arpa", PTR, target("classless.example.com")))
    w("nxdomain", Packet("nope.example.com", A, rcode=3)
      .authority("example.com", SOA, soa))
    w("nodata", Packet("mail.example.com", AAAA).authority("example.com", SOA, soa))
    w("servfail", Packet("broken.example.com", A, rcode=2))
    w("cname-only", Packet("alias.example.com", A)
      .answer("alias.example.com", CNAME, target("target.example.com")))
    w("cname-loop", Packet("loop.example.com", A)
      .answer("loop.example.com", CNAME, target("pool.example.com"))
      .answer("pool.example.com", CNAME, target("loop.example.com"))
      .answer("loop.example.com", A, ipv4("192.0.2.77")))
    many = Packet("many.example.com", A)
    for i in range(70):   # more than AR_MAXADDRS
        many.answer("many.example.com", A, bytes([10, 0, i // 256, i % 256]))
    w("a-seventy", many)
    long_name = ".".join(["a" * 63, "b" * 63, "c" * 63, "d" * 61])
    w("a-long-name", Packet(long_name, A).answer(long_name, A, ipv4("192.0.2.99")))
    odd = "we\\.ird\x01na_me.example.com"
    w("a-odd-labels", Packet(odd, A).answer(odd, A, ipv4("192.0.2.98")))
    # names that are no host names: the question (a leading '-'), a CNAME
    # target (not an alias; for AF_UNSPEC the name is the last good one)
    w("a-dash-question", Packet("-dash.example.com", A)
      .answer("-dash.example.com", A, ipv4("192.0.2.20")))
    w("a-cname-not-host", Packet("www.example.com", A)
      .answer("www.example.com", CNAME, target("good.example.net"))
      .answer("good.example.net", CNAME, target("bad!name.example.net"))
      .answer("bad!name.example.net", CNAME, target("-dash.example.net"))
      .answer("-dash.example.net", A, ipv4("192.0.2.21")))
    w("aaaa-cname-not-host", Packet("www.example.com", AAAA)
      .answer("www.example.com", CNAME, target("x_y.example.net"))
      .answer("x_y.example.net", CNAME, target("sp ace.example.net"))
      .answer("sp ace.example.net", AAAA, ipv6("2001:db8::21")))
    # the owner in another case, uncompressed
    w("a-owner-case", Packet("case.example.com", A, compress=False)
      .answer("CASE.Example.COM", A, ipv4("192.0.2.22")))
    # records of class CH: gethostbyname's reading skips them (a CNAME
    # too), getaddrinfo's AF_UNSPEC reading does not
    w("a-class-ch", Packet("chaos.example.com", A)
      .answer("chaos.example.com", CNAME, target("other.example.com"), rclass=CH)
      .answer("chaos.example.com", A, ipv4("192.0.2.23"))
      .answer("other.example.com", A, ipv4("192.0.2.24"), rclass=CH))
    # the same CNAME target twice, and a name repeated (kept, as glibc)
    w("a-cname-repeat", Packet("rep.example.com", A)
      .answer("rep.example.com", CNAME, target("rep.example.com"))
      .answer("rep.example.com", CNAME, target("two.example.com"))
      .answer("x.example.com", CNAME, target("two.example.com"))
      .answer("two.example.com", A, ipv4("192.0.2.25")))
    # a PTR whose target is no host name comes first: an error
    w("ptr-bad-target", Packet("1.2.0.192.in-addr.arpa", PTR)
      .answer("1.2.0.192.in-addr.arpa", PTR, target("bad!.example.com"))
      .answer("1.2.0.192.in-addr.arpa", PTR, target("good.example.com")))
    # a PTR of another owner, then of class CH, then the one
    w("ptr-owner-class", Packet("1.2.0.192.in-addr.arpa", PTR)
      .answer("2.2.0.192.in-addr.arpa", PTR, target("other.example.com"))
      .answer("1.2.0.192.in-addr.arpa", PTR, target("chaos.example.com"), rclass=CH)
      .answer("1.2.0.192.IN-ADDR.arpa", PTR, target("good.example.com")))
    # the root asked
    w("a-root", Packet(".", A).answer(".", A, ipv4("192.0.2.26")))
    # malformed: a pointer to itself, and a packet cut short
    loop = bytearray(Packet("x.example", A).answer("x.example", A, ipv4("1.2.3.4")).pack())
    loop[12:14] = b"\xc0\x0c"
    w("bad-pointer-loop", bytes(loop))
    w("bad-truncated", Packet("www.example.com", A)
      .answer("www.example.com", A, ipv4("93.184.216.34")).pack()[:-3])
    # for udpreply.c (the harness notes a query with the reply's ID):
    # a lame reply (NOERROR, no answer, no AA, no RA, no additional
    # records), which c-ares is told is SERVFAIL
    w("udp-lame", Packet("lame.example.com", A, flags=0x8100))
    # TC set: accepted, but not kept (the answer comes over TCP)
    w("udp-tc", Packet("big.example.com", A, flags=0x8380)
      .answer("big.example.com", A, ipv4("192.0.2.10")))
    # the question in another case than www.example.com A
    w("udp-upper-case", Packet("WWW.Example.COM", A)
      .answer("WWW.Example.COM", A, ipv4("192.0.2.11")))
    # two questions: never the reply to a one-question query
    two = bytearray(Packet("www.example.com", A).pack())
    two[4:6] = b"\0\2"
    w("udp-two-questions", bytes(two + two[12:]))
    # shorter than a header
    w("udp-short", Packet("www.example.com", A).pack()[:11])
    # the question's name "a.b" is a pointer into the header (ID 0x0161
    # is the label "a", the flags "b", QDCOUNT's high byte the root): 18
    # bytes, where the query's own question ends at 21
    w("udp-question-in-header", b"\x01a\x01b\0\1\0\0\0\0\0\0" + b"\xc0\0\0\1\0\1")
    # a 12-byte REFUSED without a question: the reply (Debian 12's
    # send_dg); with a 13th byte it is not
    w("udp-refused-header", struct.pack(">HHHHHH", 0x1234, 0x8185, 0, 0, 0, 0))
    w("udp-servfail-header-13", struct.pack(">HHHHHH", 0x1234, 0x8182, 0, 0, 0, 0) + b"\0")
    # the question's name a pointer past the datagram's end: glibc reads
    # its buffer there (zeros, the root), "." A IN
    w("udp-question-past-end", struct.pack(">HHHHHH", 0x1234, 0x8180, 1, 0, 0, 0)
      + b"\xc0\x12\0\1\0\1")
    # ... and far past it, where a smaller buffer would have ended
    w("udp-question-far-past-end", struct.pack(">HHHHHH", 0x1234, 0x8180, 1, 0, 0, 0)
      + b"\xc5\x00\0\1\0\1")


HOSTS_DEBIAN = """127.0.0.1\tlocalhost
127.0.1.1\tbuild.example.org\tbuild

# The following lines are desirable for IPv6 capable hosts
::1     localhost ip6-localhost ip6-loopback
ff02::1 ip6-allnodes
ff02::2 ip6-allrouters
"""

HOSTS_MIXED = """# aliases, duplicates, comments and odd spacing
10.0.0.1   web web.lan   WWW   # trailing comment
10.0.0.2\tweb db
  10.0.0.3 \t cache\tcache.lan
2001:db8::1 web six six.lan
::ffff:10.0.0.9 mapped
::1 loop6
fe80::1 linklocal
notanaddress bogus
192.0.2.1
192.0.2.2 trailing.dot.
300.1.1.1 badquad
"""

HOSTS_CRLF = "127.0.0.1 localhost\r\n10.1.1.1 crlf crlf.alias\r\n10.1.1.2\tcr\rcr2\rcr3\r\n"


def hosts():
    write("hosts", "debian", HOSTS_DEBIAN)
    write("hosts", "mixed", HOSTS_MIXED)
    write("hosts", "crlf", HOSTS_CRLF)
    write("hosts", "empty", "")
    write("hosts", "many-same-name", "".join("10.2.%d.%d many\n" % (i // 250, i % 250 + 1)
                                             for i in range(70)))
    write("hosts", "no-newline", "198.51.100.1 last")


NUMERIC = {
    "v4": "192.0.2.1", "v4-short": "127.1", "v4-hex": "0x7f.0.0.1",
    "v4-octal": "017.0.0.1", "v4-one-number": "4294967295", "v4-overflow": "4294967296",
    "v4-trailing-dot": "1.2.3.4.", "v4-space-junk": "1.2.3.4 x", "v4-five-parts": "1.2.3.4.5",
    "v6": "2001:db8::1", "v6-loop": "::1", "v6-mapped": "::ffff:192.0.2.1",
    "v6-scope-num": "fe80::1%2", "v6-scope-name": "fe80::1%lo", "v6-scope-bad": "2001:db8::1%eth9",
    "v6-bad": "1:2:3:4:5:6:7:8:9", "name": "www.example.com", "name-dot": "www.example.com.",
    "name-localhost": "db.localhost.", "name-onion": "abcdefghijklmnop.onion",
    "name-escape": "a\\.b\\046c.example", "name-dash": "-bad.example",
    "name-empty-label": "a..b", "name-underscore": "_srv._tcp.example",
    "name-long-label": "x" * 64 + ".example", "root": ".", "hex-colon": "a:b",
}

SERVICE_SELECTORS = {   # first byte: the hints combination (see service.c)
    "any": 0, "stream": 1, "dgram": 2, "raw": 3, "tcp": 4, "sctp": 6,
    "numericserv": 0x80, "seqpacket": 8,
}
SERVICES = [("any", "80"), ("any", "http"), ("any", "domain"), ("stream", "ssh"),
            ("dgram", "53"), ("raw", "0"), ("raw", "http"), ("numericserv", "http"),
            ("numericserv", "443"), ("any", "65536"), ("any", "-1"), ("any", ""),
            ("sctp", "http"), ("tcp", "0x50"), ("seqpacket", "9"), ("any", "+80"),
            ("any", " 80"), ("any", "007")]

CONFIG = {
    "defaults": "",
    "servers": "ARESOLV_SERVERS=127.0.0.1:5353,[::1]:53,::1,192.0.2.1\n",
    "servers-bad": "ARESOLV_SERVERS=[::1]x,1.2.3.4:0,,300.1.1.1:65536\n",
    "numbers": "ARESOLV_TIMEOUT_MS=250\nARESOLV_TRIES=3\nARESOLV_MODE=native\n"
               "ARESOLV_FALLBACK=never\nARESOLV_DISABLE=0\n",
    "numbers-bad": "ARESOLV_TIMEOUT_MS=0600001\nARESOLV_TRIES=+3\nARESOLV_MODE=x\n"
                   "ARESOLV_DISABLE=2\nARESOLV_FALLBACK=\n",
    "resolv-conf": "[resolv.conf]\nnameserver 192.0.2.53\nsearch example.com\n"
                   "options timeout:2 attempts:4 rotate\noptions\ttimeout:99\n",
    "res-options": "RES_OPTIONS=attempts:9 timeout:-3 ndots:2\n"
                   "[resolv.conf]\noptions attempts:1\n",
    "host-conf": "RESOLV_MULTI=off\n[host.conf]\norder hosts,bind\nmulti on\n",
    "nsswitch": "[nsswitch.conf]\npasswd: files\nhosts: files mdns4_minimal "
                "[NOTFOUND=return] dns myhostname\n",
    "nsswitch-unclosed": "[nsswitch.conf]\nhosts: files [NOTFOUND=return dns\n",
    "gai-conf": "[gai.conf]\nreload yes\nlabel ::1/128 0\nlabel ::/0 1\n"
                "precedence ::ffff:0:0/96 100\nprecedence 2001:db8::/32 5\n"
                "scopev4 ::ffff:169.254.0.0/112 2\nscopev4 10.0.0.0/8 5\nscopev4 0.0.0.0/0 14\n",
    "gai-conf-bad": "[gai.conf]\nlabel ::1/129 0\nprecedence ::/x 1\nscopev4 ::ffff:1.2.3.4/95 1\n"
                    "scopev4 1.2.3.4/33 1\nlabel 1.2.3.4 2\nbogus line here\n",
}


def main():
    answers()
    hosts()
    for name, s in NUMERIC.items():
        write("numeric", name, s)
    for sel, serv in SERVICES:
        tag = serv.strip() or "empty"
        tag = "".join(c if c.isalnum() else "_" for c in tag)
        write("service", "%s-%s" % (sel, tag), bytes([SERVICE_SELECTORS[sel]]) + serv.encode())
    for name, s in CONFIG.items():
        write("config", name, s)


if __name__ == "__main__":
    main()
