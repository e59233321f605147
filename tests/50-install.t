#!/usr/bin/env bash
# make install, make uninstall and make deb, and aresolv as installed:
# - the man pages: no @...@ left, every launcher option and every variable
#   the library reads in aresolv(1), every aresolv diff option and category
#   in aresolv-diff(1), every aresolv-query verb in aresolv-query(1), and
#   no warning from man --warnings (nor lintian's -Tutf8 -Z run);
# - make install into a scratch DESTDIR: the files, then the installed
#   launcher alone (PATH without the build tree, also through a symlink)
#   runs the demo's lookups, --version, aresolv diff; the man pages are
#   found by man; another layout (bindir, libdir) works too;
# - /etc/ld.so.preload naming the installed library, in a mount namespace
#   of its own: getent, python3 and curl resolve through aresolv with no
#   launcher and no LD_PRELOAD, and a setuid program gets the library but
#   none of the ARESOLV_* settings;
# - make uninstall leaves no file;
# - make deb: its file list, control fields, lintian (no error, no
#   warning but the known ones), apt-get install ./DEB and apt-get purge
#   in a mount namespace whose /usr, /var and /etc are overlays on scratch
#   directories (the machine's own are never written).
source "$(dirname "$0")/lib/tap.sh"
if [[ -n ${ARESOLV_TEST_PRELOAD-}${ARESOLV_TEST_WRAP-} ]]; then
	skip "make test runs the install test; an ASan or valgrind run has no preloaded command here to watch"
	done_testing
	exit
fi
tap_enter_ns "$0" "$@"
export LC_ALL=C.UTF-8

repo=$tap_repo
VERSION=$(sed -n 's/^VERSION *:= *//p' "$repo/Makefile")
arch=$(dpkg --print-architecture)
multiarch=$(gcc -print-multiarch)
scratch=$(mktemp -d "${TMPDIR:-/tmp}/aresolv-install.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
chmod 755 "$scratch"          # the setuid test's user must reach the files
priv=$scratch/priv            # what only root reads (a copy of /etc)
mkdir -m 700 "$priv"
dest=$scratch/dest
trace=$scratch/trace
pfx=/usr/local
inst_lib=$dest$pfx/lib/$multiarch/aresolv/libaresolv.so
unset ARESOLV_LIB ARESOLV_QUERY ARESOLV_SERVERS ARESOLV_TRACE ARESOLV_MODE ARESOLV_DISABLE \
	ARESOLV_FALLBACK ARESOLV_RESOLV_CONF ARESOLV_HOSTS ARESOLV_TIMEOUT_MS ARESOLV_TRIES ARESOLV_CHANNELS

# make in the repository on this build, which it never rebuilds (-o),
# without the variables of a make that runs the suite.
mk() {
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s --no-print-directory -C "$repo" B="$build" \
		-o "$build/libaresolv.so" -o "$build/aresolv-query" "$@"
}
# Everything under a tree but directories, relative to it, sorted.
files_in() { (cd "$1" && find . -not -type d | sed 's|^\./||' | LC_ALL=C sort); }
# The installed launcher alone: no build tree on PATH, no preload.
inst() { env -u LD_PRELOAD PATH="$dest$pfx/bin:/usr/bin:/bin:/usr/sbin:/sbin" "$@"; }
# A page's roff source with \- as -.
page() { sed 's/\\-/-/g' "$repo/scripts/man/$1"; }
# The first word of each tagged paragraph's tag (.TP/.TQ), font escapes
# and quotes gone, a|b split: the options, variables, categories a page
# describes.
tags() { # page
	page "$1" | awk '/^\.T[PQ]$/ { getline; if ($0 ~ /^\.[BI]/) {
		w = $2; gsub(/\\f[RPBI]|"/, "", w); n = split(w, p, "|")
		for (i = 1; i <= n; i++) print p[i] } }'
}

