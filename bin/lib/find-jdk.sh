# Sourced by the scripts in bin/: sets JAVA_HOME to a JDK >= 21 or exits with a clear message.
# Why: the machine's default java may be older than the --release 21 this project builds with.
switchboard_java_major() { # prints the major version of the java binary in $1
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n1
}
switchboard_find_jdk() {
  local candidates=() c major
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  for c in /usr/lib/jvm/*/ /opt/java/*/ /opt/jdk*/ "$HOME"/.sdkman/candidates/java/*/; do
    [ -d "$c" ] && candidates+=("${c%/}")
  done
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  local best="" best_major=0
  for c in "${candidates[@]}"; do
    [ -x "$c/bin/javac" ] || continue
    major=$(switchboard_java_major "$c/bin/java")
    [ -n "$major" ] || continue
    if [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then best="$c"; best_major="$major"; fi
  done
  if [ -z "$best" ]; then
    echo "switchboard: no JDK 21 or newer found (looked at JAVA_HOME, /usr/lib/jvm, /opt/java and the java on PATH)." >&2
    echo "switchboard: install one (e.g. 'apt-get install openjdk-21-jdk-headless') or point JAVA_HOME at it." >&2
    exit 3
  fi
  export JAVA_HOME="$best"
}
switchboard_find_jdk
