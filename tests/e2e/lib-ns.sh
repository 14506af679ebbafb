# lib-ns.sh - private mount namespaces for the end-to-end tests that need
# the real paths (/etc/perfweek, /var/lib/perfweek, /dev/log) without a
# change to the host.  Sourced by a script that runs under "unshare -m"
# (whose mounts are private: they vanish with its last process).
#
# ns_usable DIR: true when this is root and may mount in a new namespace
# (DIR, an empty scratch directory, is used for the attempt).
# ns_replica ROOT DIR [NAME SOURCE]: DIR becomes a tmpfs (mounted first on
# ROOT/DIR, ROOT being a scratch tmpfs) holding the entries of the real DIR,
# each a bind mount of the original (symbolic links copied; passwd, group,
# shadow, gshadow copied, so that useradd changes the copies only), plus
# NAME bound to SOURCE when given.  Writes into a bound entry still reach
# the host: use it for paths nothing writes into but NAME.

ns_usable() {
	[ "$(id -u)" = 0 ] && command -v unshare >/dev/null &&
		unshare -m sh -c "mount -t tmpfs tmpfs '$1'" 2>/dev/null
}

ns_replica() {
	r=$1$2
	mkdir -p "$r" && mount -t tmpfs -o mode=0755 tmpfs "$r" || return 1
	for e in "$2"/* "$2"/.[!.]*; do
		n=${e##*/}
		if [ -L "$e" ]; then
			cp -P "$e" "$r/$n"
		elif [ -d "$e" ]; then
			mkdir "$r/$n" && mount --rbind "$e" "$r/$n"
		elif [ -e "$e" ]; then
			case $n in
			passwd|group|shadow|gshadow|passwd-|group-|shadow-|gshadow-)
				cp -p "$e" "$r/$n" ;;
			*)	: >"$r/$n" && mount --bind "$e" "$r/$n" ;;
			esac
		fi || return 1
	done
	if [ $# -eq 4 ]; then
		if [ -d "$4" ]; then mkdir "$r/$3"; else : >"$r/$3"; fi &&
			mount --bind "$4" "$r/$3" || return 1
	fi
	mount --rbind "$r" "$2"
}
