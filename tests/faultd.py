#!/usr/bin/env python3
"""faultd: a small fault-injecting DNS server for aresolv's tests (stdlib only).

    faultd.py --addr 10.53.0.53 [--port 53] [--alt-addr 10.53.0.54]
              [--ready-file FILE] [--lifetime 300]

It listens on ADDR:PORT over UDP and TCP, answers only the client that sent
each query (never any other address), prints "ready" on stdout (and writes
FILE) once every socket is bound, and exits by itself after --lifetime
seconds (default 300) or on SIGTERM/SIGINT.

The behaviour is chosen by the first label of the query name in the zone
fault.test, up to its first '-' ("servfail.fault.test",
"chain20-7.fault.test" is case "chain20").  One instance serves every case.
Unknown labels under fault.test give NXDOMAIN; names outside fault.test,
9.53.10.in-addr.arpa and the aliases names below give REFUSED.  Success
data, unless a case says otherwise: A 10.53.9.1, AAAA fd53::9:1, PTR
ok.fault.test; other types get NOERROR with no records.  A UDP answer longer than 512 bytes (or the
query's EDNS size) goes out as an empty answer with TC set, as a real
server's would, and the client retries over TCP.

Forward cases (A and AAAA alike):

  ok          A 10.53.9.1 / AAAA fd53::9:1
  nodata      NOERROR, no records
  drop        never answered (UDP or TCP)
  servfail    RCODE 2          refused   RCODE 5
  formerr     RCODE 1          notimp    RCODE 4
  nxdomain    RCODE 3 (AA)
  tc          UDP: TC bit, no records; TCP: the ok answer
  big         UDP: TC; TCP: as many records as fit in one DNS message.  A
              DNS message over TCP has a 16-bit length prefix, so it can
              never exceed 65535 bytes: that is 4093 A records (16 bytes
              each with a compressed owner, after the 32-byte header and
              question of "big.fault.test") or 2339 AAAA records.
              Addresses 10.53.16.0 upward / fd53::a:0 upward.
  many        UDP: TC; TCP: 2000 A (10.53.16.0..) or 2000 AAAA records
  wrongid     UDP and TCP: the ok answer with an ID that is never the query's
  wrongq      the ok answer for another question name (other.fault.test)
  wrongport   the ok answer sent from another UDP socket (an ephemeral port)
  wrongaddr   the ok answer sent from --alt-addr port PORT (the test adds
              that address to lo); without --alt-addr, like drop
  short       a 12-byte header only (right ID, QDCOUNT 1, ANCOUNT 1)
  shorthdr    the first 7 bytes of a header (right ID)
  shortrr     the ok answer cut in the middle of the answer's RDATA
  garbage     deterministic pseudo-random bytes (seeded by the question)
              with an ID that is not the query's
  garbageid   the same, but with the query's ID
  cnameloop   cnameloop CNAME cnameloop-b, cnameloop-b CNAME cnameloop
  chainN      a chain of N CNAMEs, all in the answer section:
              chainN -> chainN-1 -> ... -> chainN-N, then the A/AAAA of
              chainN-N (chain20, chain21, chain40: any N from 1 to 200)
  name253     a CNAME to a name of exactly 253 characters (255 octets in
              wire form, the maximum), then its A/AAAA: valid
  name254     the same with a 254-character target (256 octets): invalid
  name255     the same with a 255-character target (257 octets): invalid
  qlong       any name whose first label starts with "qlong" answers ok
              (lets the test ask for 253- and 254-character names itself)
  label63     a CNAME to a name whose first label has 63 octets: valid
  label64     a CNAME to a name whose first label's length byte is 64
              (0x40, a reserved label type): invalid
  ptrloop     an answer whose owner name is a compression pointer to itself
  ptrloop2    two compression pointers pointing at each other
  ptrout      a compression pointer past the end of the message
  delayN      the ok answer after N ms (delay1500, delay200)
  tcpclose    UDP: TC; TCP: the length prefix and half of the message, then
              the connection is closed
  tcpdrop     UDP: TC; TCP: the connection is accepted and never answered,
              then closed after 3 s (glibc reads TCP without a timeout: it
              would wait as long as the server holds the connection)
  cnametxt    cnametxt CNAME cnametxt-t, then a TXT record of cnametxt-t
              (records, but none of the type asked)
  txtonly     two TXT records of the question's name, nothing else
  sigonly     two SIG records (type 24) of the question's name, nothing else
  cnamedash   a CNAME to "-x.fault.test" (no host name), then its A/AAAA
  cnamestar   a CNAME to "a*b.fault.test" (no host name), then its A/AAAA
  cnamestar2  cnamestar2 CNAME a*b.fault.test, a*b.fault.test CNAME
              cnamestar2-z, then the A/AAAA of cnamestar2-z
  ptrdash     (PTR) a PTR to "-test.ptr.example" (no host name)
  ptrmulti    (PTR) three PTRs: first.fault.test, second..., third...
  ptrbadfirst (PTR) a PTR to "-test.ptr.example", then one to ok.fault.test
  bareservfail, barenotimp, barerefused
              a bare 12-byte reply: the query's ID, RCODE 2, 4 or 5,
              QDCOUNT 0 (no question); from --alt-addr, the ok answer
  aaaaservfail, aaaarefused, aaaanotimp, aaaaformerr, aaaanxdomain
              A: the ok answer; AAAA: SERVFAIL, REFUSED, NOTIMP, FORMERR
              or NXDOMAIN (one family of a getaddrinfo pair fails: glibc
              2.41's strict-error); from --alt-addr, the ok answer
  aservfail   A: SERVFAIL; AAAA: the ok answer; from --alt-addr, ok

A name whose first label is KEY-something (chain20-7, name253-..., label63-...)
answers ok, so a resolver that follows a CNAME with a query of its own
still ends at 10.53.9.1 -- except cnameloop-b, which loops back.

glibc's resolv/tst-resolv-aliases, whose names are outside fault.test: a
name whose first label is aADDRESSES-cCNAMES, alone or under example.net
or example.com (a3-c2, a3-c2.example.net, a3-c2.example.net.example.com), is
answered as that test's server answers: a SIG record (type 24) of the
name, then CNAMES CNAMEs (the name -> 0.alias.example -> 1.alias.example
...), each followed by a SIG of the name, then ADDRESSES records of the
last name: A 192.0.2.(1+i) (the last octet wraps, as the test's char
does), AAAA 2001:db8::(1+i) (one byte: wraps alike), as many as fit in
65535 bytes.  ADDRESSES 255 means none and RCODE NXDOMAIN (the CNAMEs and
SIGs still in the answer).  Large answers go over TCP after a truncated
UDP one.

For search lists, whatever its first label: a name under sf.fault.test
(ok.sf.fault.test) is answered SERVFAIL, a name under rf.fault.test REFUSED.

The --alt-addr address (UDP only) answers as ADDR does, except that the
bare* cases get the ok answer there: with resolv.conf naming ADDR then
--alt-addr, a resolver that moves on at once after the bare error answers
at once.

Reverse cases, in 9.53.10.in-addr.arpa (for getnameinfo and gethostbyaddr):
the address 10.53.9.N behaves as case REVERSE[N]:

   1 ok (PTR ok.fault.test)   2 servfail      3 drop         4 garbageid
   5 ptrloop (self-pointer in the PTR target) 6 label64      7 nxdomain
   8 name253 (PTR to a 253-character name)    9 name254     10 wrongid
  11 tc (TCP: PTR ok.fault.test)             12 refused     13 short
  14 cnameloop                               15 nodata      16 shortrr
  17 label63                                 18 delay1500   19 delay200
  20 ptrout                                  21 wrongq      22 garbage
  23 formerr                                 24 notimp      25 chain20
  26 tcpclose                                27 ptrdash     28 ptrmulti
  29 ptrbadfirst                             30 bareservfail
  31 barenotimp                              32 barerefused
  33 cnametxt (CNAME, then a TXT of its target)

All pseudo-random data is seeded by the question, so every run of a test
sees the same bytes.
"""
import argparse
import os
import random
import re
import signal
import socket
import struct
import sys
import threading
import time
import zlib

