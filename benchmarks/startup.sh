#!/bin/sh
# Start-up cost of the timescope agent : builds the agent and the benchmarks jar with
# the Maven wrapper, then times a hello-world JVM with and without -javaagent on the JDK that $JAVA_HOME
# names (or the `java` on the PATH). Extra arguments go to StartupTime, e.g. --runs 20.
#
#   benchmarks/startup.sh
#   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 benchmarks/startup.sh
set -eu
cd "$(dirname "$0")/.."
if [ -n "${JAVA_HOME:-}" ]; then JAVA="$JAVA_HOME/bin/java"; else JAVA=java; fi
./mvnw -B -q -pl benchmarks -am package -DskipTests
exec "$JAVA" -cp benchmarks/target/benchmarks.jar dev.timescope.benchmarks.StartupTime \
    --agent agent/target/timescope-agent-0.1.0-SNAPSHOT.jar "$@"
