#!/usr/bin/env python3
"""progd: a fake KDC and a fake LDAP server for tests/47-res-programs.t
(stdlib only).  They exist to be found through DNS: kinit and ldapsearch
learn their address and port from SRV records only, so a request arriving
here proves that the program read the SRV answer.

    progd.py --kdc-port 8801 --ldap-port 8389 --log FILE [--ready-file FILE]
             [--lifetime 300]

Both listen on 127.0.0.1 only and answer only the peer that wrote to them.

KDC (UDP): every datagram is logged as "kdc <printable strings>" (the
AS-REQ's principal and realm among them) and answered with a KRB-ERROR
KDC_ERR_C_PRINCIPAL_UNKNOWN for the realm the request named, so kinit
says "Client '...' not found in Kerberos database" at once.

LDAP (TCP): the first message of each connection is logged as "ldap
[BindRequest] <printable strings>" and, when it is a BindRequest, answered with a
BindResponse unwillingToPerform (53) whose diagnostic message is
"aresolv progd", so ldapsearch prints it and exits.

Each log line is appended and flushed before the reply goes out.  progd
exits after --lifetime seconds, or on SIGTERM/SIGINT.
"""
import argparse
import os
import re
import select
import signal
import socket
import sys
import time


def der(tag, body):
    n = len(body)
    if n < 0x80:
        ln = bytes([n])
    else:
        b = n.to_bytes((n.bit_length() + 7) // 8, "big")
        ln = bytes([0x80 | len(b)]) + b
    return bytes([tag]) + ln + body


def der_int(v):
    return der(0x02, v.to_bytes(max(1, (v.bit_length() + 8) // 8), "big", signed=True))


def gstr(s):  # KerberosString: GeneralString
    return der(0x1B, s.encode())


def strings(data):
    return " ".join(m.decode() for m in re.findall(rb"[\x20-\x7e]{3,}", data))


def krb_error(req):
    # the realm of the request: the first GeneralString that looks like one
    realms = [m.decode() for m in re.findall(rb"\x1b[\x01-\x7f]([A-Z0-9.-]+)", req)
              if m.isupper() and b"." in m]
    realm = realms[0] if realms else "ARESOLV.TEST"
    now = time.strftime("%Y%m%d%H%M%SZ", time.gmtime()).encode()
    sname = der(0x30, der(0xA0, der_int(2)) +
                der(0xA1, der(0x30, gstr("krbtgt") + gstr(realm))))
    body = (der(0xA0, der_int(5)) + der(0xA1, der_int(30)) +
            der(0xA4, der(0x18, now)) + der(0xA5, der_int(0)) +
            der(0xA6, der_int(6)) +  # KDC_ERR_C_PRINCIPAL_UNKNOWN
            der(0xA9, gstr(realm)) + der(0xAA, sname) +
            der(0xAB, gstr("aresolv progd")))
    return der(0x7E, der(0x30, body))


def bind_response(req):
    # LDAPMessage: SEQUENCE { messageID INTEGER, protocolOp [APPLICATION n] }
    m = re.match(rb"\x30(?:[\x00-\x7f]|\x81.|\x82..)\x02\x01(.)\x60", req, re.S)
    if not m:
        return None
    result = (der(0x0A, bytes([53])) + der(0x04, b"") +
              der(0x04, b"aresolv progd"))
    return der(0x30, der(0x02, m.group(1)) + der(0x61, result))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kdc-port", type=int, required=True)
    ap.add_argument("--ldap-port", type=int, required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--ready-file")
    ap.add_argument("--lifetime", type=float, default=300)
    a = ap.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    kdc = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    kdc.bind(("127.0.0.1", a.kdc_port))
    ldap = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    ldap.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ldap.bind(("127.0.0.1", a.ldap_port))
    ldap.listen(8)

    def log(line):
        with open(a.log, "a") as f:
            f.write(line + "\n")

    if a.ready_file:
        with open(a.ready_file, "w") as f:
            f.write("ready\n")
    end = time.monotonic() + a.lifetime
    conns = []
    while time.monotonic() < end:
        r, _, _ = select.select([kdc, ldap] + conns, [], [], 1)
        for s in r:
            if s is kdc:
                data, peer = kdc.recvfrom(65536)
                log("kdc " + strings(data))
                kdc.sendto(krb_error(data), peer)
            elif s is ldap:
                c, _ = ldap.accept()
                conns.append(c)
            else:
                try:
                    data = s.recv(65536)
                except OSError:
                    data = b""
                if data:
                    resp = bind_response(data)
                    log("ldap " + ("BindRequest " if resp else "") + strings(data))
                    if resp:
                        try:
                            s.sendall(resp)
                        except OSError:
                            pass
                conns.remove(s)
                s.close()


if __name__ == "__main__":
    main()