ZONE = "fault.test"
RZONE = "9.53.10.in-addr.arpa"
A, NS, CNAME, SOA, PTR, TXT, SIG, AAAA = 1, 2, 5, 6, 12, 16, 24, 28
NOERROR, FORMERR, SERVFAIL, NXDOMAIN, NOTIMP, REFUSED = 0, 1, 2, 3, 4, 5

REVERSE = {
    1: "ok", 2: "servfail", 3: "drop", 4: "garbageid", 5: "ptrloop",
    6: "label64", 7: "nxdomain", 8: "name253", 9: "name254", 10: "wrongid",
    11: "tc", 12: "refused", 13: "short", 14: "cnameloop", 15: "nodata",
    16: "shortrr", 17: "label63", 18: "delay1500", 19: "delay200",
    20: "ptrout", 21: "wrongq", 22: "garbage", 23: "formerr", 24: "notimp",
    25: "chain20", 26: "tcpclose", 27: "ptrdash", 28: "ptrmulti",
    29: "ptrbadfirst", 30: "bareservfail", 31: "barenotimp", 32: "barerefused",
    33: "cnametxt",
}


# ---- wire format -------------------------------------------------------

def wire_labels(labels):
    """Wire form of a list of labels (bytes), unchecked: the caller may
    build names longer than 255 octets on purpose."""
    return b"".join(bytes([len(l)]) + l for l in labels) + b"\0"


