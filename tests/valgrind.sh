#!/bin/sh
# valgrind.sh OPTION... PROGRAM [ARG...]: valgrind OPTION... PROGRAM ARG...
# for make check's runs (the Makefile's VALGRIND), with the debugging
# information of the dynamic linker only.
#
# Valgrind needs ld.so's symbols, which Debian ships in libc6-dbg, and it
# reads the debugging information of every object it finds any for, in
# full, each time a program starts.  For libc (4 MB in libc6-dbg) that is
# half the CPU of a short run under valgrind: 0.2 s at each of the
# thousand program starts of make check's valgrind runs, for file and line
# numbers in libc's frames of an error's stack.  So, as root, the program
# runs in a private mount namespace (unshare -m: no other process sees
# it) where /usr/lib/debug holds ld.so's file alone; a frame in libc is
# then named by its exported symbol, and what memcheck checks is the same.
# Elsewhere (not root, no unshare, no ld.so file), plain valgrind.
#
# VALGRIND_DEBUG_DIR: where ld.so's file is copied, in a directory named by
# its build ID, at the first run when unshare works (default
# build/valgrind-debug in the source tree).
id=$(LC_ALL=C readelf -n /lib64/ld-linux-x86-64.so.2 2>/dev/null |
    sed -n 's/^ *Build ID: *\([0-9a-f]*\)$/\1/p')
sub=${id#??}
sub=${id%"$sub"}
dir=${VALGRIND_DEBUG_DIR:-$(dirname "$0")/../build/valgrind-debug}/$id
f=/usr/lib/debug/.build-id/$sub/${id#??}.debug
if [ "$(id -u)" = 0 ] && [ -n "$id" ] && [ ! -d "$dir" ] && [ -f "$f" ] &&
    unshare -m true 2>/dev/null; then
	tmp=$dir.tmp.$$
	mkdir -p "$tmp/.build-id/$sub" && cp "$f" "$tmp/.build-id/$sub/" &&
	    mv -T "$tmp" "$dir" 2>/dev/null
	rm -rf "$tmp"
fi
if [ "$(id -u)" = 0 ] && [ -n "$id" ] && [ -f "$dir/.build-id/$sub/${id#??}.debug" ]; then
	exec unshare -m sh -c 'mount --bind "$0" /usr/lib/debug && exec valgrind "$@"' \
	    "$dir" "$@"
fi
exec valgrind "$@"
