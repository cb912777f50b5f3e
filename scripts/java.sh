#!/usr/bin/env bash
# Finds a Java 25 JDK without the user exporting anything: JAVA_HOME when it is 25, else the Temurin 25 these
# machines ship under /usr/lib/jvm, else any JDK 25 there. Sets BERTH_JAVA_HOME and BERTH_JAVA.
berth_find_java() {
  local candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  for d in /usr/lib/jvm/temurin-25* /usr/lib/jvm/*-25* /usr/lib/jvm/jdk-25*; do
    [ -d "$d" ] && candidates+=("$d")
  done
  for d in "${candidates[@]}"; do
    # The JDK's release file names its version; reading it costs nothing, starting a JVM to ask would.
    if [ -x "$d/bin/java" ] && grep -q '^JAVA_VERSION="25' "$d/release" 2>/dev/null; then
      BERTH_JAVA_HOME="$d"
      BERTH_JAVA="$d/bin/java"
      return 0
    fi
  done
  echo "berth: no Java 25 found (looked at JAVA_HOME and /usr/lib/jvm/*25*); install a JDK 25, e.g. Temurin 25" >&2
  return 1
}
berth_find_java