def wire(name):
    name = name.rstrip(".")
    return wire_labels([l.encode() for l in name.split(".")] if name else [])


def long_name(total, head, suffix=ZONE):
    """A name of exactly `total` characters (no trailing dot) under suffix,
    whose first label starts with head."""
    rest = total - len(suffix) - 1
    labels = []
    while rest > 0:
        n = min(63, rest)
        if rest - n == 1:  # the next label would be empty
            n -= 1
        lab = (head + "x" * 63)[:n] if not labels else "y" * n
        labels.append(lab)
        rest -= n
        if rest:
            rest -= 1  # the dot after this label
    name = ".".join(labels + [suffix])
    assert len(name) == total, (len(name), total)
    return name


def rr(owner, rtype, rdata, ttl=60):
    return owner + struct.pack(">HHIH", rtype, 1, ttl, len(rdata)) + rdata


class Query:
    def __init__(self, data):
        if len(data) < 12:
            raise ValueError("short")
        self.id, self.flags, qd = struct.unpack(">HHH", data[:6])
        if qd != 1 or self.flags & 0x8000:
            raise ValueError("not one question")
        labels, i = [], 12
        while True:
            n = data[i]
            i += 1
            if n == 0:
                break
            if n > 63:
                raise ValueError("compressed or bad label in a question")
            labels.append(data[i:i + n])
            i += n
        self.labels = labels
        self.qname_wire = data[12:i]
        self.qtype, self.qclass = struct.unpack(">HH", data[i:i + 4])
        self.question = data[12:i + 4]
        self.name = b".".join(labels).decode("ascii", "replace").lower()
        self.udp_size = 512
        try:  # an EDNS OPT record raises the UDP limit
            an, ns, ar = struct.unpack(">HHH", data[6:12])
            i += 4
            for _ in range(an + ns + ar):
                while data[i] and data[i] < 0xc0:
                    i += data[i] + 1
                i += 2 if data[i] >= 0xc0 else 1
                rtype, rclass, _, rdlen = struct.unpack(">HHIH", data[i:i + 10])
                if rtype == 41:
                    self.udp_size = max(512, rclass)
                i += 10 + rdlen
        except (IndexError, struct.error):
            pass


def header(q, rcode=NOERROR, an=0, ns=0, ar=0, tc=False, aa=True, qid=None, qd=1):
    flags = 0x8000 | (q.flags & 0x7900) | 0x0080 | rcode  # QR, opcode+RD, RA
    if aa:
        flags |= 0x0400
    if tc:
        flags |= 0x0200
    return struct.pack(">HHHHHH", q.id if qid is None else qid, flags, qd, an, ns, ar)


def message(q, answers=(), rcode=NOERROR, tc=False, qid=None, question=None):
    return (header(q, rcode, an=len(answers), tc=tc, qid=qid)
            + (q.question if question is None else question) + b"".join(answers))


def terminal(q, owner):
    """The success record(s) for owner: A, AAAA or PTR per the qtype."""
    if q.qtype == A:
        return [rr(owner, A, socket.inet_pton(socket.AF_INET, "10.53.9.1"))]
    if q.qtype == AAAA:
        return [rr(owner, AAAA, socket.inet_pton(socket.AF_INET6, "fd53::9:1"))]
    if q.qtype == PTR:
        return [rr(owner, PTR, wire("ok." + ZONE))]
    return []


