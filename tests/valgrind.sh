#!/bin/sh
# valgrind.sh OPTION... PROGRAM [ARG...]: valgrind OPTION... PROGRAM ARG...
# for make check's runs (the Makefile's VALGRIND), with the debugging
# information of the dynamic linker only.
# valgrind.sh --prepare DIR: make DIR for that, once a run of make check.
#
# Valgrind needs ld.so's symbols, which Debian ships in libc6-dbg, and it
# reads the debugging information of every object it finds any for, in
# full, each time a program starts.  For libc (4 MB in libc6-dbg) that is
# half the CPU of a short run under valgrind: 0.2 s at each of the
# thousand program starts of make check's valgrind runs, for file and line
# numbers in libc's frames of an error's stack.  So, as root, the program
# runs in a private mount namespace (unshare -m: no other process sees
# it) where /usr/lib/debug is DIR, which holds ld.so's file alone; a frame
# in libc is then named by its exported symbol, and what memcheck checks
# is the same.  --prepare copies the file of the ld.so installed now, by
# its build ID, and leaves no DIR where that cannot work (not root, no
# unshare, no file); without DIR, plain valgrind.
#
# VALGRIND_DEBUG_DIR: DIR (default build/valgrind-debug in the source tree).
if [ "${1:-}" = --prepare ]; then
	rm -rf "$2"
	[ "$(id -u)" = 0 ] && unshare -m true 2>/dev/null || exit 0
	id=$(LC_ALL=C readelf -n /lib64/ld-linux-x86-64.so.2 2>/dev/null |
	    sed -n 's/^ *Build ID: *\([0-9a-f]*\)$/\1/p')
	rest=${id#??}
	sub=${id%"$rest"}
	f=/usr/lib/debug/.build-id/$sub/$rest.debug
	[ -n "$id" ] && [ -f "$f" ] || exit 0
	mkdir -p "$2/.build-id/$sub" && cp "$f" "$2/.build-id/$sub/"
	exit
fi
dir=${VALGRIND_DEBUG_DIR:-$(dirname "$0")/../build/valgrind-debug}
# (a test may run the program as another user: that one, plain valgrind)
if [ -d "$dir/.build-id" ] && [ "$(id -u)" = 0 ]; then
	exec unshare -m sh -c 'mount --bind "$0" /usr/lib/debug && exec valgrind "$@"' \
	    "$dir" "$@"
fi
exec valgrind "$@"