# Every word of a list appears in a text.
all_in() { # text description words...
	local text=$1 what=$2 w miss=(); shift 2
	for w; do grep -qxF -- "$w" <<<"$text" || miss+=("$w"); done
	ok "${#miss[@]}" "$what"
	(( ${#miss[@]} == 0 )) || diag "missing: ${miss[*]}"
}

man_sources() {
	local a1 t1 td opts vars glibc cats dopts verbs
	a1=$(page aresolv.1) t1=$(tags aresolv.1) td=$(tags aresolv-diff.1)
	opts=$("$repo/scripts/aresolv" --help | grep -oE '^ +--[a-z-]+' | tr -d ' ')
	(( $(wc -w <<<"$opts") >= 12 )); ok $? "aresolv --help lists its options ($(wc -w <<<"$opts"))"
	# shellcheck disable=SC2086
	all_in "$t1" "aresolv.1 has a paragraph for every option of aresolv --help" $opts
	vars=$(cat "$repo"/src/*.c "$repo"/shim/*.c | grep -oE '"ARESOLV_[A-Z_]+"' | tr -d '"' | sort -u)
	(( $(wc -w <<<"$vars") >= 10 )); ok $? "the library reads ARESOLV_* variables ($(wc -w <<<"$vars"))"
	# shellcheck disable=SC2086
	all_in "$t1" "aresolv.1 has a paragraph for every ARESOLV_* variable the library reads" $vars
	glibc=$(cat "$repo"/src/*.c | grep -oE 'secure_getenv\("[A-Z_]+"\)' | grep -oE '[A-Z_]{4,}' | sort -u)
	# shellcheck disable=SC2086
	all_in "$(tr -c 'A-Z_\n' '\n' <<<"$a1")" "aresolv.1 names every glibc variable the library reads (${glibc//$'\n'/ })" $glibc
	cats=$("$repo/scripts/aresolv" diff --help | sed -n '/^categories:/,$p' | awk 'NR > 1 {print $1}')
	(( $(wc -w <<<"$cats") >= 10 )); ok $? "aresolv diff --help lists its categories"
	# shellcheck disable=SC2086
	all_in "$td" "aresolv-diff.1 has a paragraph for every category of aresolv diff --help" $cats
	dopts=$("$repo/scripts/aresolv" diff --help | sed -n '/^usage:/,/^$/p' | grep -oE -- '--[a-z-]+' | sort -u)
	# shellcheck disable=SC2086
	all_in "$td" "aresolv-diff.1 has a paragraph for every option of aresolv diff's usage" $dopts
	verbs=$("$build/aresolv-query" --help | sed -n '/^commands:/,/^$/p' | grep -oE '\b(gai|ghbn2?|ghbr|ghba|gni|gaia|res_n?[a-z]+)\b' | sort -u)
	# shellcheck disable=SC2086
	all_in "$(page aresolv-query.1 | tr -c 'a-z0-9_\n' ' ' | tr ' ' '\n')" "aresolv-query.1 names every command of aresolv-query --help" $verbs
}

# A page renders with no warning, as man --warnings and lintian run it.
man_renders() { # file
	local err
	err=$(man --warnings -l "$1" 2>&1 >/dev/null; man --warnings -E UTF-8 -l -Tutf8 -Z "$1" 2>&1 >/dev/null)
	is "$err" "" "man --warnings -l ${1##*/}: no warning"
}

expected_installed() {
	printf '%s\n' \
		"${pfx#/}/bin/aresolv" "${pfx#/}/bin/aresolv-query" \
		"${pfx#/}/lib/$multiarch/aresolv/libaresolv.so" \
		"${pfx#/}/libexec/aresolv/aresolv-diff" "${pfx#/}/libexec/aresolv/aresolv-diff-table" \
		"${pfx#/}/libexec/aresolv/aresolv-diff.corpus" "${pfx#/}/share/aresolv/aresolv-diff.corpus" \
		"${pfx#/}/share/man/man1/aresolv-diff.1" "${pfx#/}/share/man/man1/aresolv-query.1" \
		"${pfx#/}/share/man/man1/aresolv.1" "${pfx#/}/share/man/man7/aresolv.7" | LC_ALL=C sort
}

install_tree() {
	local out
	out=$(mk install DESTDIR="$dest" 2>&1); ok $? "make install DESTDIR=scratch (PREFIX $pfx)"
	[[ -z $out ]] || diag "$out"
	is "$(files_in "$dest")" "$(expected_installed)" "make install put exactly the expected files"
	[[ ! -L $inst_lib && -f $inst_lib ]]; ok $? "the library is in lib/$multiarch/aresolv/, off the loader's path"
	is "$(readlink -f "$dest$pfx/libexec/aresolv/aresolv-diff.corpus")" \
		"$(readlink -f "$dest$pfx/share/aresolv/aresolv-diff.corpus")" "the helpers' corpus link points into share/aresolv"
	cmp -s "$dest$pfx/lib/$multiarch/aresolv/libaresolv.so" "$build/libaresolv.so"; ok $? "the installed library is the build's"
	local left
	left=$(grep -l '@[A-Z]*@' "$dest$pfx"/share/man/man*/* 2>/dev/null)
	is "$left" "" "no @...@ placeholder left in the installed man pages"
}

installed_launcher() {
	local want_lib v out
	want_lib=$(readlink -f "$inst_lib")
	v=$(inst aresolv --version)
	like "$v" "^aresolv $VERSION \\(c-ares [0-9]+\\.[0-9]+\\.[0-9]+\\)\$" "installed aresolv --version names VERSION ($VERSION) and c-ares: $v"
	is "$(inst aresolv env | sed -n 's/^LD_PRELOAD=//p')" "$want_lib" "the installed launcher preloads the installed library"
	mkdir -p "$scratch/elsewhere"
	ln -s "$dest$pfx/bin/aresolv" "$scratch/elsewhere/aresolv"
	ln -s ../elsewhere/aresolv "$scratch/elsewhere/ar2"
	is "$(inst "$scratch/elsewhere/ar2" env | sed -n 's/^LD_PRELOAD=//p')" "$want_lib" \
		"through a chain of symlinks too"
	is "$(inst "$scratch/elsewhere/aresolv" --version)" "$v" "--version through a symlink"
	out=$(inst "$scratch/elsewhere/aresolv" diff --format json)
	ok $? "installed aresolv diff (built-in corpus, through a symlink, no build tree) exits 0"
	out=$(python3 -c 'import json, sys; s = json.load(sys.stdin)["summary"]; print(s["cares"], s["total"], s["identical"])' <<<"$out")
	v=${v##*c-ares } v=${v%)}
	like "$out" "^$v ([1-9][0-9]*) \\1\$" "aresolv diff ran the installed library and corpus: c-ares, queries, identical: $out"
}

# The demo's lookups (dev/aresolv-demo) with the installed launcher:
# its output in $tout.
traced() { # description trace-regex aresolv-arguments...
	local what=$1 re=$2; shift 2
	: > "$trace"
	tout=$(inst aresolv --trace="$trace" "$@" 2>&1)
	ok $? "$what: exit 0"
	like "$(cat "$trace")" "$re" "$what: traced by the installed aresolv"
}
demo_lookups() {
	local srv port=18081 web=$scratch/web
	traced "getent ahosts dual.aresolv.test" 'getaddrinfo node="dual.aresolv.test".* path=dns result=OK' \
		-- getent ahosts dual.aresolv.test
	like "$tout" 'fd53::20.*10\.53\.0\.20|10\.53\.0\.20.*fd53::20' "dual.aresolv.test: both addresses"
	traced "getent hosts c1.aresolv.test (CNAME chain)" 'name="c1.aresolv.test".* path=dns result=OK' \
		-- getent hosts c1.aresolv.test
	like "$tout" 'target\.aresolv\.test' "c1.aresolv.test: the chain's target"
	traced "getent hosts 10.53.0.10 (PTR)" 'gethostbyaddr addr="10.53.0.10" path=dns result=OK' \
		-- getent hosts 10.53.0.10
	like "$tout" '^10\.53\.0\.10 +www\.aresolv\.test' "10.53.0.10: its PTR name"
	traced "python3 getaddrinfo hostsonly.test (hosts file)" 'node="hostsonly.test".* path=hosts result=OK' \
		-- python3 -c 'import socket; print(sorted({a[4][0] for a in socket.getaddrinfo("hostsonly.test", "http")}))'
	is "$tout" "['10.53.1.1']" "hostsonly.test: the hosts file's address"
	mkdir -p "$web" && echo "hello from a name only aresolv can resolve" > "$web/index.txt"
	python3 -m http.server "$port" --bind 127.0.0.1 --directory "$web" >/dev/null 2>&1 &
	srv=$!
	for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.1; done
	curl -sS "http://only.aresolv.test:$port/index.txt" >/dev/null 2>&1
	ok $(( ! $? )) "curl only.aresolv.test fails with glibc alone"
	traced "curl only.aresolv.test (--servers 127.0.0.1:5353)" 'node="only.aresolv.test".* path=dns result=OK' \
		--servers 127.0.0.1:5353 -- curl -sS "http://only.aresolv.test:$port/index.txt"
	is "$tout" "hello from a name only aresolv can resolve" "curl got the page through the name only aresolv resolves"
	kill "$srv" 2>/dev/null; wait "$srv" 2>/dev/null
}

installed_man() {
	local f out
	for f in "$dest$pfx"/share/man/man*/*; do man_renders "$f"; done
	out=$(MANWIDTH=100 man -M "$dest$pfx/share/man" 1 aresolv 2>&1 | col -b)
	like "$out" "aresolv $VERSION" "man -M finds aresolv(1); its footer names VERSION"
	out=$(MANWIDTH=100 man -M "$dest$pfx/share/man" 7 aresolv 2>&1 | col -b)
	like "$out" "echo $pfx/lib/$multiarch/aresolv/libaresolv.so >> /etc/ld.so.preload" \
		"aresolv(7) names the installed library for /etc/ld.so.preload"
}

# Another layout: the launcher in sbin/, the library under lib64/.
other_layout() {
	local d=$scratch/other v
	mk install DESTDIR="$d" PREFIX=/opt/aresolv bindir=/opt/aresolv/sbin libdir=/opt/aresolv/lib64 >/dev/null 2>&1
	ok $? "make install with PREFIX=/opt/aresolv bindir=... libdir=..."
	v=$(env -u LD_PRELOAD "$d/opt/aresolv/sbin/aresolv" env | sed -n 's/^LD_PRELOAD=//p')
	is "$v" "$d/opt/aresolv/lib64/aresolv/libaresolv.so" "its launcher finds its library"
	mk uninstall DESTDIR="$d" PREFIX=/opt/aresolv bindir=/opt/aresolv/sbin libdir=/opt/aresolv/lib64 >/dev/null 2>&1
	is "$(files_in "$d")" "" "make uninstall with the same variables leaves no file"
}

uninstall_tree() {
	mk uninstall DESTDIR="$dest" >/dev/null 2>&1; ok $? "make uninstall DESTDIR=scratch"
	is "$(files_in "$dest")" "" "make uninstall leaves no file"
	[[ ! -e $dest$pfx/lib/$multiarch/aresolv && ! -e $dest$pfx/libexec/aresolv && ! -e $dest$pfx/share/aresolv ]]
	ok $? "make uninstall removes the private directories"
}

# Real root (not a user namespace's): setuid and apt need it.
real_root() { [[ $(id -u) == 0 && $(awk 'NR == 1 {print $1 $2 $3}' /proc/self/uid_map) == 004294967295 ]]; }

# A program that says whether the library is mapped, AT_SECURE, and the
# address getaddrinfo gives for argv[1] (or the error).
build_lookup() {
	cc -O1 -o "$scratch/lookup" -x c - <<'EOF'
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>
#include <arpa/inet.h>
int main(int argc, char **argv)
{
	char line[4096], buf[64];
	int mapped = 0, e;
	struct addrinfo hints = {.ai_family = AF_INET, .ai_socktype = SOCK_STREAM}, *res;
	FILE *f = fopen("/proc/self/maps", "r");
	while (f && fgets(line, sizeof line, f))
		mapped |= strstr(line, "libaresolv.so") != NULL;
	printf("mapped=%d secure=%lu ", mapped, getauxval(AT_SECURE));
	if (argc < 2 || (e = getaddrinfo(argv[1], NULL, &hints, &res))) {
		printf("error=%s\n", argc < 2 ? "usage" : gai_strerror(e));
		return 1;
	}
	inet_ntop(AF_INET, &((struct sockaddr_in *)res->ai_addr)->sin_addr, buf, sizeof buf);
	printf("addr=%s\n", buf);
	return 0;
}
EOF
}

# Inside `unshare --mount`: a copy of /etc with ld.so.preload naming the
# installed library bound over /etc, then the programs, with no launcher
# and no LD_PRELOAD.  Writes $out/NAME.out and $out/NAME.trace.
preload_runner() { # priv lib out port suid-dir
	set -euo pipefail
	local priv=$1 lib=$2 out=$3 port=$4 sd=$5 srv
	mkdir "$priv/etc"
	cp -a /etc/. "$priv/etc/" 2>/dev/null || true
	echo "$lib" > "$priv/etc/ld.so.preload"
	mount --bind "$priv/etc" /etc
	unset LD_PRELOAD
	run() { # name command...
		local n=$1; shift
		ARESOLV_TRACE=$out/$n.trace "$@" > "$out/$n.out" 2>&1 || echo "exit=$?" >> "$out/$n.out"
	}
	run getent getent hosts www.aresolv.test
	run python3 python3 -c 'import socket; print(socket.gethostbyname("hostsonly.test"))'
	python3 -m http.server "$port" --bind 127.0.0.1 --directory "$out" >/dev/null 2>&1 &
	srv=$!
	for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.1; done
	echo "hello through ld.so.preload" > "$out/page.txt"
	ARESOLV_SERVERS=127.0.0.1:5353 run curl curl -sS "http://only.aresolv.test:$port/page.txt"
	kill "$srv"
	[[ -n $sd ]] || return 0
	chmod 1777 "$out"
	for p in plain suid; do
		ARESOLV_SERVERS=127.0.0.1:5353 ARESOLV_TRACE=$out/$p.trace \
			setpriv --reuid=nobody --regid=nogroup --clear-groups "$sd/$p" only.aresolv.test \
			> "$out/$p.out" 2>&1 || true
	done
}

system_preload() {
	local out=$scratch/preload sd=
	mkdir -p "$out"
	if ! real_root; then
		diag "not real root: the setuid checks are skipped"
	elif findmnt -no OPTIONS -T "$scratch" | grep -qw nosuid; then
		diag "$scratch is on a nosuid mount: the setuid checks are skipped"
	elif build_lookup; then
		sd=$scratch/suid
		mkdir -m 755 "$sd"
		install -m 755 "$scratch/lookup" "$sd/plain"
		install -m 4755 -o root "$scratch/lookup" "$sd/suid"
	fi
	unshare --mount -- bash -c "$(declare -f preload_runner); preload_runner \"\$@\"" runner \
		"$priv" "$inst_lib" "$out" 18082 "$sd"
	ok $? "ld.so.preload: the programs ran in a mount namespace with a private /etc"
	[[ ! -e /etc/ld.so.preload ]] || ! grep -q aresolv /etc/ld.so.preload; ok $? "this namespace's /etc/ld.so.preload names no aresolv"
	like "$(cat "$out/getent.out")" '^10\.53\.0\.10 +www\.aresolv\.test' "ld.so.preload: getent hosts www.aresolv.test answered"
	like "$(cat "$out/getent.trace" 2>&1)" 'name="www.aresolv.test".* path=dns result=OK' "ld.so.preload: getent traced by aresolv, no launcher, no LD_PRELOAD"
	is "$(cat "$out/python3.out")" "10.53.1.1" "ld.so.preload: python3 gethostbyname(hostsonly.test)"
	like "$(cat "$out/python3.trace" 2>&1)" '"hostsonly.test".* path=hosts result=OK' "ld.so.preload: python3 traced by aresolv"
	is "$(cat "$out/curl.out")" "hello through ld.so.preload" "ld.so.preload: curl reached only.aresolv.test (ARESOLV_SERVERS: only aresolv knows it)"
	like "$(cat "$out/curl.trace" 2>&1)" 'node="only.aresolv.test".* path=dns result=OK' "ld.so.preload: curl traced by aresolv"
	if [[ -z $sd ]]; then
		skip "setuid program: needs real root, a suid-capable scratch directory and cc"
		skip "setuid program: (as above)"
		return
	fi
	like "$(cat "$out/plain.out")" '^mapped=1 secure=0 addr=127\.0\.0\.1$' "as nobody, a plain program gets the library and ARESOLV_SERVERS"
	[[ -s $out/plain.trace ]]; ok $? "as nobody, a plain program writes ARESOLV_TRACE"
	like "$(cat "$out/suid.out")" '^mapped=1 secure=1 error=' "a setuid-root program run by nobody gets the library (ld.so.preload), AT_SECURE, and no ARESOLV_SERVERS: $(cat "$out/suid.out")"
	[[ ! -e $out/suid.trace ]]; ok $? "the setuid program ignores ARESOLV_TRACE"
}

deb_expected() {
	printf '%s\n' ./ ./usr/ ./usr/bin/ ./usr/bin/aresolv ./usr/bin/aresolv-query \
		./usr/lib/ "./usr/lib/$multiarch/" "./usr/lib/$multiarch/aresolv/" \
		"./usr/lib/$multiarch/aresolv/libaresolv.so" ./usr/libexec/ ./usr/libexec/aresolv/ \
		./usr/libexec/aresolv/aresolv-diff ./usr/libexec/aresolv/aresolv-diff-table \
		"./usr/libexec/aresolv/aresolv-diff.corpus -> ../../share/aresolv/aresolv-diff.corpus" \
		./usr/share/ ./usr/share/aresolv/ ./usr/share/aresolv/aresolv-diff.corpus \
		./usr/share/doc/ ./usr/share/doc/aresolv/ ./usr/share/doc/aresolv/README.md.gz \
		./usr/share/doc/aresolv/changelog.gz ./usr/share/doc/aresolv/copyright \
		./usr/share/man/ ./usr/share/man/man1/ ./usr/share/man/man1/aresolv-diff.1.gz \
		./usr/share/man/man1/aresolv-query.1.gz ./usr/share/man/man1/aresolv.1.gz \
		./usr/share/man/man7/ ./usr/share/man/man7/aresolv.7.gz \
		./usr/share/doc/aresolv/docs/ \
		$(for f in "$repo"/docs/*.md; do echo "./usr/share/doc/aresolv/docs/${f##*/}.gz"; done) |
		LC_ALL=C sort
}

deb_build() {
	local out
	deb=$build/aresolv_${VERSION}_$arch.deb
	rm -f "$deb"
	out=$(mk deb 2>&1); ok $? "make deb"
	[[ -f $deb ]]; ok $? "make deb made ${deb#"$repo"/}"
	[[ -f $deb ]] || diag "$out"
	is "$(dpkg-deb -c "$deb" | awk '{ $1 = $2 = $3 = $4 = $5 = ""; sub(/^ +/, ""); print }' | LC_ALL=C sort)" \
		"$(deb_expected)" "the .deb's file list (dpkg-deb -c)"
	is "$(dpkg-deb -c "$deb" | awk '{print $2}' | sort -u)" "root/root" "every file is root's"
	is "$(dpkg-deb -f "$deb" Package Version Architecture Section Priority)" \
		"$(printf 'Package: aresolv\nVersion: %s\nArchitecture: %s\nSection: net\nPriority: optional' "$VERSION" "$arch")" \
		"control: Package, Version (the Makefile's), Architecture, Section, Priority"
	like "$(dpkg-deb -f "$deb" Depends)" '^libc6 \(>= 2\.[0-9]+\), python3$' "control: Depends from dpkg-shlibdeps, and python3"
	like "$(dpkg-deb -f "$deb" Maintainer)" '^[^<]+ <[^@ ]+@[^> ]+>$' "control: Maintainer"
	like "$(dpkg-deb -f "$deb" Description)" '^LD_PRELOAD resolver' "control: Description"
}

deb_contents() {
	local x=$scratch/debx
	dpkg-deb -x "$deb" "$x"
	gzip -t "$x/usr/share/doc/aresolv/changelog.gz" "$x"/usr/share/man/man*/*.gz; ok $? "changelog and man pages are gzipped"
	like "$(zcat "$x/usr/share/doc/aresolv/changelog.gz" | head -1)" "^aresolv \\($VERSION\\) " "changelog names VERSION"
	like "$(zcat "$x/usr/share/man/man1/aresolv.1.gz" | grep '^\.TH')" "\"aresolv $VERSION\"" "man page names VERSION"
	like "$(cat "$x/usr/share/doc/aresolv/copyright")" 'c-ares' "copyright covers the embedded c-ares"
	is "$(strings -a "$x/usr/lib/$multiarch/aresolv/libaresolv.so" | grep -c '^@(#)aresolv ')" 1 "the stripped library keeps its version string"
	is "$("$x/usr/bin/aresolv" --version)" "$(ARESOLV_LIB=$build/libaresolv.so "$repo/scripts/aresolv" --version)" \
		"the unpacked .deb's launcher finds its library (--version)"
}

# Lintian: no error, and no warning but those docs/install.md lists (none now).
deb_lintian() {
	local out known='^$'
	if ! command -v lintian >/dev/null; then
		skip "lintian not installed (dev/deps installs it)"
		return
	fi
	out=$(lintian --no-cfg --fail-on none "$deb" 2>&1 | grep -v 'running with root privileges')
	is "$(grep '^E:' <<<"$out")" "" "lintian: no error"
	is "$(grep '^W:' <<<"$out" | grep -vE "$known")" "" "lintian: no warning"
	[[ -z $out ]] || diag "lintian:" "$out"
}

# Inside `unshare --mount`: /usr, /var and /etc as overlays whose upper
# layers are scratch directories, then apt-get install ./DEB and purge.
apt_runner() { # overlay-dir deb out
	set -euo pipefail
	local o=$1 deb=$2 out=$3 d
	for d in /usr /var /etc; do
		mkdir -p "$o$d/u" "$o$d/w"
		mount -t overlay overlay -o "lowerdir=$d,upperdir=$o$d/u,workdir=$o$d/w" "$d"
		[[ $(findmnt -no FSTYPE "$d") == overlay ]]
	done
	export DEBIAN_FRONTEND=noninteractive
	apt-get install -y -q --no-install-recommends "$deb" > "$out/install.log" 2>&1
	dpkg-query -W -f='${Status} ${Version}\n' aresolv > "$out/status"
	aresolv --version > "$out/version" 2>&1
	readlink -f "$(aresolv env | sed -n 's/^LD_PRELOAD=//p')" > "$out/preload"
	man -w aresolv > "$out/manw" 2>&1
	# /etc is the machine's here: the test's server named by hand
	aresolv --servers 127.0.0.1 --trace -- getent hosts www.aresolv.test > "$out/lookup" 2>&1 || true
	dpkg -L aresolv > "$out/list"
	apt-get purge -y -q aresolv > "$out/purge.log" 2>&1
	{ dpkg-query -W -f='${Status}\n' aresolv 2>/dev/null || echo "not installed"; } > "$out/status2"
	while read -r d; do
		if [[ -f $d || -L $d ]]; then echo "$d"; fi
		if [[ -d $d && $d == */aresolv ]]; then echo "$d/"; fi
	done < "$out/list" > "$out/left"
}

deb_apt() {
	local out=$scratch/apt
	if ! real_root; then
		skip "apt-get install in an overlay needs real root"
		return
	fi
	mkdir -p "$out"
	unshare --mount -- bash -c "$(declare -f apt_runner); apt_runner \"\$@\"" runner \
		"$priv/overlay" "$deb" "$out"
	ok $? "apt-get install ./${deb##*/} and apt-get purge aresolv, over overlays of /usr, /var and /etc"
	[[ -s $out/install.log ]] && diag "$(tail -3 "$out/install.log")"
	is "$(cat "$out/status" 2>&1)" "install ok installed $VERSION" "dpkg: aresolv $VERSION installed"
	is "$(cat "$out/preload" 2>&1)" "/usr/lib/$multiarch/aresolv/libaresolv.so" "/usr/bin/aresolv preloads /usr/lib/$multiarch/aresolv/libaresolv.so"
	like "$(cat "$out/version" 2>&1)" "^aresolv $VERSION \\(c-ares " "/usr/bin/aresolv --version"
	is "$(cat "$out/manw" 2>&1)" "/usr/share/man/man1/aresolv.1.gz" "man -w aresolv finds the page"
	like "$(cat "$out/lookup" 2>&1)" 'getaddrinfo node="www.aresolv.test".* path=dns result=OK|gethostbyname.*www.aresolv.test.* path=dns result=OK' \
		"the packaged aresolv resolves www.aresolv.test"
	is "$(cat "$out/status2" 2>&1)" "not installed" "apt-get purge: aresolv is gone from dpkg"
	is "$(cat "$out/left" 2>&1)" "" "apt-get purge: none of its files is left"
	[[ ! -e /usr/bin/aresolv && ! -e /usr/lib/$multiarch/aresolv ]]; ok $? "this machine's /usr was not touched"
}

man_sources
install_tree
installed_launcher
demo_lookups
installed_man
system_preload
other_layout
uninstall_tree
deb_build
if [[ -f $deb ]]; then
	deb_contents
	deb_lintian
	deb_apt
fi
done_testing