def target_answer(q, target_wire):
    """For A/AAAA: qname CNAME target, then target's terminal record.  For
    PTR: qname PTR target."""
    if q.qtype == PTR:
        return [rr(b"\xc0\x0c", PTR, target_wire)]
    if q.qtype in (A, AAAA):
        # compressed as a real server would: the CNAME's owner points at the
        # question, the A/AAAA's owner at the CNAME's target
        at = 12 + len(q.question) + 2 + 10
        return [rr(b"\xc0\x0c", CNAME, target_wire)] + terminal(q, struct.pack(">H", 0xc000 | at))
    return []


def rng(q, salt):
    return random.Random(zlib.crc32(q.question.lower() + salt))


def ok_msg(q):
    return message(q, terminal(q, b"\xc0\x0c"))  # owner: the question's name


def many_msg(q, count):
    """Up to count records with compressed owners, within 65535 bytes."""
    size = 16 if q.qtype == A else 28
    room = (65535 - 12 - len(q.question)) // size
    n = min(count, room)
    out = []
    for i in range(n):
        if q.qtype == A:
            data = bytes([10, 53, 16 + (i >> 8), i & 255])
        else:
            data = socket.inet_pton(socket.AF_INET6, "fd53::a:%x" % i)
        out.append(rr(b"\xc0\x0c", q.qtype, data))
    m = message(q, out)
    assert len(m) <= 65535
    return m


# ---- the cases ---------------------------------------------------------
# A case returns a list of actions:
#   ("send", bytes)          reply to the client on the socket it used
#   ("from", sock, bytes)    UDP only: reply from another socket
#   ("later", ms, bytes)     reply after ms milliseconds
#   ("partial", bytes)       TCP only: write these raw bytes, then close
#   ("hold", s)              TCP only: answer nothing, close after s seconds
# and nothing for "drop".

# One family fails, the other answers: KEY -> (the failing type, its case).
HALF = {"aaaaservfail": (AAAA, "servfail"), "aaaarefused": (AAAA, "refused"),
        "aaaanotimp": (AAAA, "notimp"), "aaaaformerr": (AAAA, "formerr"),
        "aaaanxdomain": (AAAA, "nxdomain"), "aservfail": (A, "servfail")}


def aliases_msg(q, addresses, cnames):
    """glibc's tst-resolv-aliases answer (see the header)."""
    rcode = NOERROR
    if addresses == 255:
        rcode, addresses = NXDOMAIN, 0
    sig = rr(b"\xc0\x0c", SIG, b"\0")
    out, owner = [sig], b"\xc0\x0c"
    for i in range(cnames):
        target = wire("%d.alias.example" % i)
        out += [rr(owner, CNAME, target), sig]
        owner = target
    size = len(message(q, out))
    for i in range(addresses):
        if q.qtype == A:
            data = bytes([192, 0, 2, (1 + i) & 255])
        elif q.qtype == AAAA:
            data = bytes([0x20, 1, 0xd, 0xb8] + [0] * 11 + [(1 + i) & 255])
        else:
            break
        record = rr(owner, q.qtype, data)
        size += len(record)
        if size > 65535:
            break
        out.append(record)
    return message(q, out, rcode=rcode)


