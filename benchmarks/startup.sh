#!/bin/sh
# Start-up cost of the timescope agent: builds the agent and the benchmarks jar with the Maven wrapper, then times
# whole JVMs without an agent, with an empty -javaagent and with the timescope agent, for a hello world and for a
# program that loads 2,000 library classes, on the JDK that $JAVA_HOME names (or the `java` on the PATH). Extra
# arguments go to StartupTime, e.g. --runs 30, or --baseline <another agent jar> to compare two builds.
#
#   benchmarks/startup.sh
#   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 benchmarks/startup.sh
set -eu
cd "$(dirname "$0")/.."
if [ -n "${JAVA_HOME:-}" ]; then JAVA="$JAVA_HOME/bin/java"; else JAVA=java; fi
./mvnw -B -q -pl benchmarks -am package -DskipTests
exec "$JAVA" -cp benchmarks/target/benchmarks.jar dev.timescope.benchmarks.StartupTime \
    --agent agent/target/timescope-agent-0.1.0-SNAPSHOT.jar "$@"
