#!/usr/bin/env bash
# Assembles target/jib-runtime/, the base of Strata's container image: a Java runtime cut with
# jlink from this machine's JDK (JAVA_HOME, else the `java` on PATH), the shared libraries it
# loads (glibc, zlib, ... as ldd resolves them), CA certificates and a non-root user. Jib adds it
# to a `scratch` image (pom.xml), so building the image needs no registry and no Docker daemon.
#
# Usage: hack/image-runtime.sh   (hack/image.sh runs it, then jib:buildTar)
set -euo pipefail
cd "$(dirname "$0")/.."

out=target/jib-runtime
java_home=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
# What `jdeps --print-module-deps --multi-release 17 target/strata.jar` finds, plus modules that
# are only loaded as services at run time: EC ciphers for TLS and SSH, DNS, zip file systems.
modules=java.base,java.compiler,java.desktop,java.naming,java.net.http,java.rmi,java.security.jgss
modules+=,java.sql,jdk.httpserver,jdk.management,jdk.unsupported
modules+=,jdk.crypto.ec,jdk.naming.dns,jdk.zipfs

[[ -d "$java_home/jmods" ]] || {
  echo "image-runtime: $java_home has no jmods/ (install the JDK's jmods, e.g. openjdk-17-jmods)" >&2
  exit 1
}
version=$("$java_home/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
[[ "$version" == 17 ]] || { echo "image-runtime: need a Java 17 JDK, $java_home is Java $version" >&2; exit 1; }

rm -rf "$out"
mkdir -p "$out/opt" "$out/etc" "$out/home/nonroot" "$out/tmp"
"$java_home/bin/jlink" --module-path "$java_home/jmods" --add-modules "$modules" \
  --strip-debug --no-man-pages --no-header-files --compress=2 --output "$out/opt/java"

# Jib copies files, not links: replace every link by what it points at (Debian's JDK links its
# CA store to /etc/ssl/certs/java/cacerts); drop links that lead nowhere.
find "$out" -type l | while read -r link; do
  target=$(readlink -f "$link" || true)
  rm "$link"
  if [[ -n "$target" && -f "$target" ]]; then cp "$target" "$link"; fi
done
[[ -s "$out/opt/java/lib/security/cacerts" ]] || cp -L /etc/ssl/certs/java/cacerts "$out/opt/java/lib/security/cacerts"

# java.desktop is there for java.beans; its native code for windows, sound, fonts and images
# never runs in a headless operator and would pull in X11 and its kin.
for lib in awt_xawt jawt splashscreen jsound fontmanager lcms javajpeg; do
  rm -f "$out/opt/java/lib/lib$lib.so"
done

# The shared libraries the runtime loads, at the paths the dynamic loader looks in.
{
  ldd "$out/opt/java/bin/java"
  find "$out/opt/java/lib" -name '*.so' -print0 | xargs -0 -n1 ldd 2>/dev/null
} | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// {print $1}' | grep -v "^$out\|^$PWD/$out" | sort -u |
  while read -r lib; do
    mkdir -p "$out$(dirname "$lib")"
    cp -L "$lib" "$out$lib"
  done

cat > "$out/etc/passwd" <<'USERS'
root:x:0:0:root:/root:/sbin/nologin
nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin
USERS
cat > "$out/etc/group" <<'GROUPS'
root:x:0:
nonroot:x:65532:
GROUPS
echo "hosts: files dns" > "$out/etc/nsswitch.conf"

du -sh "$out" | sed 's/^/image-runtime: /'
