#!/bin/sh
# JMH: System.nanoTime(), currentTimeMillis() and Instant.now() in forks with and without the timescope agent,
# side by side. Builds with the Maven wrapper, then runs on the JDK that $JAVA_HOME
# names (or the `java` on the PATH); the forks use the same JDK. Extra arguments go to CompareWithAgent,
# e.g. --forks 3 --warmup 5 --iterations 5 --seconds 1 (the defaults).
#
#   benchmarks/compare.sh
#   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 benchmarks/compare.sh
set -eu
cd "$(dirname "$0")/.."
if [ -n "${JAVA_HOME:-}" ]; then JAVA="$JAVA_HOME/bin/java"; else JAVA=java; fi
./mvnw -B -q -pl benchmarks -am package -DskipTests
exec "$JAVA" -cp benchmarks/target/benchmarks.jar dev.timescope.benchmarks.CompareWithAgent \
    --agent agent/target/timescope-agent-0.1.0-SNAPSHOT.jar "$@"
