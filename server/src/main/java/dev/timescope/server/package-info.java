/**
 * Servers of worker processes (or threads) around a main context, stopped by UNIX signals, and child JVMs with a
 * readiness handshake: aiotools' {@code start_server} and {@code afork} for the JVM.
 *
 * <p>{@link dev.timescope.server.Server} runs the workers, {@link dev.timescope.server.Worker} is one of them, and
 * {@link dev.timescope.server.ChildProcess} starts a single child JVM. UNIX hosts only (Linux, macOS).
 */
package dev.timescope.server;
