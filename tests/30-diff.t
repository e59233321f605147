#!/usr/bin/env bash
# aresolv diff: compat mode gives glibc's answers on the whole differential
# corpus; native mode's differences are classified; exit codes and every
# output format are checked (JUnit parsed as XML, TAP read by prove).
# Every run is of the build under test ($lib, $build's query tool); with
# ARESOLV_TEST_OTHER_LIB (another c-ares version's library, make
# check-second) docs/cares-vs-glibc.md's table of what changes between
# the two is checked too.
source "$(dirname "$0")/lib/tap.sh"
tap_enter_ns "$0" "$@"
d=$ARESOLV_NS_DIR
diff=$tap_repo/scripts/aresolv
corpus=$tap_repo/tests/fixtures/diff-corpus.txt
known=$tap_repo/tests/fixtures/diff-known.txt
table=$tap_repo/scripts/aresolv-diff-table
adiff() { ARESOLV_LIB=$difflib ARESOLV_QUERY=$build/aresolv-query "$diff" diff "$@"; }
# the c-ares version in the library, as the launcher reads it
cares() { local v; v=$(ARESOLV_LIB=$1 "$aresolv" --version) || return; v=${v##*c-ares }; echo "${v%)}"; }
cares=$(cares "$difflib")
like "$cares" '^[0-9]+\.[0-9]+' "the library under test names its c-ares version ($cares)"

n=$(grep -cv '^\s*\(#\|$\)' "$corpus")
ok $(( n < 150 )) "the corpus has at least 150 queries ($n)"

adiff "$corpus" > "$d/compat.txt"
is "$?" 0 "compat: exit 0"
is "$(tail -1 "$d/compat.txt")" "aresolv diff (compat): $n queries, $n identical, 0 different (0 allowed)" \
	"compat: every answer identical to glibc's"
grep -v '^identical' "$d/compat.txt" | head -20 | while read -r l; do diag "$l"; done

# every error class in every combination of family, socktype and
# AI_CANONNAME (servfail's one try of 1 s, for glibc and aresolv alike)
errors=$tap_repo/tests/fixtures/diff-errors.txt
n=$(grep -cv '^\s*\(#\|$\)' "$errors")
RES_OPTIONS="timeout:1 attempts:1" adiff "$errors" > "$d/errors.txt"
is "$(tail -1 "$d/errors.txt")" "aresolv diff (compat): $n queries, $n identical, 0 different (0 allowed)" \
	"compat, the error classes in every combination: every answer as glibc's"
grep -v '^identical' "$d/errors.txt" | head -20 | while read -r l; do diag "$l"; done
# the class issue 23 found, asked of the library itself
got=$(ARESOLV_TRACE=$d/errors.trace preload "$build/aresolv-query" gai sipalias.aresolv.test - --family 4 --socktype stream)
like "$got" 'error EAI_NODATA' "a CNAME with no address behind it, AF_INET without AI_CANONNAME: EAI_NODATA, as glibc"
like "$(cat "$d/errors.trace")" 'getaddrinfo node="sipalias\.aresolv\.test" .*path=dns result=EAI_NODATA' "and the answer was aresolv's"

adiff --mode native --format json "$corpus" > "$d/native.json"
is "$?" 1 "native: exit 1, c-ares differs"
got=$($PY - "$d/native.json" "$cares" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
s = d["summary"]
assert d["schema"] == "aresolv-diff/1"
assert set(s) == {"mode", "cares", "total", "identical", "different", "allowed", "failed", "categories"}
assert s["cares"] == sys.argv[2], s["cares"]
assert s["total"] == len(d["queries"]) == s["identical"] + s["different"]
for q in d["queries"]:
    assert set(q) == {"query", "status", "categories", "allowed", "glibc", "aresolv"}
    assert (q["status"] == "identical") == (not q["categories"])
print(" ".join(sorted(s["categories"])))
PY
)
ok $? "native: the JSON follows the documented schema and names c-ares $cares"
like "$got" 'socktype' "native: missing SOCK_RAW/protocol entries are classified as socktype"
like "$got" 'localhost' "native: c-ares' localhost rule is classified as localhost"
if grep -qw other <<< "$got"; then st=1; else st=0; fi
ok $st "native: every difference falls in a named category ($got)"

# The JUnit and TAP formats on a slice of the corpus (its first 60 lines,
# some of which native mode answers differently): the whole corpus
# is compared twice above, and each more run of it is a few hundred
# processes
head -n 60 "$corpus" > "$d/slice.txt"
adiff --mode native --format json "$d/slice.txt" > "$d/slice.json"
adiff --mode native --format junit "$d/slice.txt" > "$d/native.xml"
got=$($PY - "$d/native.xml" "$d/slice.json" <<'PY'
import json, sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
s = json.load(open(sys.argv[2]))["summary"]
cases = root.findall(".//testcase")
fails = root.findall(".//testcase/failure")
assert root.tag == "testsuites" and len(cases) == s["total"] and len(fails) == s["failed"] > 0
assert int(root.find("testsuite").get("failures")) == s["failed"]
print("ok")
PY
)
is "$got" ok "JUnit: well-formed XML whose testcase and failure counts match"

adiff --format tap "$d/slice.txt" > "$d/compat.tap"
prove -e cat "$d/compat.tap" >/dev/null 2>&1
is "$?" 0 "TAP (compat) is read by prove and passes"
adiff --mode native --format tap "$d/slice.txt" > "$d/native.tap"
prove -e cat "$d/native.tap" >/dev/null 2>&1
ok $(( $? == 0 )) "TAP (native) is read by prove and fails"

adiff "$known" > "$d/known.txt"
is "$?" 1 "a corpus with a deliberate difference: exit 1"
like "$(cat "$d/known.txt")" 'DIFFERENT  ghbr www.aresolv.test 64  \[buffer-size\]' "classified as buffer-size"
like "$(tail -1 "$d/known.txt")" '3 queries, 1 identical, 2 different \(0 allowed\)' "summary line"
adiff --allow buffer-size "$known" > "$d/known2.txt"
is "$?" 0 "--allow buffer-size: exit 0"
like "$(tail -1 "$d/known2.txt")" '2 different \(2 allowed\)' "and counted as allowed"
got=$(grep -v '^#' "$known" | adiff --format tap - | grep -c '^ok')
is "$got" 1 "corpus from stdin ('-')"

adiff --mode bogus "$corpus" 2>/dev/null
is "$?" 2 "usage error: exit 2"
adiff --allow nosuchcategory "$corpus" 2>/dev/null
is "$?" 2 "unknown category: exit 2"
adiff /nonexistent/corpus 2>/dev/null
is "$?" 2 "unreadable corpus: exit 2"

adiff > "$d/builtin.txt"
is "$?" 0 "the built-in corpus, compat: exit 0"
like "$(tail -1 "$d/builtin.txt")" ' 0 different' "the built-in corpus: no difference"

# docs/cares-vs-glibc.md's tables are the tool's own output, one per
# c-ares version: the one of the version under test is there and current
in_docs() { $PY -c 'import sys; sys.exit(open(sys.argv[1]).read() not in open(sys.argv[2]).read())' "$1" "$tap_repo/docs/cares-vs-glibc.md"; }
"$table" < "$d/native.json" > "$d/table.md"
in_docs "$d/table.md"
st=$?
ok $st "docs/cares-vs-glibc.md's c-ares $cares vs glibc table matches aresolv diff's output"
[[ $st == 0 ]] || { diag "regenerate with: dev/aresolv-ns -- sh -c 'ARESOLV_LIB=${difflib#$tap_repo/} scripts/aresolv diff --mode native --format json tests/fixtures/diff-corpus.txt | scripts/aresolv-diff-table'"; diag "$(cat "$d/table.md")"; }

# ... and so is its table of what changes natively between two c-ares
# versions, the older on the left
other=${ARESOLV_TEST_OTHER_LIB-}
if [[ -z $other ]]; then
	skip "ARESOLV_TEST_OTHER_LIB not set: no other c-ares version to compare with"
	skip "ARESOLV_TEST_OTHER_LIB not set: no between-versions table to check"
else
	oq=$(dirname "$other")/aresolv-query
	[[ -x $oq ]] || oq=$build/aresolv-query
	ARESOLV_LIB=$other ARESOLV_QUERY=$oq "$diff" diff --mode native --format json "$corpus" > "$d/other.json"
	ocares=$($PY -c 'import json, sys; print(json.load(open(sys.argv[1]))["summary"]["cares"])' "$d/other.json")
	[[ $ocares == "$(cares "$other")" && $ocares != "$cares" ]]
	ok $? "the other library ($other) is of another c-ares version ($ocares, testing $cares)"
	"$table" --between "$d/native.json" "$d/other.json" > "$d/between.md" &&
		"$table" --between "$d/other.json" "$d/native.json" | cmp -s - "$d/between.md" &&
		in_docs "$d/between.md"
	st=$?
	ok $st "docs/cares-vs-glibc.md's table of what changes between c-ares $cares and $ocares matches aresolv diff's output"
	[[ $st == 0 ]] || { diag "regenerate with the commands docs/cares-vs-glibc.md gives ($other, ${difflib#$tap_repo/})"; diag "$(cat "$d/between.md")"; }
fi

done_testing