def case_actions(key, q, tcp, srv, alt=False):
    send = lambda m: [("send", m)]
    if key in HALF:
        qtype, key = HALF[key]
        if alt or q.qtype != qtype:
            return send(ok_msg(q))
    if key == "drop":
        return []
    if key == "aliases":
        a, c = q.name.split(".")[0][1:].split("-c")
        return send(aliases_msg(q, int(a), int(c)))
    if key == "ok":
        return send(ok_msg(q))
    if key == "nodata":
        return send(message(q))
    rcodes = {"servfail": SERVFAIL, "refused": REFUSED, "formerr": FORMERR,
              "notimp": NOTIMP, "nxdomain": NXDOMAIN}
    if key in rcodes:
        return send(message(q, rcode=rcodes[key]))
    if key in ("tc", "big", "many", "tcpclose", "tcpdrop"):
        if not tcp:
            return send(message(q, tc=True))
        if key == "tc":
            return send(ok_msg(q))
        if key == "big":
            return send(many_msg(q, 1 << 20) if q.qtype in (A, AAAA) else message(q))
        if key == "many":
            return send(many_msg(q, 2000) if q.qtype in (A, AAAA) else message(q))
        if key == "tcpclose":
            m = ok_msg(q)
            return [("partial", struct.pack(">H", len(m)) + m[:len(m) // 2])]
        return [("hold", 3.0)]
    if key == "wrongid":
        return send(struct.pack(">H", q.id ^ 0x5a5a) + ok_msg(q)[2:])
    if key == "wrongq":
        other = wire("other." + ZONE)
        return send(message(q, terminal(q, other),
                            question=other + struct.pack(">HH", q.qtype, q.qclass)))
    if key == "wrongport":
        if tcp:
            return send(ok_msg(q))
        return [("from", srv.other_port, ok_msg(q))]
    if key == "wrongaddr":
        if tcp:
            return send(ok_msg(q))
        return [("from", srv.alt, ok_msg(q))] if srv.alt else []
    if key == "short":
        return send(header(q, an=1))
    if key == "shorthdr":
        return send(header(q)[:7])
    if key == "shortrr":
        m = ok_msg(q)
        return send(m[:-2] if len(m) > 12 + len(q.question) else header(q, an=1) + q.question)
    if key in ("garbage", "garbageid"):
        r = rng(q, key.encode())
        body = bytes(r.getrandbits(8) for _ in range(r.randint(20, 400)))
        qid = q.id if key == "garbageid" else (q.id ^ (1 + r.getrandbits(15))) & 0xffff
        return send(struct.pack(">H", qid) + body)
    if key == "cnameloop":
        a, b = wire("cnameloop." + ZONE), wire("cnameloop-b." + ZONE)
        if q.qtype == PTR or q.qtype in (A, AAAA):
            owner = q.qname_wire
            first = b if owner != b else a
            return send(message(q, [rr(owner, CNAME, first), rr(first, CNAME, owner)]))
        return send(message(q))
    if key.startswith("chain") and key[5:].isdigit() and 1 <= int(key[5:]) <= 200:
        n = int(key[5:])
        if q.qtype not in (A, AAAA, PTR):
            return send(message(q))
        names = [q.qname_wire] + [wire("%s-%d.%s" % (key, i, ZONE)) for i in range(1, n + 1)]
        ans = [rr(names[i], CNAME, names[i + 1]) for i in range(n)]
        return send(message(q, ans + terminal(q, names[-1])))
    if key in ("name253", "name254", "name255"):
        target = wire(long_name(int(key[4:]), key + "-"))
        return send(message(q, target_answer(q, target)))
    if key == "qlong":
        return send(ok_msg(q))
    if key == "label63":
        target = wire(long_name(63 + 1 + len(ZONE), "label63-"))
        return send(message(q, target_answer(q, target)))
    if key == "label64":
        target = wire_labels([b"label64-" + b"x" * 56] + [l.encode() for l in ZONE.split(".")])
        assert target[0] == 64
        return send(message(q, target_answer(q, target)))
    if key in ("ptrloop", "ptrloop2", "ptrout"):
        if q.qtype not in (A, AAAA, PTR):
            return send(message(q))
        base = 12 + len(q.question)
        rec = terminal(q, q.qname_wire)[0][len(q.qname_wire):]  # type..rdata
        if q.qtype == PTR:
            # the PTR target is the bad name: it sits at the end of the record
            at = base + len(q.qname_wire) + 10
            owner = q.qname_wire
            head = owner + rec[:8]
            if key == "ptrloop":
                name = struct.pack(">H", 0xc000 | at)
            elif key == "ptrloop2":
                name = b"\x01a" + struct.pack(">H", 0xc000 | at)  # a -> itself via a label
            else:
                name = struct.pack(">H", 0xc000 | 0x3fff)
            return send(message(q, [head + struct.pack(">H", len(name)) + name]))
        if key == "ptrloop":
            owner = struct.pack(">H", 0xc000 | base)
            return send(message(q, [owner + rec]))
        if key == "ptrloop2":
            # answer 1's owner points at answer 2's owner, which points back
            first = struct.pack(">H", 0xc000 | (base + len(rec) + 2))
            second = struct.pack(">H", 0xc000 | base)
            return send(message(q, [first + rec, second + rec]))
        owner = struct.pack(">H", 0xc000 | 0x3fff)
        return send(message(q, [owner + rec]))
    if key.startswith("delay") and key[5:].isdigit():
        return [("later", int(key[5:]), ok_msg(q))]
    if key == "cnametxt":
        t = wire("cnametxt-t." + ZONE)
        return send(message(q, [rr(q.qname_wire, CNAME, t), rr(t, TXT, b"\x0bno address")]))
    if key == "txtonly":
        return send(message(q, [rr(b"\xc0\x0c", TXT, b"\x05text1"),
                                rr(b"\xc0\x0c", TXT, b"\x05text2")]))
    if key == "sigonly":
        # type covered (the question's), algorithm 8, labels, original
        # TTL, expiration, inception, key tag, signer, signature
        fixed = struct.pack(">HBBIIIH", q.qtype, 8, len(q.labels), 60,
                            2000000000, 1700000000, 12345)
        sig = fixed + wire(ZONE) + bytes(range(64))
        return send(message(q, [rr(b"\xc0\x0c", SIG, sig), rr(b"\xc0\x0c", SIG, sig[:-1])]))
    if key in ("cnamedash", "cnamestar"):
        return send(message(q, target_answer(q, wire("-x." + ZONE if key == "cnamedash"
                                                      else "a*b." + ZONE))))
    if key == "cnamestar2":
        if q.qtype not in (A, AAAA):
            return send(message(q))
        star, z = wire("a*b." + ZONE), wire("cnamestar2-z." + ZONE)
        return send(message(q, [rr(q.qname_wire, CNAME, star), rr(star, CNAME, z)]
                            + terminal(q, z)))
    if key in ("ptrdash", "ptrmulti", "ptrbadfirst"):
        if q.qtype != PTR:
            return send(message(q))
        targets = {"ptrdash": ["-test.ptr.example"],
                   "ptrmulti": ["first." + ZONE, "second." + ZONE, "third." + ZONE],
                   "ptrbadfirst": ["-test.ptr.example", "ok." + ZONE]}[key]
        return send(message(q, [rr(b"\xc0\x0c", PTR, wire(t)) for t in targets]))
    bare = {"bareservfail": SERVFAIL, "barenotimp": NOTIMP, "barerefused": REFUSED}
    if key in bare:
        if alt:
            return send(ok_msg(q))
        return send(header(q, bare[key], aa=False, qd=0))
    return send(message(q, rcode=NXDOMAIN))


def respond(data, tcp, srv, alt=False):
    try:
        q = Query(data)
    except (ValueError, IndexError, struct.error):
        if len(data) >= 12:
            qid = struct.unpack(">H", data[:2])[0]
            return [("send", struct.pack(">HHHHHH", qid, 0x8001, 0, 0, 0, 0))]
        return []
    name = q.name
    if name.endswith(".sf." + ZONE) or name.endswith(".rf." + ZONE):
        key = "servfail" if name.endswith(".sf." + ZONE) else "refused"
    elif name == ZONE or name.endswith("." + ZONE):
        first = name.split(".")[0]
        key = first.split("-")[0]
        if key.startswith("qlong"):
            key = "qlong"
        elif "-" in first and key != "cnameloop":
            key = "ok"
    elif re.match(r"a[0-9]+-c[0-9]+(\.|$)", name) and ("." not in name
            or name.endswith(".example.net") or name.endswith(".example.com")):
        key = "aliases"
    elif name.endswith("." + RZONE) and name.split(".")[0].isdigit() \
            and name.count(".") == RZONE.count(".") + 1:
        key = REVERSE.get(int(name.split(".")[0]), "nxdomain")
    else:
        return [("send", header(q, REFUSED, aa=False) + q.question)]
    srv.log("%s%s %s %s type=%d key=%s" % ("tcp" if tcp else "udp", " alt" if alt else "",
                                           q.id, name, q.qtype, key))
    acts = case_actions(key, q, tcp, srv, alt)
    if not tcp:
        # as a real server: a UDP answer over 512 bytes (or the EDNS size)
        # becomes an empty one with TC set, and the client retries over TCP
        tc = header(q, tc=True) + q.question
        acts = [a[:-1] + (tc,) if len(a[-1]) > q.udp_size else a for a in acts]
    return acts


# ---- the server --------------------------------------------------------

class Server:
    def __init__(self, args):
        fam = socket.AF_INET6 if ":" in args.addr else socket.AF_INET
        self.fam = fam
        self.udp = socket.socket(fam, socket.SOCK_DGRAM)
        self.udp.bind((args.addr, args.port))
        self.tcp = socket.socket(fam, socket.SOCK_STREAM)
        self.tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.tcp.bind((args.addr, args.port))
        self.tcp.listen(64)
        self.other_port = socket.socket(fam, socket.SOCK_DGRAM)
        self.other_port.bind((args.addr, 0))
        self.alt = None
        if args.alt_addr:
            self.alt = socket.socket(fam, socket.SOCK_DGRAM)
            self.alt.bind((args.alt_addr, args.port))
        self.verbose = args.verbose
        self.lock = threading.Lock()

    def log(self, msg):
        if self.verbose:
            with self.lock:
                print("faultd: " + msg, file=sys.stderr, flush=True)

    def udp_loop(self, sock=None):
        alt = sock is not None
        sock = sock or self.udp
        while True:
            data, peer = sock.recvfrom(65535)
            try:
                acts = respond(data, False, self, alt)
            except Exception as e:  # never die on one query
                self.log("error: %r" % e)
                continue
            for act in acts:
                if act[0] == "send":
                    self.udp_send(sock, act[1], peer)
                elif act[0] == "from":
                    self.udp_send(act[1], act[2], peer)
                elif act[0] == "later":
                    threading.Timer(act[1] / 1000.0, self.udp_send,
                                    (sock, act[2], peer)).start()

    @staticmethod
    def udp_send(sock, msg, peer):
        try:
            sock.sendto(msg, peer)  # peer: the address the query came from
        except OSError:
            pass

    def tcp_loop(self):
        while True:
            conn, _ = self.tcp.accept()
            threading.Thread(target=self.tcp_conn, args=(conn,), daemon=True).start()

    @staticmethod
    def recv_exact(conn, n):
        buf = b""
        while len(buf) < n:
            chunk = conn.recv(n - len(buf))
            if not chunk:
                return None
            buf += chunk
        return buf

    def tcp_conn(self, conn):
        conn.settimeout(60)
        wlock = threading.Lock()

        def write(msg):
            with wlock:
                try:
                    conn.sendall(struct.pack(">H", len(msg)) + msg)
                except OSError:
                    pass
        try:
            while True:
                hdr = self.recv_exact(conn, 2)
                if hdr is None:
                    break
                data = self.recv_exact(conn, struct.unpack(">H", hdr)[0])
                if data is None:
                    break
                try:
                    acts = respond(data, True, self)
                except Exception as e:
                    self.log("error: %r" % e)
                    continue
                for act in acts:
                    if act[0] == "send":
                        write(act[1])
                    elif act[0] == "later":
                        threading.Timer(act[1] / 1000.0, write, (act[2],)).start()
                    elif act[0] == "partial":
                        with wlock:
                            conn.sendall(act[1])
                        return
                    elif act[0] == "hold":
                        time.sleep(act[1])
                        return
        except OSError:
            pass
        finally:
            try:
                conn.close()
            except OSError:
                pass


def main():
    p = argparse.ArgumentParser(description="fault-injecting DNS server for tests")
    p.add_argument("--addr", required=True)
    p.add_argument("--port", type=int, default=53)
    p.add_argument("--alt-addr", help="second local address: wrongaddr's source, and a "
                   "second server for the bare* cases")
    p.add_argument("--ready-file")
    p.add_argument("--lifetime", type=float, default=300, help="seconds, then exit")
    p.add_argument("--verbose", action="store_true", help="log each query to stderr")
    args = p.parse_args()

    srv = Server(args)
    for loop in (srv.udp_loop, srv.tcp_loop):
        threading.Thread(target=loop, daemon=True).start()
    if srv.alt:
        threading.Thread(target=srv.udp_loop, args=(srv.alt,), daemon=True).start()
    if args.ready_file:
        with open(args.ready_file + ".tmp", "w") as f:
            f.write("%d\n" % os.getpid())
        os.rename(args.ready_file + ".tmp", args.ready_file)
    print("ready", flush=True)

    done = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: done.set())
    done.wait(args.lifetime)
    os._exit(0)


if __name__ == "__main__":
    main()
